-- PostgreSQL text of 0042_idempotency.sql: the same schema in PostgreSQL's types (BIGINT, identity ids).
-- Idempotency keys (module: promotions, generic): the first request with a key stores its
-- response; a repeat within 24 hours with the same request fingerprint gets that response back.
-- `scope_id` is whoever owns the key space (the account), so keys never collide across users.
CREATE TABLE idempotency_keys (
  scope_id BIGINT NOT NULL,
  key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'done')),
  status BIGINT,
  content_type TEXT,
  body TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (scope_id, key),
  CHECK ((state = 'done') = (status IS NOT NULL))
);
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);
