-- PostgreSQL text of 0043_personal_coupons.sql: the same schema in PostgreSQL's types (BIGINT, identity ids).
-- Personal coupons (module: promotions): a coupon with a customer_id can be redeemed only by that
-- customer (checkout answers coupon_not_yours to anyone else); NULL keeps a coupon open to all.
-- `cartwise offers plan --create-coupons` issues them, one per offered customer.
ALTER TABLE coupons ADD COLUMN customer_id BIGINT REFERENCES customers(id);
