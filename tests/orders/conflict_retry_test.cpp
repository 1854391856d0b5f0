// Status changes outside the group commit run their transaction again after a serialization
// failure or deadlock (db::with_retry), as checkout's batches do: a cancel that met one is still
// done once, and one that meets it on every attempt changes nothing.
//
// PostgreSQL only: SQLite runs one write transaction at a time, so it has no such conflicts. The
// conflict is forced by a trigger on order_events that raises 40001 and counts the attempts in a
// sequence (a rollback does not undo nextval).
#include <gtest/gtest.h>

#include "orders/shop_fixture.hpp"

namespace cw::orders {
namespace {

using testing::Shop;

class StatusConflictRetry : public ::testing::TestWithParam<cw::testing::Backend> {
 protected:
  Shop shop;
  Id pump = shop.add_product("Pump", 8999);
  Id ada = shop.add_customer("ada@example.com");

  void SetUp() override { shop.add_size(pump, "UK 5", 10); }

  // From now on the first `failing` writes of an order event (in all) fail with 40001.
  void refuse_events(int failing) {
    shop.t->lease()->execute_script(
        "CREATE SEQUENCE event_attempts;"
        "CREATE FUNCTION refuse_event() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF nextval('event_attempts') <= " +
        std::to_string(failing) +
        " THEN RAISE EXCEPTION 'forced conflict' USING ERRCODE = 'serialization_failure'; "
        "END IF; RETURN NEW; END $$;"
        "CREATE TRIGGER refuse_events BEFORE INSERT ON order_events "
        "FOR EACH ROW EXECUTE FUNCTION refuse_event()");
  }
  std::int64_t attempts() {
    return shop.t->lease()->scalar("SELECT last_value FROM event_attempts").value_or(-1);
  }
};
INSTANTIATE_TEST_SUITE_P(Db, StatusConflictRetry,
                         ::testing::Values(cw::testing::Backend::kPostgres),
                         cw::testing::backend_name);

TEST_P(StatusConflictRetry, ACancelThatMetAConflictRunsAgainAndReturnsTheStockOnce) {
  auto placed = shop.orders.place({.customer_id = ada, .lines = {{pump, "UK 5", 3}}});
  ASSERT_TRUE(placed) << placed.error().code;
  refuse_events(1);

  auto cancelled = shop.orders.cancel(placed->id);

  ASSERT_TRUE(cancelled) << cancelled.error().code;
  EXPECT_EQ(cancelled->status, Status::kCancelled);
  EXPECT_EQ(attempts(), 2);
  EXPECT_EQ(shop.stock(pump, "UK 5"), 10);
  EXPECT_EQ(shop.units_sold(pump), 0);
  EXPECT_EQ(shop.t->lease()->scalar(
                "SELECT COUNT(*) FROM order_events WHERE status = 'cancelled' AND order_id = ?",
                placed->id),
            1);
}

TEST_P(StatusConflictRetry, AConflictOnEveryAttemptThrowsAndChangesNothing) {
  auto placed = shop.orders.place({.customer_id = ada, .lines = {{pump, "UK 5", 3}}});
  ASSERT_TRUE(placed) << placed.error().code;
  refuse_events(1000);
  const auto before = shop.snapshot();

  EXPECT_THROW((void)shop.orders.ship(placed->id), db::RetryableError);

  EXPECT_EQ(attempts(), db::kMaxAttempts);
  EXPECT_EQ(shop.snapshot(), before);
}

}  // namespace
}  // namespace cw::orders
