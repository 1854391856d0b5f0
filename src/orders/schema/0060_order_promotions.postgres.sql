-- PostgreSQL text of 0060_order_promotions.sql: the same schema in PostgreSQL's types (BIGINT, identity ids).
-- What an order used at checkout (module: orders), kept for good: cancelling releases the coupon
-- use and the reward claim (coupon_redemptions, rewards.claimed_order_id) but the order still says
-- what it was sold with. NULL when none.
ALTER TABLE orders ADD COLUMN coupon_id BIGINT REFERENCES coupons(id);
ALTER TABLE orders ADD COLUMN claimed_reward_id BIGINT REFERENCES rewards(id) ON DELETE SET NULL;
-- Partial, so that the plain checkout (no coupon, no reward) maintains neither index.
CREATE INDEX orders_coupon ON orders(coupon_id) WHERE coupon_id IS NOT NULL;
CREATE INDEX orders_claimed_reward ON orders(claimed_reward_id) WHERE claimed_reward_id IS NOT NULL;
