// The crash check: the real `cartwise serve`, durability full and group commit on, is killed with
// SIGKILL in the middle of concurrent HTTP checkouts, on a SQLite file and on PostgreSQL. Opened
// again, the database holds every order that was acknowledged with 201, and the stock adds up with
// the orders it holds; a restarted server takes orders again.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "core/ids.hpp"
#include "db/database.hpp"
#include "support/cartwise_process.hpp"
#include "support/shop_builder.hpp"
#include "support/temp_dir.hpp"

namespace cw::cli {
namespace {

constexpr std::int64_t kInitialStock = 1'000'000;

using testing::http;
using testing::member;

// `cartwise serve` on a free port, its output in a file.
class Server : public testing::ServeProcess {
 public:
  Server(const std::string& db, const std::string& log) : ServeProcess(CARTWISE_BINARY, db, log) {}
};

class Crash : public ::testing::TestWithParam<testing::Backend> {
 protected:
  testing::TempDir dir_;
  std::unique_ptr<testing::PostgresDatabase> pg_ =
      GetParam() == testing::Backend::kPostgres ? std::make_unique<testing::PostgresDatabase>()
                                                : nullptr;
  // A SQLite file, or a database of its own on the PostgreSQL test cluster (synchronous_commit
  // on: the server runs with durability full).
  std::string db_ = pg_ ? pg_->url() : dir_.file("shop.db");
  Id product_ = 0;

  void SetUp() override {
    auto db = db::Database::open({db_, Durability::kFull, 5000});
    auto c = db->lease();
    testing::ShopBuilder shop{*c};
    product_ = shop.product({.category_id = shop.category("Heels"), .name = "Pump", .price = 1000});
    shop.add_size(product_, "UK 5", kInitialStock);
  }

  std::string order_body() const {
    return R"({"lines":[{"product_id":)" + std::to_string(product_) +
           R"(,"size":"UK 5","quantity":1}]})";
  }
};

INSTANTIATE_TEST_SUITE_P(Db, Crash, testing::kBothBackends, testing::backend_name);

TEST_P(Crash, KillNineUnderCheckoutLoadLosesNoAcknowledgedOrder) {
  constexpr int kClients = 16;
  constexpr std::size_t kAcknowledgedBeforeKill = 150;
  auto server = std::make_unique<Server>(db_, dir_.file("serve.log"));
  const int port = server->port();
  ASSERT_GT(port, 0) << "the server did not start";
  std::vector<std::string> tokens;
  for (int i = 0; i < 8; ++i) tokens.push_back(testing::register_shopper(port, i));
  for (const auto& token : tokens) ASSERT_FALSE(token.empty());

  std::mutex mutex;
  std::vector<Id> acknowledged;
  std::atomic<bool> killed{false};
  std::atomic<int> refused{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&, i] {
      while (!killed.load()) {
        const auto answer = http(port, "POST", "/api/v1/orders", order_body(), tokens[i % 8]);
        if (answer.status == 201) {
          std::lock_guard lock(mutex);
          acknowledged.push_back(std::stoll(member(answer.body, "id")));
        } else if (answer.status != 0) {
          ++refused;  // an answer other than 201 (none expected while stock lasts)
        }
      }
    });
  }
  for (;;) {
    {
      std::lock_guard lock(mutex);
      if (acknowledged.size() >= kAcknowledgedBeforeKill) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  server->stop(SIGKILL);  // checkouts are in flight: clients keep sending until they see it
  killed = true;
  for (auto& client : clients) client.join();
  EXPECT_EQ(refused.load(), 0);

  {
    auto db = db::Database::open({db_, Durability::kFull, 5000});
    auto c = db->lease();
    if (!pg_) {
      auto check = c->query("PRAGMA integrity_check");
      ASSERT_TRUE(check.next());
      EXPECT_EQ(check.text(0), "ok");
    }
    std::set<Id> stored;
    for (auto rows = c->query("SELECT id FROM orders"); rows.next();)
      stored.insert(rows.integer(0));
    std::size_t missing = 0;
    for (Id id : acknowledged) missing += stored.count(id) == 0 ? 1 : 0;
    EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged orders";
    EXPECT_GE(stored.size(), acknowledged.size());
    // Every stored order is whole, and stock and units sold match the orders kept.
    const auto units = c->scalar("SELECT COALESCE(SUM(quantity), 0) FROM order_lines").value();
    EXPECT_EQ(units, static_cast<std::int64_t>(stored.size()));
    EXPECT_EQ(c->scalar("SELECT COUNT(*) FROM order_events"),
              static_cast<std::int64_t>(stored.size()));
    EXPECT_EQ(c->scalar("SELECT stock FROM product_sizes WHERE product_id = ?", product_),
              kInitialStock - units);
    EXPECT_EQ(c->scalar("SELECT units_sold FROM products WHERE id = ?", product_), units);
    EXPECT_EQ(c->scalar("SELECT SUM(orders) FROM customer_facts"), units);
  }

  // Restarted on the same database, the server takes orders again (the sessions survived too).
  Server again(db_, dir_.file("serve-again.log"));
  ASSERT_GT(again.port(), 0);
  const auto placed = http(again.port(), "POST", "/api/v1/orders", order_body(), tokens[0]);
  EXPECT_EQ(placed.status, 201) << placed.body;
}

}  // namespace
}  // namespace cw::cli
