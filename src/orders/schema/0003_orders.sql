-- Orders, their lines and status history (module: orders). Money in minor units.
CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  status TEXT NOT NULL CHECK (status IN ('placed', 'shipped', 'delivered', 'cancelled')),
  placed_at INTEGER NOT NULL,
  subtotal INTEGER NOT NULL,                      -- goods before discounts
  discount INTEGER NOT NULL DEFAULT 0,
  shipping INTEGER NOT NULL DEFAULT 0,
  total INTEGER NOT NULL,                         -- subtotal - discount + shipping
  currency TEXT NOT NULL,
  ship_line1 TEXT,
  ship_line2 TEXT,
  ship_city TEXT,
  ship_postcode TEXT,
  ship_country TEXT,
  has_lines INTEGER NOT NULL DEFAULT 1,           -- 0 for imported orders that carry only an amount
  CHECK (total = subtotal - discount + shipping)
);
CREATE INDEX orders_customer ON orders(customer_id, placed_at);
CREATE INDEX orders_status ON orders(status, placed_at);
CREATE INDEX orders_placed ON orders(placed_at);

CREATE TABLE order_lines (
  order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  line_no INTEGER NOT NULL,
  product_id INTEGER NOT NULL REFERENCES products(id),
  size TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  unit_price INTEGER NOT NULL,                    -- captured at order time
  discount INTEGER NOT NULL DEFAULT 0,
  line_total INTEGER NOT NULL,                    -- quantity * unit_price - discount
  PRIMARY KEY (order_id, line_no)
) WITHOUT ROWID;
CREATE INDEX order_lines_product ON order_lines(product_id);

CREATE TABLE order_events (
  order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  status TEXT NOT NULL,
  at INTEGER NOT NULL,
  account_id INTEGER                              -- who did it; NULL for imports and the generator
);
CREATE INDEX order_events_order ON order_events(order_id);
