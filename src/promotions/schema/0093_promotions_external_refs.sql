-- Imported campaigns and coupons (module: promotions). external_ref: the other system's key
-- (Cartify campaign and discount ids). target_city: the city a campaign ran in, NULL when it ran
-- everywhere. clicks_known = 0 when the source recorded no engagement for the campaign: its clicks
-- are unknown (reports show null), not zero; the clicks column then holds 0.
-- discount_type: the source's name for the kind of discount. terms_unknown = 1: the source
-- recorded that orders used the coupon but not what it gave (Cartify); such a coupon is imported
-- inactive, its orders carry a zero discount, and its percent_off (1) only satisfies the rule
-- that a coupon has terms; the CHECK keeps it inactive for good, so it never gives that 1 %.
ALTER TABLE campaigns ADD COLUMN external_ref TEXT;
ALTER TABLE campaigns ADD COLUMN target_city TEXT;
ALTER TABLE campaigns ADD COLUMN clicks_known INTEGER NOT NULL DEFAULT 1 CHECK (clicks_known IN (0, 1));
ALTER TABLE coupons ADD COLUMN external_ref TEXT;
ALTER TABLE coupons ADD COLUMN discount_type TEXT;
ALTER TABLE coupons ADD COLUMN terms_unknown INTEGER NOT NULL DEFAULT 0
  CHECK (terms_unknown = 0 OR (terms_unknown = 1 AND active = 0));
CREATE UNIQUE INDEX campaigns_external_ref ON campaigns(external_ref) WHERE external_ref IS NOT NULL;
CREATE UNIQUE INDEX coupons_external_ref ON coupons(external_ref) WHERE external_ref IS NOT NULL;
