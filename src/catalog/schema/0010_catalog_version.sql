-- Catalogue version (module: catalog). Search answers from an in-memory copy of the catalogue;
-- these triggers bump the version in the same transaction as any change to the tables it
-- copies (including stock changes made by orders and the warehouse, and changes made by other
-- processes), so a search never serves a stale copy.
CREATE TABLE catalog_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO catalog_version (id, version) VALUES (1, 0);

CREATE TRIGGER categories_version_insert AFTER INSERT ON categories
BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER categories_version_update AFTER UPDATE ON categories
BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER categories_version_delete AFTER DELETE ON categories
BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER products_version_insert AFTER INSERT ON products
BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER products_version_update AFTER UPDATE ON products
BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER products_version_delete AFTER DELETE ON products
BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER product_sizes_version_insert AFTER INSERT ON product_sizes
BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_sizes_version_update AFTER UPDATE ON product_sizes
BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER product_sizes_version_delete AFTER DELETE ON product_sizes
BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
