-- PostgreSQL text of 0005_customer_facts.sql: the same schema in PostgreSQL's types (BIGINT, identity ids).
-- Customer facts (module: facts): one row per customer with at least one non-cancelled
-- order, kept up to date inside the order and cancel transactions and rebuildable from history
-- (`cartwise db rebuild-facts`). Revenue is goods after discounts, without shipping (minor units).
-- dow: day of week, 0 = Monday .. 6 = Sunday; mp: part of month, days 1-7, 8-15, 16-23, 24-31;
-- tod: time of day, [00,06), [06,12), [12,18), [18,24) UTC.
CREATE TABLE customer_facts (
  customer_id BIGINT PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
  first_order_at BIGINT NOT NULL,
  last_order_at BIGINT NOT NULL,
  orders BIGINT NOT NULL,
  revenue BIGINT NOT NULL,
  shipping BIGINT NOT NULL DEFAULT 0,
  discount BIGINT NOT NULL DEFAULT 0,
  items BIGINT NOT NULL DEFAULT 0,
  orders_dow0 BIGINT NOT NULL DEFAULT 0,
  orders_dow1 BIGINT NOT NULL DEFAULT 0,
  orders_dow2 BIGINT NOT NULL DEFAULT 0,
  orders_dow3 BIGINT NOT NULL DEFAULT 0,
  orders_dow4 BIGINT NOT NULL DEFAULT 0,
  orders_dow5 BIGINT NOT NULL DEFAULT 0,
  orders_dow6 BIGINT NOT NULL DEFAULT 0,
  revenue_dow0 BIGINT NOT NULL DEFAULT 0,
  revenue_dow1 BIGINT NOT NULL DEFAULT 0,
  revenue_dow2 BIGINT NOT NULL DEFAULT 0,
  revenue_dow3 BIGINT NOT NULL DEFAULT 0,
  revenue_dow4 BIGINT NOT NULL DEFAULT 0,
  revenue_dow5 BIGINT NOT NULL DEFAULT 0,
  revenue_dow6 BIGINT NOT NULL DEFAULT 0,
  orders_mp0 BIGINT NOT NULL DEFAULT 0,
  orders_mp1 BIGINT NOT NULL DEFAULT 0,
  orders_mp2 BIGINT NOT NULL DEFAULT 0,
  orders_mp3 BIGINT NOT NULL DEFAULT 0,
  revenue_mp0 BIGINT NOT NULL DEFAULT 0,
  revenue_mp1 BIGINT NOT NULL DEFAULT 0,
  revenue_mp2 BIGINT NOT NULL DEFAULT 0,
  revenue_mp3 BIGINT NOT NULL DEFAULT 0,
  orders_tod0 BIGINT NOT NULL DEFAULT 0,
  orders_tod1 BIGINT NOT NULL DEFAULT 0,
  orders_tod2 BIGINT NOT NULL DEFAULT 0,
  orders_tod3 BIGINT NOT NULL DEFAULT 0,
  revenue_tod0 BIGINT NOT NULL DEFAULT 0,
  revenue_tod1 BIGINT NOT NULL DEFAULT 0,
  revenue_tod2 BIGINT NOT NULL DEFAULT 0,
  revenue_tod3 BIGINT NOT NULL DEFAULT 0
);
