-- Stock the demo generator put on the shelves (module: demo): the opening stock of every size and
-- each later delivery, so that stock = received - sold in non-cancelled orders can be audited.
CREATE TABLE demo_restocks (
  id INTEGER PRIMARY KEY,
  product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  size TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  at INTEGER NOT NULL
);
CREATE INDEX demo_restocks_product ON demo_restocks(product_id, size);
