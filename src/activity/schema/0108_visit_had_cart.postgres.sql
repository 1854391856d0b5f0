-- PostgreSQL text of 0108_visit_had_cart.sql: one statement-level trigger with the inserted rows
-- as a table, so that a COPY of many events costs one set update, not one per event.
-- A visit's cart as a flag kept on the visit itself (module: activity): had_cart = 1 once anything
-- was put in its cart, whether the source said so (an imported session, migration 0094) or a
-- `cart_add` event was recorded. The abandonment report, and so every snapshot, then reads the
-- visits alone (docs/performance.md "Snapshots"). The partial index on cart events had no other
-- reader; the trigger's update replaces it on the write path.
CREATE FUNCTION cw_visit_had_cart() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE visits SET had_cart = 1
  WHERE had_cart = 0 AND id IN (SELECT visit_id FROM inserted WHERE kind = 'cart_add');
  RETURN NULL;
END $$;

CREATE TRIGGER visit_events_had_cart AFTER INSERT ON visit_events REFERENCING NEW TABLE AS inserted
FOR EACH STATEMENT EXECUTE FUNCTION cw_visit_had_cart();

UPDATE visits SET had_cart = 1
WHERE had_cart = 0 AND id IN (SELECT visit_id FROM visit_events WHERE kind = 'cart_add');

DROP INDEX visit_events_cart;
