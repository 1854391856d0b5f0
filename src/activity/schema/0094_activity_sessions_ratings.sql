-- Imported website sessions and product ratings (module: activity).
-- A visit from a source that records sessions without their cart events (Cartify's
-- website_activity) says what it knows directly: the category browsed, the time spent (seconds),
-- whether the session had something in the cart (had_cart = 1) and whether it ended in an order
-- (ended_in_order = 1, when the source names no order). NULL / 0 for visits recorded in Cartwise,
-- whose cart and order come from visit_events and order_id.
ALTER TABLE visits ADD COLUMN external_ref TEXT;
ALTER TABLE visits ADD COLUMN category_id INTEGER REFERENCES categories(id);
ALTER TABLE visits ADD COLUMN time_spent INTEGER CHECK (time_spent >= 0);
ALTER TABLE visits ADD COLUMN had_cart INTEGER NOT NULL DEFAULT 0 CHECK (had_cart IN (0, 1));
ALTER TABLE visits ADD COLUMN ended_in_order INTEGER NOT NULL DEFAULT 0 CHECK (ended_in_order IN (0, 1));
CREATE UNIQUE INDEX visits_external_ref ON visits(external_ref) WHERE external_ref IS NOT NULL;

-- A customer's rating of a product, 1 (worst) to 5 (best), on a day (YYYY-MM-DD).
CREATE TABLE ratings (
  id INTEGER PRIMARY KEY,
  external_ref TEXT,
  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  rated_on TEXT NOT NULL
);
CREATE INDEX ratings_product ON ratings(product_id);
CREATE INDEX ratings_customer ON ratings(customer_id);
CREATE UNIQUE INDEX ratings_external_ref ON ratings(external_ref) WHERE external_ref IS NOT NULL;
