-- PostgreSQL text of 0109_orders_customer_covering.sql: the same key, the other columns carried
-- as INCLUDE. The report engine still reads orders in one sequential pass there (its index-only
-- scans depend on the visibility map; not measured); the index keeps both schemas alike.
-- The customer index of orders carries the columns the report engine's single orders are read
-- with (module: orders): customer, time, id, status and the amounts.
DROP INDEX orders_customer;
CREATE INDEX orders_customer ON orders(customer_id, placed_at, id) INCLUDE (status, subtotal, discount, shipping);
