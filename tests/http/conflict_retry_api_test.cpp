// Deadlocks and serialization failures during an HTTP checkout: the group commit's bounded retry
// (db/group_commit.hpp) hides one from the shopper, who gets 201 and one order; a conflict that
// persists past db::kMaxAttempts is a 503 with Retry-After that kept nothing, never a 500.
//
// PostgreSQL only: SQLite runs one write transaction at a time (the writer gate of its driver),
// so it has neither deadlocks nor serialization failures to retry.
#include <chrono>
#include <thread>

#include "api_fixture.hpp"
#include "db/database.hpp"
#include "db/group_commit.hpp"

namespace cw::http::testing {
namespace {

class ConflictRetryApi : public ApiTest {
 protected:
  // A connection of the test's own to the server's database, outside its pool.
  std::unique_ptr<db::Connection> connect() const {
    db::Options options;
    options.path = database.location();
    return db::connect(options);
  }

  std::int64_t scalar(const std::string& sql) {
    return database->lease()->scalar(sql).value_or(-1);
  }

  Id pump = add_product("Pump", 10000, {{"UK 5", 10}});
  Id boot = add_product("Boot", 20000, {{"UK 5", 10}});
  std::string ann = customer_token("ann.shopper");
  // Checkout takes the stock of its lines in this order: the pump's row, then the boot's.
  std::string pump_then_boot = Json({{"lines",
                                      {{{"product_id", pump}, {"size", "UK 5"}, {"quantity", 1}},
                                       {{"product_id", boot}, {"size", "UK 5"}, {"quantity", 2}}}}})
                                   .dump();
};

INSTANTIATE_TEST_SUITE_P(Db, ConflictRetryApi, ::testing::Values(cw::testing::Backend::kPostgres),
                         cw::testing::backend_name);

// The rival transaction locks the boot's stock row, the checkout locks the pump's and waits for
// the boot's, then the rival asks for the pump's: a deadlock. PostgreSQL looks for one when a
// lock wait passes deadlock_timeout, and aborts the transaction that found it: the server's
// (default 1 s) before the rival's (30 s), so the checkout's transaction fails with 40P01 and the
// group commit runs the batch again once the rival committed. (The rival asks within
// milliseconds of seeing the checkout wait; were it ever later than the server's one check, the
// rival would be the victim and rival_failure would say so.)
TEST_P(ConflictRetryApi, ACheckoutChosenAsDeadlockVictimIsRetriedAndPlacedOnce) {
  auto rival = connect();
  auto monitor = connect();
  rival->execute_script("SET deadlock_timeout = '30s'");
  const std::string touch_stock =
      "UPDATE product_sizes SET stock = stock WHERE product_id = ? AND size = 'UK 5'";
  auto own = new_client();
  Answer placed;
  std::thread shopper;
  std::string rival_failure;
  try {
    db::Transaction rival_tx(*rival, db::TxMode::kWrite);
    rival->exec(touch_stock, boot);
    shopper = std::thread([&] { placed = post_from(*own, "/api/v1/orders", pump_then_boot, ann); });
    // The checkout holds the pump's row and waits for the boot's (no time limit: a slow machine
    // only makes the test slower).
    while (monitor
               ->scalar("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
                        "AND wait_event_type = 'Lock' AND query LIKE 'UPDATE product_sizes%'")
               .value_or(0) == 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    // Returns once PostgreSQL has aborted the checkout's transaction, which held the pump's row.
    rival->exec(touch_stock, pump);
    rival_tx.commit();
  } catch (const Failure& e) {
    rival_failure = e.error().message;
  }
  if (shopper.joinable()) shopper.join();

  EXPECT_EQ(rival_failure, "");
  ASSERT_EQ(placed.status, 201) << placed.raw;
  EXPECT_EQ(placed.body.at("total"), "500.00");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM orders"), 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM order_lines"), 2);
  EXPECT_EQ(stock_of(pump, "UK 5"), 9);
  EXPECT_EQ(stock_of(boot, "UK 5"), 8);
  EXPECT_EQ(scalar("SELECT units_sold FROM products WHERE id = " + std::to_string(boot)), 2);
  // At least one retry. Sometimes more: the retry may update the pump's row, free since the abort,
  // before the rival (woken, not yet running) takes it, and the same deadlock repeats until the
  // rival wins that race; every round is one more retry, not a second order.
  EXPECT_GE(database->group_commit().stats().retries, 1);
  EXPECT_LT(database->group_commit().stats().retries, db::kMaxAttempts);
}

// Every attempt of the checkout meets a serialization failure (a trigger raises 40001 and counts
// the attempts in a sequence, which a rollback does not undo): after db::kMaxAttempts the shopper
// gets 503 with Retry-After, and nothing of any attempt was kept.
TEST_P(ConflictRetryApi, AConflictPastTheRetryBoundIs503WithRetryAfterAndKeepsNothing) {
  database->lease()->execute_script(R"(
    CREATE SEQUENCE checkout_attempts;
    CREATE FUNCTION refuse_order() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM nextval('checkout_attempts');
      RAISE EXCEPTION 'forced conflict' USING ERRCODE = 'serialization_failure';
    END $$;
    CREATE TRIGGER refuse_orders BEFORE INSERT ON orders
      FOR EACH ROW EXECUTE FUNCTION refuse_order();
  )");
  const auto before = snapshot();

  auto own = new_client();
  const Answer refused = post_from(*own, "/api/v1/orders", pump_then_boot, ann);

  expect_problem(refused, 503, "database_conflict");
  EXPECT_EQ(refused.retry_after, "1");
  EXPECT_EQ(scalar("SELECT last_value FROM checkout_attempts"), db::kMaxAttempts);
  EXPECT_EQ(database->group_commit().stats().retries, db::kMaxAttempts - 1);
  EXPECT_EQ(snapshot(), before);

  // The conflict gone, the same checkout goes through.
  database->lease()->execute_script("DROP TRIGGER refuse_orders ON orders");
  const Answer placed = post_from(*own, "/api/v1/orders", pump_then_boot, ann);
  ASSERT_EQ(placed.status, 201) << placed.raw;
  EXPECT_EQ(stock_of(pump, "UK 5"), 9);
  EXPECT_EQ(stock_of(boot, "UK 5"), 8);
}

}  // namespace
}  // namespace cw::http::testing
