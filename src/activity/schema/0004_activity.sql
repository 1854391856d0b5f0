-- Visits (sessions) and what happened in them (module: activity).
CREATE TABLE visits (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER REFERENCES customers(id) ON DELETE CASCADE,  -- NULL: anonymous
  visitor_key TEXT,                               -- an anonymous visitor's cookie or device id
  started_at INTEGER NOT NULL,
  source TEXT,                                    -- e.g. email, search, social
  campaign_id INTEGER,                            -- the campaign the visit came from, if any
  order_id INTEGER REFERENCES orders(id) ON DELETE SET NULL  -- the order it ended in, if any
);
CREATE INDEX visits_customer ON visits(customer_id, started_at);
CREATE INDEX visits_started ON visits(started_at);

CREATE TABLE visit_events (
  visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('view', 'cart_add', 'cart_remove')),
  product_id INTEGER NOT NULL REFERENCES products(id),
  size TEXT,
  quantity INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),
  at INTEGER NOT NULL
);
CREATE INDEX visit_events_visit ON visit_events(visit_id);
