// Two `cartwise serve` processes (the real binary, ephemeral ports) on one PostgreSQL database of
// the test cluster, each with its own pool and group committer, so their checkout transactions
// really run at once under READ COMMITTED. Shoppers split between them race for the last ten
// units of a size (50 checkouts), a ten-use coupon (30 checkouts) and one reward token (10
// checkouts of its owner), all at the same moment: exactly 10 orders, 10 uses and 1 claim get
// through, every other checkout gets its specific 409, and none sees a 500.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "db/database.hpp"
#include "support/cartwise_process.hpp"
#include "support/shop_builder.hpp"
#include "support/temp_dir.hpp"

namespace cw::cli {
namespace {

using testing::http;
using testing::member;

class TwoServers : public ::testing::Test {
 protected:
  testing::TempDir dir_;
  testing::PostgresDatabase pg_;
  std::unique_ptr<db::Database> db_ = db::Database::open({pg_.url()});

  static std::string order(Id product, const std::string& size, const std::string& extra = {}) {
    return R"({"lines":[{"product_id":)" + std::to_string(product) + R"(,"size":")" + size +
           R"(","quantity":1}])" + extra + "}";
  }

  std::int64_t scalar(const std::string& sql, Id id) {
    return db_->lease()->scalar(sql, id).value_or(-1);
  }
};

TEST_F(TwoServers, SellTheLastUnitsOnceAndHonourTheCouponLimitAndTheOneClaim) {
  Id last = 0, pump = 0, earner = 0, gift = 0;
  {
    // A reward is for the product with the fewest units sold: the gift, kept apart from the
    // other races.
    auto c = db_->lease();
    testing::ShopBuilder shop{*c};
    const Id heels = shop.category("Heels");
    last =
        shop.product({.category_id = heels, .name = "Last pair", .price = 5000, .units_sold = 500});
    shop.add_size(last, "UK 6", 10);
    pump = shop.product({.category_id = heels, .name = "Pump", .price = 10000, .units_sold = 500});
    shop.add_size(pump, "UK 5", 1'000'000);
    earner =
        shop.product({.category_id = heels, .name = "Earner", .price = 30000, .units_sold = 500});
    shop.add_size(earner, "ONE", 1'000'000);
    gift = shop.product({.category_id = heels, .name = "Gift", .price = 2000});
    shop.add_size(gift, "ONE", 1'000'000);
  }
  const auto coupon_added = testing::run_cartwise(
      CARTWISE_BINARY,
      {"coupon", "add", "TENUSES", "--db", pg_.url(), "--percent-off", "10", "--max-uses", "10",
       "--scope", "product", "--scope-id", std::to_string(pump)},
      dir_.path().string());
  ASSERT_EQ(coupon_added.exit_code, 0) << coupon_added.err;
  const Id coupon =
      std::stoll(coupon_added.out.substr(coupon_added.out.find_first_of("0123456789")));

  testing::ServeProcess one(CARTWISE_BINARY, pg_.url(), dir_.file("one.log"));
  testing::ServeProcess two(CARTWISE_BINARY, pg_.url(), dir_.file("two.log"));
  ASSERT_GT(one.port(), 0) << "the first server did not start";
  ASSERT_GT(two.port(), 0) << "the second server did not start";
  const int ports[2] = {one.port(), two.port()};

  std::vector<std::string> tokens;
  for (int i = 0; i < 10; ++i) tokens.push_back(testing::register_shopper(ports[i % 2], i));
  // Shopper 0 earns one reward (goods above the first threshold) and claims it ten times below.
  const auto earned = http(ports[0], "POST", "/api/v1/orders", order(earner, "ONE"), tokens[0]);
  ASSERT_EQ(earned.status, 201) << earned.body;
  std::string reward_token;
  {
    auto rows = db_->lease()->query("SELECT token, product_id FROM rewards");
    ASSERT_TRUE(rows.next());
    reward_token = rows.text(0);
    ASSERT_EQ(rows.integer(1), gift);
    ASSERT_FALSE(rows.next()) << "one reward only";
  }
  const auto orders_before = scalar("SELECT COUNT(*) FROM orders WHERE id > ?", 0);

  // 50 for the last units, 30 with the coupon, 10 claims of the one reward: request i goes to
  // server i % 2, all released at once.
  struct Checkout {
    std::string race, token, body;
  };
  std::vector<Checkout> checkouts;
  for (int i = 0; i < 50; ++i)
    checkouts.push_back({"last units", tokens[i % 10], order(last, "UK 6")});
  for (int i = 0; i < 30; ++i)
    checkouts.push_back(
        {"coupon", tokens[i % 10], order(pump, "UK 5", R"(,"coupon_code":"tenuses")")});
  for (int i = 0; i < 10; ++i)
    checkouts.push_back(
        {"reward", tokens[0], order(gift, "ONE", R"(,"reward_token":")" + reward_token + "\"")});

  std::mutex mutex;
  std::map<std::string, std::map<std::string, int>> outcomes;  // race -> outcome -> count
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < checkouts.size(); ++i) {
    threads.emplace_back([&, i] {
      ++ready;
      while (ready.load() < static_cast<int>(checkouts.size())) std::this_thread::yield();
      const auto& checkout = checkouts[i];
      const auto answer =
          http(ports[i % 2], "POST", "/api/v1/orders", checkout.body, checkout.token);
      const std::string outcome = answer.status == 201 ? "placed"
                                  : answer.status == 409
                                      ? member(answer.body, "code")
                                      : std::to_string(answer.status) + " " + answer.body;
      std::lock_guard lock(mutex);
      ++outcomes[checkout.race][outcome];
    });
  }
  for (auto& thread : threads) thread.join();

  EXPECT_EQ(outcomes["last units"],
            (std::map<std::string, int>{{"placed", 10}, {"insufficient_stock", 40}}));
  EXPECT_EQ(outcomes["coupon"],
            (std::map<std::string, int>{{"placed", 10}, {"coupon_exhausted", 20}}));
  EXPECT_EQ(outcomes["reward"],
            (std::map<std::string, int>{{"placed", 1}, {"reward_already_claimed", 9}}));

  EXPECT_EQ(scalar("SELECT stock FROM product_sizes WHERE product_id = ?", last), 0);
  EXPECT_EQ(scalar("SELECT units_sold FROM products WHERE id = ?", last), 510);
  EXPECT_EQ(scalar("SELECT COUNT(DISTINCT order_id) FROM order_lines WHERE product_id = ?", last),
            10);
  EXPECT_EQ(scalar("SELECT uses FROM coupons WHERE id = ?", coupon), 10);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM coupon_redemptions WHERE coupon_id = ?", coupon), 10);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM rewards WHERE status = 'claimed' AND id > ?", 0), 1);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM orders WHERE id > ?", 0), orders_before + 21);
}

}  // namespace
}  // namespace cw::cli
