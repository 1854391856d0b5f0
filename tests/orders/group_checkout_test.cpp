// Checkouts group-committed together (db/group_commit.hpp): in one shaped batch, a refused order
// leaves no trace while the others commit, and a COMMIT that fails fails every order of it.

#include <gtest/gtest.h>

#include <algorithm>

#include "db/group_commit.hpp"
#include "orders/promo_fixture.hpp"
#include "support/batch_gate.hpp"

namespace cw::orders {
namespace {

using testing::PromoShop;

class GroupCheckout : public ::testing::TestWithParam<cw::testing::Backend> {
 protected:
  PromoShop shop;
  Id pump = shop.add_product("Pump", 10000);                 // 100.00
  Id boot = shop.add_product("Boot", 20000, true, "Boots");  // 200.00, one left
  Id ann = shop.add_customer("ann@example.com");
  Id bob = shop.add_customer("bob@example.com");
  Id cat = shop.add_customer("cat@example.com");
  Id dan = shop.add_customer("dan@example.com");

  void SetUp() override {
    shop.add_size(pump, "UK 5", 100);
    shop.add_size(boot, "UK 5", 1);
  }

  // Customer facts without the rows of `skip`.
  testing::Table facts_except(std::initializer_list<Id> skip) {
    testing::Table kept;
    for (auto& row : shop.facts()) {
      const Id customer = std::stoll(row[0].value());
      if (std::find(skip.begin(), skip.end(), customer) == skip.end()) kept.push_back(row);
    }
    return kept;
  }
};

TEST_P(GroupCheckout, ARefusedOrderInABatchLeavesNoTraceAndTheOthersCommit) {
  const Id coupon = shop.add_coupon({.code = "TENOFF", .percent_off = 10, .max_uses = 100});
  // Bob's reward, claimed by an order of his before the batch.
  const auto given = shop.give_reward(bob, pump, 30);
  const auto claiming = shop.orders.place(
      {.customer_id = bob, .lines = {{pump, "UK 5", 1}}, .reward_token = given.token});
  ASSERT_TRUE(claiming);
  const auto facts_before = shop.facts();
  const auto orders_before = shop.count("orders");
  const auto sold_before = shop.units_sold(pump);
  const auto commits_before = shop.t->group_commit().stats().commits;

  const auto results = shop.place_in_one_batch({
      // placed
      {.customer_id = ann, .lines = {{pump, "UK 5", 1}}, .coupon_code = "TENOFF"},
      // refused at the reward, after taking two pumps and a coupon use
      {.customer_id = bob,
       .lines = {{pump, "UK 5", 2}},
       .coupon_code = "TENOFF",
       .reward_token = given.token},
      // refused at its second line, after taking a pump
      {.customer_id = dan, .lines = {{pump, "UK 5", 1}, {boot, "UK 5", 2}}},
      // placed: the boot dan could not have
      {.customer_id = cat, .lines = {{boot, "UK 5", 1}}},
  });

  EXPECT_EQ(shop.t->group_commit().stats().commits,
            commits_before + 1 + testing::gate_batches(*shop.t));
  EXPECT_EQ(shop.t->group_commit().stats().largest, 4);
  ASSERT_TRUE(results[0]) << results[0].error().code;
  ASSERT_FALSE(results[1]);
  EXPECT_EQ(results[1].error().code, "reward_already_claimed");
  ASSERT_FALSE(results[2]);
  EXPECT_EQ(results[2].error().code, "insufficient_stock");
  EXPECT_EQ(results[2].error().field, "lines[1].quantity");
  ASSERT_TRUE(results[3]) << results[3].error().code;

  // Only ann's and cat's orders happened.
  EXPECT_EQ(shop.count("orders"), orders_before + 2);
  EXPECT_EQ(shop.stock(pump, "UK 5"), 100 - 1 - 1);  // bob's earlier claim, ann's order
  EXPECT_EQ(shop.stock(boot, "UK 5"), 0);
  EXPECT_EQ(shop.units_sold(pump), sold_before + 1);
  EXPECT_EQ(shop.coupon_uses(coupon), 1);
  EXPECT_EQ(shop.redemptions(coupon), 1);
  EXPECT_EQ(results[0]->coupon_code, "TENOFF");
  const auto reward = shop.reward(given.token);
  EXPECT_EQ(reward.status, loyalty::RewardStatus::kClaimed);
  EXPECT_EQ(reward.claimed_order_id, claiming->id);
  EXPECT_EQ(facts_except({ann, cat}), facts_before);  // bob's as before, none for dan
  EXPECT_EQ(shop.orders.get(results[0]->id)->total, 9000);
  EXPECT_EQ(shop.orders.get(results[3]->id)->total, 20000);
}

// A deferred foreign key is checked at COMMIT: a unit that leaves an orphan in the batch makes
// its COMMIT fail, and every order of the batch must hear it because none of them was kept.
TEST_P(GroupCheckout, ACommitFailureFailsEveryOrderOfTheBatchAndKeepsNone) {
  shop.t->lease()->execute_script(
      "CREATE TABLE parents (id INTEGER PRIMARY KEY);"
      "CREATE TABLE children (parent_id INTEGER REFERENCES parents (id) "
      "DEFERRABLE INITIALLY DEFERRED)");
  const auto before = shop.full_snapshot();
  const std::vector<OrderRequest> requests = {{.customer_id = ann, .lines = {{pump, "UK 5", 1}}},
                                              {.customer_id = bob, .lines = {{boot, "UK 5", 1}}},
                                              {.customer_id = cat, .lines = {{pump, "UK 5", 3}}}};
  std::vector<std::optional<Error>> failures(requests.size());
  std::vector<std::function<void()>> calls;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    calls.push_back([&, i] {
      try {
        auto placed = shop.orders.place(requests[i]);
        ADD_FAILURE() << "order " << i << " was answered without a failure";
      } catch (const Failure& e) {
        failures[i] = e.error();
      }
    });
  }
  calls.push_back([&] {
    EXPECT_THROW(shop.t->group_commit().run([](db::Connection& c) -> Result<int> {
      c.exec("INSERT INTO children (parent_id) VALUES (7)");
      return 0;
    }),
                 Failure);
  });
  testing::in_one_batch(*shop.t, calls);

  EXPECT_EQ(shop.t->group_commit().stats().largest, 4);
  for (const auto& failure : failures) {
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->kind, ErrorKind::kInternal);
    EXPECT_TRUE(testing::names_foreign_key(failure->message)) << failure->message;
  }
  EXPECT_EQ(shop.full_snapshot(), before);

  auto next = shop.orders.place(requests[0]);
  ASSERT_TRUE(next) << next.error().code;
  EXPECT_EQ(shop.stock(pump, "UK 5"), 99);
}

INSTANTIATE_TEST_SUITE_P(Db, GroupCheckout, cw::testing::kBothBackends, cw::testing::backend_name);

}  // namespace
}  // namespace cw::orders
