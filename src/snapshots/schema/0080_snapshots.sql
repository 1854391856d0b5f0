-- Snapshots of the analytics at one as-of date (module: snapshots): every customer's RFM scores,
-- segment, activity class and CLV, plus what the dashboards show without reading those rows.
-- Money in minor units; as_of_day is days since 1970-01-01; taken_at unix seconds (UTC).
CREATE TABLE snapshots (
  id INTEGER PRIMARY KEY,
  as_of_day INTEGER NOT NULL,
  taken_at INTEGER NOT NULL,
  currency TEXT NOT NULL,
  customers INTEGER NOT NULL,              -- rows in snapshot_customers (customers with an order)
  revenue INTEGER NOT NULL,
  orders INTEGER NOT NULL,
  aov INTEGER,                             -- revenue / orders, null without orders
  repeat_rate REAL,                        -- null without customers
  abandonment_rate REAL,                   -- null without sessions with a cart
  active INTEGER NOT NULL,                 -- activity classes; dormant is part of inactive
  cooling INTEGER NOT NULL,
  inactive INTEGER NOT NULL,
  dormant INTEGER NOT NULL,
  top_tier_customers INTEGER NOT NULL,     -- the fewest customers bringing half the revenue
  top_tier_revenue_share REAL,
  clv_fitted INTEGER NOT NULL              -- 0: the lifetime-value model could not be fitted
);
CREATE INDEX snapshots_as_of ON snapshots(as_of_day, id);

-- The segment names of one snapshot, by the small code its customer rows carry (the map's order).
CREATE TABLE snapshot_segments (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  code INTEGER NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (snapshot_id, code)
) WITHOUT ROWID;

-- The 25 cells of the R-by-F grid: their segment (a code of snapshot_segments), customers and
-- revenue; the segment figures are sums over the cells.
CREATE TABLE snapshot_cells (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  r INTEGER NOT NULL,
  f INTEGER NOT NULL,
  segment INTEGER NOT NULL,
  customers INTEGER NOT NULL,
  revenue INTEGER NOT NULL,
  PRIMARY KEY (snapshot_id, r, f)
) WITHOUT ROWID;

-- One row per customer with an order by the as-of date. Small integers only, so that a million
-- customers take about 40 bytes each. activity: 0 active, 1 cooling, 2 inactive, 3 dormant (an
-- inactive customer asleep for dormant_days or more). clv: minor units, null when not fitted.
CREATE TABLE snapshot_customers (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  customer_id INTEGER NOT NULL,
  recency_days INTEGER NOT NULL,
  frequency INTEGER NOT NULL,
  monetary INTEGER NOT NULL,
  r INTEGER NOT NULL,
  f INTEGER NOT NULL,
  m INTEGER NOT NULL,
  segment INTEGER NOT NULL,
  activity INTEGER NOT NULL,
  clv INTEGER,
  PRIMARY KEY (snapshot_id, customer_id)
) WITHOUT ROWID;
