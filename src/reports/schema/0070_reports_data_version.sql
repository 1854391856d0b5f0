-- Data version of the analytics engine (module: reports). The engine keeps the customer facts it
-- loaded in memory (a warm server answers rfm for a million customers without reading them
-- again); these triggers bump the version in the same transaction as any change to what that copy
-- is built from, so a report never serves a stale copy. One single-row UPDATE per change.
CREATE TABLE reports_data_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO reports_data_version (id, version) VALUES (1, 0);

CREATE TRIGGER customer_facts_data_version_insert AFTER INSERT ON customer_facts
BEGIN UPDATE reports_data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER customer_facts_data_version_update AFTER UPDATE ON customer_facts
BEGIN UPDATE reports_data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER customer_facts_data_version_delete AFTER DELETE ON customer_facts
BEGIN UPDATE reports_data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER customers_data_version_insert AFTER INSERT ON customers
BEGIN UPDATE reports_data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER customers_data_version_update AFTER UPDATE ON customers
BEGIN UPDATE reports_data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER customers_data_version_delete AFTER DELETE ON customers
BEGIN UPDATE reports_data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER addresses_data_version_insert AFTER INSERT ON addresses
BEGIN UPDATE reports_data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER addresses_data_version_update AFTER UPDATE ON addresses
BEGIN UPDATE reports_data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER addresses_data_version_delete AFTER DELETE ON addresses
BEGIN UPDATE reports_data_version SET version = version + 1 WHERE id = 1; END;

-- Single orders feed the reports that need them (cohorts, trends) and the recomputation of facts
-- for an earlier as-of date. Shipping and delivering change no figure, so they do not count.
CREATE TRIGGER orders_data_version_insert AFTER INSERT ON orders
BEGIN UPDATE reports_data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER orders_data_version_update AFTER UPDATE ON orders
WHEN (OLD.status = 'cancelled') <> (NEW.status = 'cancelled') OR OLD.customer_id <> NEW.customer_id
  OR OLD.placed_at <> NEW.placed_at OR OLD.subtotal <> NEW.subtotal
  OR OLD.discount <> NEW.discount OR OLD.shipping <> NEW.shipping
BEGIN UPDATE reports_data_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER orders_data_version_delete AFTER DELETE ON orders
BEGIN UPDATE reports_data_version SET version = version + 1 WHERE id = 1; END;
