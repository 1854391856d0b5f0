-- Loyalty rewards (module: loyalty). The stored status is unclaimed, claimed or revoked;
-- "expired" is derived (an unclaimed reward with now >= expires_at), so it needs no job to flip.
CREATE TABLE rewards (
  id INTEGER PRIMARY KEY,
  token TEXT NOT NULL UNIQUE,                     -- 32 random bytes, base64url
  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  order_id INTEGER REFERENCES orders(id) ON DELETE SET NULL,  -- the order that earned it
  category INTEGER NOT NULL CHECK (category BETWEEN 1 AND 5),
  percent_off INTEGER NOT NULL CHECK (percent_off BETWEEN 1 AND 100),
  product_id INTEGER NOT NULL REFERENCES products(id),
  status TEXT NOT NULL DEFAULT 'unclaimed' CHECK (status IN ('unclaimed', 'claimed', 'revoked')),
  allocated_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  claimed_at INTEGER,
  claimed_order_id INTEGER REFERENCES orders(id) ON DELETE SET NULL,
  revoked_at INTEGER,
  CHECK ((status = 'claimed') = (claimed_at IS NOT NULL)),
  CHECK ((status = 'revoked') = (revoked_at IS NOT NULL)),
  CHECK (expires_at > allocated_at)
);
CREATE INDEX rewards_customer ON rewards(customer_id, status);
CREATE INDEX rewards_order ON rewards(order_id);
CREATE INDEX rewards_claimed_order ON rewards(claimed_order_id);

-- Serves the least-selling product query run at every checkout (an index on the catalogue's
-- table, created here because loyalty is its only user).
CREATE INDEX products_least_selling ON products(active, units_sold, id);
