-- Data version of the analytics engine (module: reports), PostgreSQL text of the step: the same
-- version row, bumped once per transaction that changes what the engine copies, at its COMMIT
-- (cw_bump_version, 0001).
CREATE TABLE reports_data_version (
  id BIGINT PRIMARY KEY CHECK (id = 1),
  version BIGINT NOT NULL
);
INSERT INTO reports_data_version (id, version) VALUES (1, 0);

CREATE CONSTRAINT TRIGGER customer_facts_data_version AFTER INSERT OR UPDATE OR DELETE ON customer_facts
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cw_bump_version('reports_data_version');
CREATE CONSTRAINT TRIGGER customers_data_version AFTER INSERT OR UPDATE OR DELETE ON customers
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cw_bump_version('reports_data_version');
CREATE CONSTRAINT TRIGGER addresses_data_version AFTER INSERT OR UPDATE OR DELETE ON addresses
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cw_bump_version('reports_data_version');
CREATE CONSTRAINT TRIGGER orders_data_version AFTER INSERT OR DELETE ON orders
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cw_bump_version('reports_data_version');
-- Shipping and delivering change no figure, so they do not count.
CREATE CONSTRAINT TRIGGER orders_data_version_update AFTER UPDATE ON orders
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
WHEN ((OLD.status = 'cancelled') <> (NEW.status = 'cancelled') OR OLD.customer_id <> NEW.customer_id
  OR OLD.placed_at <> NEW.placed_at OR OLD.subtotal <> NEW.subtotal
  OR OLD.discount <> NEW.discount OR OLD.shipping <> NEW.shipping) EXECUTE FUNCTION cw_bump_version('reports_data_version');
