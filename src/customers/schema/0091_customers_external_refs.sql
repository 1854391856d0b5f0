-- Keys and places of an imported shop (module: customers). external_ref: the other system's
-- customer key (Cartify `CUST51271`), NULL for customers registered in Cartwise. An address may
-- name its region (Cartify's regions of cities) so that revenue can be read by region; NULL when
-- unknown.
ALTER TABLE customers ADD COLUMN external_ref TEXT;
CREATE UNIQUE INDEX customers_external_ref ON customers(external_ref) WHERE external_ref IS NOT NULL;
ALTER TABLE addresses ADD COLUMN region TEXT;
