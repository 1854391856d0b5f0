-- What the lifetime-value dashboard shows besides the CLV of snapshot_customers, stored when the
-- snapshot is taken so that the dashboard never refits the models (seconds on a large shop).
-- snapshot_clv_points: a bounded sample (at most 2,000) of customers with their probability of
-- being alive at the as-of date, for the P(alive)-against-recency chart; recency comes from
-- snapshot_customers.
CREATE TABLE snapshot_clv_points (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  customer_id INTEGER NOT NULL,
  p_alive REAL NOT NULL,
  PRIMARY KEY (snapshot_id, customer_id)
) WITHOUT ROWID;

-- The rows of the clv-model report: variant 'fit' at the as-of date, variant 'holdout' calibrated
-- on the orders up to calibration_end_day and checked against those after it up to the as-of date.
-- position keeps the report's row order. Absent when the model could not be fitted.
CREATE TABLE snapshot_clv_model (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  variant TEXT NOT NULL,
  position INTEGER NOT NULL,
  calibration_end_day INTEGER NOT NULL,
  section TEXT NOT NULL,
  key TEXT NOT NULL,
  value REAL NOT NULL,
  predicted REAL,
  actual REAL,
  PRIMARY KEY (snapshot_id, variant, position)
) WITHOUT ROWID;
