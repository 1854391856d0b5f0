-- Catalogue (module: catalog). Money columns are integer minor units.
CREATE TABLE categories (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE
);

CREATE TABLE products (
  id INTEGER PRIMARY KEY,
  category_id INTEGER NOT NULL REFERENCES categories(id),
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  price INTEGER NOT NULL CHECK (price >= 0),
  cost INTEGER CHECK (cost >= 0),                 -- NULL when unknown (margin reports say so)
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  units_sold INTEGER NOT NULL DEFAULT 0,          -- units in non-cancelled orders, kept by orders
  created_at INTEGER NOT NULL                     -- unix seconds, UTC
);
CREATE INDEX products_category ON products(category_id);

-- One row per size a product comes in; stock can never go below zero.
CREATE TABLE product_sizes (
  product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  size TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0,            -- display order of the sizes
  stock INTEGER NOT NULL CHECK (stock >= 0),
  PRIMARY KEY (product_id, size)
) WITHOUT ROWID;
CREATE INDEX product_sizes_size ON product_sizes(size, product_id);
