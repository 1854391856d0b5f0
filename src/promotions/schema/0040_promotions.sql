-- Campaigns, coupons and coupon redemptions (module: promotions). Money in minor units, times in
-- unix seconds UTC, calendar dates as 'YYYY-MM-DD' (inclusive).
CREATE TABLE campaigns (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) > 0),
  channel TEXT NOT NULL CHECK (length(channel) > 0),
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  cost INTEGER NOT NULL DEFAULT 0 CHECK (cost >= 0),
  impressions INTEGER NOT NULL DEFAULT 0 CHECK (impressions >= 0),
  clicks INTEGER NOT NULL DEFAULT 0 CHECK (clicks >= 0),
  target_segment TEXT,                            -- a segment name, NULL when untargeted
  created_at INTEGER NOT NULL,
  CHECK (ends_on >= starts_on)
);

-- A coupon is valid when starts_at <= now < expires_at (a NULL bound is open). `uses` counts
-- redemptions by non-cancelled orders; checkout raises it with a conditional UPDATE, so the
-- CHECK below is a backstop that never fires in normal operation.
CREATE TABLE coupons (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE COLLATE NOCASE,       -- stored upper-case
  scope TEXT NOT NULL CHECK (scope IN ('order', 'category', 'product')),
  scope_id INTEGER,                               -- category or product id; NULL for 'order'
  percent_off INTEGER CHECK (percent_off BETWEEN 1 AND 100),
  amount_off INTEGER CHECK (amount_off > 0),
  starts_at INTEGER,
  expires_at INTEGER,
  max_uses INTEGER CHECK (max_uses >= 1),
  max_uses_per_customer INTEGER CHECK (max_uses_per_customer >= 1),
  uses INTEGER NOT NULL DEFAULT 0 CHECK (uses >= 0),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  campaign_id INTEGER REFERENCES campaigns(id),
  created_at INTEGER NOT NULL,
  CHECK ((percent_off IS NULL) <> (amount_off IS NULL)),
  CHECK ((scope = 'order') = (scope_id IS NULL)),
  CHECK (starts_at IS NULL OR expires_at IS NULL OR starts_at < expires_at),
  CHECK (max_uses IS NULL OR uses <= max_uses)
);
CREATE INDEX coupons_campaign ON coupons(campaign_id);

-- One row per non-cancelled order that used a coupon; cancelling the order deletes it.
CREATE TABLE coupon_redemptions (
  id INTEGER PRIMARY KEY,
  coupon_id INTEGER NOT NULL REFERENCES coupons(id),
  order_id INTEGER NOT NULL UNIQUE REFERENCES orders(id) ON DELETE CASCADE,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  amount INTEGER NOT NULL CHECK (amount >= 0),    -- the discount it gave
  at INTEGER NOT NULL
);
CREATE INDEX coupon_redemptions_coupon_customer ON coupon_redemptions(coupon_id, customer_id);
