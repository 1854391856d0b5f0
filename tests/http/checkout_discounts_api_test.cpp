// Checkout with coupons and rewards over HTTP: exact discounts and rewards on the bill, the
// customer's rewards, refusals that change nothing, reversal on cancel, and reward_percent_off on
// product pages.
#include "promo_api_fixture.hpp"

namespace cw::http::testing {
namespace {

class CheckoutDiscountsApiTest : public PromoApiTest {
 protected:
  CheckoutDiscountsApiTest() {
    create_coupon({{"code", "SPRING-10"}, {"percent_off", 10}, {"scope", "order"}});
  }
};

INSTANTIATE_TEST_SUITE_P(Db, CheckoutDiscountsApiTest, cw::testing::kBothBackends,
                         cw::testing::backend_name);

TEST_P(CheckoutDiscountsApiTest, AnOrderOverTheFirstThresholdListsItsReward) {
  const std::string anna = customer_token("anna");
  auto placed = post("/api/v1/orders", {{"lines", {line(coat, 1)}}}, anna);
  ASSERT_EQ(placed.status, 201) << placed.raw;
  EXPECT_EQ(placed.body.at("coupon_code"), nullptr);
  EXPECT_EQ(placed.body.at("reward_token"), nullptr);
  EXPECT_EQ(placed.body.at("discount"), "0.00");
  ASSERT_EQ(placed.body.at("rewards_allocated").size(), 1u);
  const Json& reward = placed.body.at("rewards_allocated")[0];
  const std::string token = reward.at("token");
  EXPECT_EQ(token.size(), 43u);
  // 300.00 > 250.00: category 1, 10% off the least-selling product (socks: none sold, lowest id).
  EXPECT_EQ(reward, Json({{"token", token},
                          {"product_id", socks},
                          {"percent_off", 10},
                          {"category", 1},
                          {"allocated_at", "2026-03-01T10:00:00Z"},
                          {"expires_at", "2026-05-30T10:00:00Z"}}));
  // A bill of 250.00 or less earns nothing.
  auto small = post("/api/v1/orders", {{"lines", {line(socks, 12)}}}, anna);
  ASSERT_EQ(small.status, 201) << small.raw;
  EXPECT_EQ(small.body.at("subtotal"), "240.00");
  EXPECT_EQ(small.body.at("rewards_allocated"), Json::array());
}

TEST_P(CheckoutDiscountsApiTest, CouponThenRewardGiveExactDiscountsPerLine) {
  const std::string anna = customer_token("anna");
  const std::string token = earn_reward(anna);
  clock.advance(std::chrono::minutes(5));
  auto placed = post("/api/v1/orders",
                     {{"lines", {line(socks, 2), line(coat, 1)}},
                      {"coupon_code", "spring-10"},
                      {"reward_token", token}},
                     anna);
  ASSERT_EQ(placed.status, 201) << placed.raw;
  const Json& order = placed.body;
  // Socks 40.00: coupon 4.00, then the reward 10% of the 36.00 left = 3.60. Coat: coupon 30.00.
  EXPECT_EQ(order.at("lines")[0], Json({{"product_id", socks},
                                        {"product_name", "Socks"},
                                        {"size", "M"},
                                        {"quantity", 2},
                                        {"unit_price", "20.00"},
                                        {"discount", "7.60"},
                                        {"line_total", "32.40"}}));
  EXPECT_EQ(order.at("lines")[1].at("discount"), "30.00");
  EXPECT_EQ(order.at("lines")[1].at("line_total"), "270.00");
  EXPECT_EQ(order.at("subtotal"), "340.00");
  EXPECT_EQ(order.at("discount"), "37.60");
  EXPECT_EQ(order.at("total"), "302.40");
  EXPECT_EQ(order.at("coupon_code"), "SPRING-10");
  EXPECT_EQ(order.at("reward_token"), token);
  // 302.40 after discounts: category 1 again, for the scarf (now the least-selling product).
  ASSERT_EQ(order.at("rewards_allocated").size(), 1u);
  const std::string earned = order.at("rewards_allocated")[0].at("token");
  EXPECT_EQ(order.at("rewards_allocated")[0], Json({{"token", earned},
                                                    {"product_id", scarf},
                                                    {"percent_off", 10},
                                                    {"category", 1},
                                                    {"allocated_at", "2026-03-01T10:05:00Z"},
                                                    {"expires_at", "2026-05-30T10:05:00Z"}}));
  // The order reads back the same.
  EXPECT_EQ(get("/api/v1/orders/" + order.at("id").dump(), anna).body, order);
  EXPECT_EQ(get("/api/v1/orders/" + order.at("id").dump(),
                staff_token("packer", customers::Role::kWarehouse))
                .body,
            order);
  // The coupon counts one use; the customer's rewards show both, newest first.
  EXPECT_EQ(get("/api/v1/coupons", analyst).body.at("items")[0].at("uses"), 1);
  auto rewards = get("/api/v1/me/rewards", anna);
  ASSERT_EQ(rewards.status, 200) << rewards.raw;
  EXPECT_EQ(rewards.body, Json({{"items",
                                 {{{"token", earned},
                                   {"product_id", scarf},
                                   {"percent_off", 10},
                                   {"category", 1},
                                   {"status", "unclaimed"},
                                   {"allocated_at", "2026-03-01T10:05:00Z"},
                                   {"claimed_at", nullptr},
                                   {"expires_at", "2026-05-30T10:05:00Z"}},
                                  {{"token", token},
                                   {"product_id", socks},
                                   {"percent_off", 10},
                                   {"category", 1},
                                   {"status", "claimed"},
                                   {"allocated_at", "2026-03-01T10:00:00Z"},
                                   {"claimed_at", "2026-03-01T10:05:00Z"},
                                   {"expires_at", "2026-05-30T10:00:00Z"}}}}}));
}

TEST_P(CheckoutDiscountsApiTest, AFixedCategoryAmountIsSpreadOverItsLinesByShare) {
  const std::string anna = customer_token("anna");
  auto category = get("/api/v1/products/" + std::to_string(socks)).body.at("category_id");
  create_coupon(
      {{"code", "ACC5"}, {"amount_off", "5.00"}, {"scope", "category"}, {"scope_id", category}});
  auto placed = post(
      "/api/v1/orders",
      {{"lines", {line(socks, 2), line(coat, 1), line(scarf, 1)}}, {"coupon_code", "acc5"}}, anna);
  ASSERT_EQ(placed.status, 201) << placed.raw;
  // 5.00 over socks 40.00 and scarf 15.00: 3.63 and 1.36 rounded down, the penny left to the
  // first line in scope. The coat is not in the category.
  EXPECT_EQ(placed.body.at("lines")[0].at("discount"), "3.64");
  EXPECT_EQ(placed.body.at("lines")[1].at("discount"), "0.00");
  EXPECT_EQ(placed.body.at("lines")[2].at("discount"), "1.36");
  EXPECT_EQ(placed.body.at("lines")[2].at("line_total"), "13.64");
  EXPECT_EQ(placed.body.at("subtotal"), "355.00");
  EXPECT_EQ(placed.body.at("discount"), "5.00");
  EXPECT_EQ(placed.body.at("total"), "350.00");
}

TEST_P(CheckoutDiscountsApiTest, CancelGivesTheCouponUseAndTheRewardBack) {
  const std::string anna = customer_token("anna");
  const std::string token = earn_reward(anna);
  auto placed = post("/api/v1/orders",
                     {{"lines", {line(socks, 2), line(coat, 1)}},
                      {"coupon_code", "SPRING-10"},
                      {"reward_token", token}},
                     anna);
  ASSERT_EQ(placed.status, 201) << placed.raw;
  auto cancelled = post("/api/v1/orders/" + placed.body.at("id").dump() + "/cancel", nullptr, anna);
  ASSERT_EQ(cancelled.status, 200) << cancelled.raw;
  EXPECT_EQ(cancelled.body.at("coupon_code"), "SPRING-10");  // what it was sold with
  EXPECT_EQ(get("/api/v1/coupons", analyst).body.at("items")[0].at("uses"), 0);
  const Json items = get("/api/v1/me/rewards", anna).body.at("items");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].at("status"), "revoked");  // earned by the cancelled order
  EXPECT_EQ(items[1].at("status"), "unclaimed");
  EXPECT_EQ(items[1].at("claimed_at"), nullptr);
  // The reward can be used again.
  auto again = post("/api/v1/orders", {{"lines", {line(socks, 1)}}, {"reward_token", token}}, anna);
  ASSERT_EQ(again.status, 201) << again.raw;
  EXPECT_EQ(again.body.at("discount"), "2.00");
}

TEST_P(CheckoutDiscountsApiTest, EmptyOrNullCouponAndTokenMeanNone) {
  const std::string anna = customer_token("anna");
  for (const Json& none : {Json(""), Json(nullptr), Json("  ")}) {
    auto placed =
        post("/api/v1/orders",
             {{"lines", {line(socks, 1)}}, {"coupon_code", none}, {"reward_token", none}}, anna);
    ASSERT_EQ(placed.status, 201) << placed.raw;
    EXPECT_EQ(placed.body.at("coupon_code"), nullptr);
    EXPECT_EQ(placed.body.at("reward_token"), nullptr);
    EXPECT_EQ(placed.body.at("discount"), "0.00");
  }
}

TEST_P(CheckoutDiscountsApiTest, RefusedCouponsChangeNothing) {
  const std::string anna = customer_token("anna");
  create_coupon({{"code", "OLD"},
                 {"percent_off", 50},
                 {"scope", "order"},
                 {"expires_at", "2026-03-01T10:00:00Z"}});
  create_coupon({{"code", "LATER"},
                 {"percent_off", 50},
                 {"scope", "order"},
                 {"starts_at", "2026-03-01T10:00:01Z"}});
  create_coupon(
      {{"code", "COATS"}, {"amount_off", "20.00"}, {"scope", "product"}, {"scope_id", coat}});
  create_coupon({{"code", "ONCE"}, {"percent_off", 5}, {"scope", "order"}, {"max_uses", 1}});
  create_coupon({{"code", "EACH-ONCE"},
                 {"percent_off", 5},
                 {"scope", "order"},
                 {"max_uses_per_customer", 1}});
  for (const char* code : {"ONCE", "EACH-ONCE"}) {
    ASSERT_EQ(
        post("/api/v1/orders", {{"lines", {line(socks, 1)}}, {"coupon_code", code}}, anna).status,
        201);
  }
  const auto before = snapshot();
  const Json lines = {line(socks, 1)};
  auto refused = [&](const Json& code) {
    return post("/api/v1/orders", {{"lines", lines}, {"coupon_code", code}}, anna);
  };
  expect_problem(refused("NOPE"), 422, "unknown_coupon", "coupon_code");
  expect_problem(refused("old"), 422, "coupon_expired", "coupon_code");
  expect_problem(refused("LATER"), 422, "coupon_not_started", "coupon_code");
  expect_problem(refused("COATS"), 422, "coupon_out_of_scope", "coupon_code");
  expect_problem(refused("ONCE"), 409, "coupon_exhausted", "coupon_code");
  expect_problem(refused("each-once"), 409, "coupon_limit_reached", "coupon_code");
  expect_problem(refused(10), 400, "invalid_type", "coupon_code");
  EXPECT_EQ(snapshot(), before);
}

TEST_P(CheckoutDiscountsApiTest, RefusedRewardsChangeNothing) {
  const std::string anna = customer_token("anna");
  const std::string bea = customer_token("bea");
  const std::string token = earn_reward(anna);
  const std::string beas = earn_reward(bea);
  ASSERT_EQ(
      post("/api/v1/orders", {{"lines", {line(socks, 1)}}, {"reward_token", beas}}, bea).status,
      201);
  const auto before = snapshot();
  auto order_with = [&](Json extra) {
    Json body = {{"lines", {line(socks, 1)}}};
    body.update(extra);
    return post("/api/v1/orders", body, anna);
  };
  // Someone else's token reads like an unknown one.
  expect_problem(order_with({{"reward_token", beas}}), 422, "invalid_reward", "reward_token");
  expect_problem(order_with({{"reward_token", "not-a-token"}}), 422, "invalid_reward",
                 "reward_token");
  expect_problem(
      post("/api/v1/orders", {{"lines", {line(scarf, 1)}}, {"reward_token", token}}, anna), 422,
      "reward_not_applicable", "reward_token");
  // At most one token, however it is sent.
  expect_problem(order_with({{"reward_token", Json::array({token, token})}}), 422,
                 "one_reward_per_order", "reward_token");
  expect_problem(order_with({{"reward_tokens", Json::array({token})}}), 422, "one_reward_per_order",
                 "reward_tokens");
  const std::string twice = "{\"lines\":[{\"product_id\":" + std::to_string(socks) +
                            ",\"size\":\"M\",\"quantity\":1}],\"reward_token\":\"" + token +
                            "\",\"reward_token\":\"" + token + "\"}";
  expect_problem(send_raw("POST", "/api/v1/orders", twice, anna), 422, "one_reward_per_order",
                 "reward_token");
  expect_problem(order_with({{"reward_token", Json::array({token})}}), 400, "invalid_type",
                 "reward_token");
  expect_problem(order_with({{"reward_token", 7}}), 400, "invalid_type", "reward_token");
  EXPECT_EQ(snapshot(), before);

  // Claimed once, refused the second time; expired at the exact instant.
  ASSERT_EQ(order_with({{"reward_token", token}}).status, 201);
  const auto claimed = snapshot();
  expect_problem(order_with({{"reward_token", token}}), 409, "reward_already_claimed",
                 "reward_token");
  EXPECT_EQ(snapshot(), claimed);
  const std::string later = earn_reward(anna);
  clock.advance(std::chrono::days(90));
  const std::string again = login("anna");  // the session has expired meanwhile
  const auto expired = snapshot();
  expect_problem(
      post("/api/v1/orders", {{"lines", {line(scarf, 1)}}, {"reward_token", later}}, again), 422,
      "reward_expired", "reward_token");
  EXPECT_EQ(snapshot(), expired);
  EXPECT_EQ(get("/api/v1/me/rewards", again).body.at("items")[0].at("status"), "expired");
}

TEST_P(CheckoutDiscountsApiTest, RewardsAreForCustomersOnly) {
  expect_problem(get("/api/v1/me/rewards"), 401, "unauthenticated");
  expect_problem(get("/api/v1/me/rewards", analyst), 403, "forbidden");
  EXPECT_EQ(get("/api/v1/me/rewards", customer_token("anna")).body,
            Json({{"items", Json::array()}}));
}

TEST_P(CheckoutDiscountsApiTest, ProductPagesShowTheRewardOnlyToItsOwner) {
  const std::string anna = customer_token("anna");
  const std::string bea = customer_token("bea");
  earn_reward(anna);
  auto percent_by_id = [](const Answer& page) {
    std::map<Id, Json> found;
    for (const auto& item : page.body.at("items")) {
      found[item.at("id")] =
          item.contains("reward_percent_off") ? item.at("reward_percent_off") : Json("absent");
    }
    return found;
  };
  auto mine = get("/api/v1/products", anna);
  ASSERT_EQ(mine.status, 200) << mine.raw;
  EXPECT_EQ(percent_by_id(mine),
            (std::map<Id, Json>{{coat, nullptr}, {socks, 10}, {scarf, nullptr}}));
  EXPECT_EQ(percent_by_id(get("/api/v1/products", bea)),
            (std::map<Id, Json>{{coat, nullptr}, {socks, nullptr}, {scarf, nullptr}}));
  EXPECT_EQ(percent_by_id(get("/api/v1/products")),
            (std::map<Id, Json>{{coat, "absent"}, {socks, "absent"}, {scarf, "absent"}}));
  EXPECT_EQ(percent_by_id(get("/api/v1/products", analyst)),
            (std::map<Id, Json>{{coat, "absent"}, {socks, "absent"}, {scarf, "absent"}}));

  const std::string page = "/api/v1/products/" + std::to_string(socks);
  EXPECT_EQ(get(page, anna).body.at("reward_percent_off"), 10);
  EXPECT_EQ(get(page, bea).body.at("reward_percent_off"), nullptr);
  EXPECT_FALSE(get(page).body.contains("reward_percent_off"));
  // A stale or bogus token is ignored: the page answers as for anyone.
  auto stale = get(page, "not-a-token");
  EXPECT_EQ(stale.status, 200);
  EXPECT_FALSE(stale.body.contains("reward_percent_off"));

  // Once it has expired it is no longer shown.
  clock.advance(std::chrono::days(90));
  EXPECT_EQ(get(page, login("anna")).body.at("reward_percent_off"), nullptr);
}

}  // namespace
}  // namespace cw::http::testing
