-- Keys of an imported shop (module: catalog). A shop brought in from another system keeps that
-- system's text keys (Cartify's category `E387`, product `P1234`) as each row's external
-- reference, so people can find a row by the key they know; Cartwise still assigns its own ids.
-- NULL for rows created in Cartwise.
ALTER TABLE categories ADD COLUMN external_ref TEXT;
ALTER TABLE products ADD COLUMN external_ref TEXT;
CREATE UNIQUE INDEX categories_external_ref ON categories(external_ref) WHERE external_ref IS NOT NULL;
CREATE UNIQUE INDEX products_external_ref ON products(external_ref) WHERE external_ref IS NOT NULL;
