-- Personal coupons (module: promotions): a coupon with a customer_id can be redeemed only by that PostgreSQL text of the step.
-- customer (checkout answers coupon_not_yours to anyone else); NULL keeps a coupon open to all.
-- `cartwise offers plan --create-coupons` issues them, one per offered customer.
ALTER TABLE coupons ADD COLUMN customer_id BIGINT REFERENCES customers(id);
