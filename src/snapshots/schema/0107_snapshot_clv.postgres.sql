-- PostgreSQL text of 0107_snapshot_clv.sql: the same schema in PostgreSQL's types.
CREATE TABLE snapshot_clv_points (
  snapshot_id BIGINT NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  customer_id BIGINT NOT NULL,
  p_alive DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (snapshot_id, customer_id)
);

CREATE TABLE snapshot_clv_model (
  snapshot_id BIGINT NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  variant TEXT NOT NULL,
  position BIGINT NOT NULL,
  calibration_end_day BIGINT NOT NULL,
  section TEXT NOT NULL,
  key TEXT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  predicted DOUBLE PRECISION,
  actual DOUBLE PRECISION,
  PRIMARY KEY (snapshot_id, variant, position)
);
