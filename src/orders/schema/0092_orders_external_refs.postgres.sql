-- PostgreSQL text of 0092_orders_external_refs.sql: declared_amount is money, so BIGINT like every
-- other amount here (PostgreSQL's INTEGER is 32-bit).
-- Imported orders (module: orders). external_ref: the other system's order key (Cartify `ZYY98`).
-- declared_amount: the amount the source file states for the order, kept as written so that
-- data-quality can report an order whose lines do not add up to it (the order's own amounts come
-- from its lines and are never "fixed" to match). Both NULL for orders placed in Cartwise.
ALTER TABLE orders ADD COLUMN external_ref TEXT;
ALTER TABLE orders ADD COLUMN declared_amount BIGINT;
CREATE UNIQUE INDEX orders_external_ref ON orders(external_ref) WHERE external_ref IS NOT NULL;
