-- Catalogue version (module: catalog), PostgreSQL text of the step: the same version row, bumped
-- once per transaction that changes the copied tables, at its COMMIT (cw_bump_version, 0001).
CREATE TABLE catalog_version (
  id BIGINT PRIMARY KEY CHECK (id = 1),
  version BIGINT NOT NULL
);
INSERT INTO catalog_version (id, version) VALUES (1, 0);

CREATE CONSTRAINT TRIGGER categories_version AFTER INSERT OR UPDATE OR DELETE ON categories
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cw_bump_version('catalog_version');
CREATE CONSTRAINT TRIGGER products_version AFTER INSERT OR UPDATE OR DELETE ON products
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cw_bump_version('catalog_version');
CREATE CONSTRAINT TRIGGER product_sizes_version AFTER INSERT OR UPDATE OR DELETE ON product_sizes
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cw_bump_version('catalog_version');
