-- A visit's cart as a flag kept on the visit itself (module: activity): had_cart = 1 once anything
-- was put in its cart, whether the source said so (an imported session, migration 0094) or a
-- `cart_add` event was recorded. The abandonment report, and so every snapshot, then reads the
-- visits alone: scanning every cart event (16.9M on the 1M-customer shop) was a fifth of a
-- snapshot's work (docs/performance.md "Snapshots"). The partial index on cart events had no
-- other reader; the trigger's update replaces it on the write path.
CREATE TRIGGER visit_events_had_cart AFTER INSERT ON visit_events
WHEN NEW.kind = 'cart_add'
BEGIN UPDATE visits SET had_cart = 1 WHERE id = NEW.visit_id AND had_cart = 0; END;

UPDATE visits SET had_cart = 1
WHERE had_cart = 0 AND id IN (SELECT visit_id FROM visit_events WHERE kind = 'cart_add');

DROP INDEX visit_events_cart;
