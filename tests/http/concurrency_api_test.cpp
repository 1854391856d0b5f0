// Limits that must hold when many HTTP checkouts arrive at once: a coupon's total uses and a
// reward's single claim.
#include "promo_api_fixture.hpp"

namespace cw::http::testing {
namespace {

using ConcurrencyApiTest = PromoApiTest;

INSTANTIATE_TEST_SUITE_P(Db, ConcurrencyApiTest, cw::testing::kBothBackends,
                         cw::testing::backend_name);

TEST_P(ConcurrencyApiTest, CouponLimitedToTenUsesServesExactlyTenOfFiftyCheckouts) {
  const Id coupon = create_coupon(
      {{"code", "TEN-ONLY"}, {"percent_off", 20}, {"scope", "order"}, {"max_uses", 10}});
  std::vector<std::string> tokens;
  for (int i = 0; i < 10; ++i) tokens.push_back(customer_token("buyer" + std::to_string(i)));
  const std::string body = Json({{"lines", {line(socks, 1)}}, {"coupon_code", "ten-only"}}).dump();

  const auto answers = at_once(50, [&](int i, httplib::Client& own) {
    return post_from(own, "/api/v1/orders", body, tokens[static_cast<std::size_t>(i % 10)]);
  });

  int placed = 0;
  for (const Answer& answer : answers) {
    if (answer.status == 201) {
      ++placed;
      EXPECT_EQ(answer.body.at("discount"), "4.00");
      EXPECT_EQ(answer.body.at("coupon_code"), "TEN-ONLY");
    } else {
      expect_problem(answer, 409, "coupon_exhausted", "coupon_code");
    }
  }
  EXPECT_EQ(placed, 10);
  EXPECT_EQ(get("/api/v1/coupons/" + std::to_string(coupon), analyst).body.at("uses"), 10);
  EXPECT_EQ(count("SELECT COUNT(*) FROM coupon_redemptions"), 10);
  EXPECT_EQ(count("SELECT COUNT(*) FROM orders"), 10);
  EXPECT_EQ(stock_of(socks, "M"), 90);
}

TEST_P(ConcurrencyApiTest, OneRewardTokenInTwentyCheckoutsIsClaimedOnce) {
  const std::string anna = customer_token("anna");
  const std::string token = earn_reward(anna);
  const std::string body = Json({{"lines", {line(socks, 1)}}, {"reward_token", token}}).dump();

  const auto answers = at_once(
      20, [&](int, httplib::Client& own) { return post_from(own, "/api/v1/orders", body, anna); });

  int placed = 0;
  for (const Answer& answer : answers) {
    if (answer.status == 201) {
      ++placed;
      EXPECT_EQ(answer.body.at("discount"), "2.00");
      EXPECT_EQ(answer.body.at("reward_token"), token);
    } else {
      expect_problem(answer, 409, "reward_already_claimed", "reward_token");
    }
  }
  EXPECT_EQ(placed, 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM orders"), 2);  // the one that earned it, the one using it
  EXPECT_EQ(count("SELECT COUNT(*) FROM rewards WHERE status = 'claimed'"), 1);
  EXPECT_EQ(stock_of(socks, "M"), 99);
}

}  // namespace
}  // namespace cw::http::testing
