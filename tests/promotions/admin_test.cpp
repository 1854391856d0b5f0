#include <gtest/gtest.h>

#include "promotions/checkout.hpp"
#include "promotions/promotions.hpp"
#include "support/shop_builder.hpp"

namespace cw::promotions {
namespace {

using cw::testing::epoch_2026;
using std::chrono::seconds;

Date day(const char* text) {
  return *parse_date(text);
}

class AdminTest : public ::testing::TestWithParam<cw::testing::Backend> {
 protected:
  void SetUp() override {
    auto c = database->lease();
    cw::testing::ShopBuilder shop{*c};
    shoes = shop.category("Shoes");
    heel = shop.product(shoes, 10000);
    alice = shop.customer("alice@example.com");
  }

  void expect_error(const Error& error, ErrorKind kind, const std::string& code,
                    const std::string& field) {
    EXPECT_EQ(error.kind, kind);
    EXPECT_EQ(error.code, code);
    EXPECT_EQ(error.field, field);
  }

  void expect_invalid(const NewCoupon& input, const std::string& code, const std::string& field) {
    auto created = promotions.create_coupon(input);
    ASSERT_FALSE(created.has_value()) << "accepted, expected " << code << " on " << field;
    expect_error(created.error(), ErrorKind::kUnprocessable, code, field);
  }

  NewCampaign spring() const {
    return {.name = "Spring sale",
            .channel = "email",
            .starts_on = day("2026-03-01"),
            .ends_on = day("2026-03-31"),
            .cost = 150000,
            .impressions = 20000,
            .clicks = 800,
            .target_segment = "At risk"};
  }

  cw::testing::TestDatabase database;
  ManualClock clock{epoch_2026()};
  Promotions promotions{*database, clock};
  Id shoes = 0, heel = 0, alice = 0;
};

INSTANTIATE_TEST_SUITE_P(Db, AdminTest, cw::testing::kBothBackends, cw::testing::backend_name);

TEST_P(AdminTest, CreatesListsAndReadsCoupons) {
  auto campaign = promotions.create_campaign(spring());
  ASSERT_TRUE(campaign.has_value());
  auto created = promotions.create_coupon({.code = "heels-20",
                                           .scope = Scope::kProduct,
                                           .scope_id = heel,
                                           .percent_off = 20,
                                           .expires_at = epoch_2026() + seconds(3600),
                                           .max_uses = 100,
                                           .max_uses_per_customer = 1,
                                           .campaign_id = campaign->id});
  ASSERT_TRUE(created.has_value()) << created.error().message;
  EXPECT_EQ(created->code, "HEELS-20");
  auto read = promotions.get_coupon(created->id);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->scope, Scope::kProduct);
  EXPECT_EQ(read->scope_id, heel);
  EXPECT_EQ(read->percent_off, 20);
  EXPECT_EQ(read->amount_off, std::nullopt);
  EXPECT_EQ(read->starts_at, std::nullopt);
  EXPECT_EQ(read->expires_at, epoch_2026() + seconds(3600));
  EXPECT_EQ(read->max_uses, 100);
  EXPECT_EQ(read->max_uses_per_customer, 1);
  EXPECT_EQ(read->uses, 0);
  EXPECT_TRUE(read->active);
  EXPECT_EQ(read->campaign_id, campaign->id);
  EXPECT_EQ(read->created_at, epoch_2026());
  ASSERT_TRUE(promotions.create_coupon({.code = "TEN", .amount_off = 1000}).has_value());
  const auto all = promotions.list_coupons();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].code, "HEELS-20");
  EXPECT_EQ(all[1].code, "TEN");
  EXPECT_EQ(all[1].amount_off, 1000);
}

TEST_P(AdminTest, RejectsInvalidCouponsNamingTheField) {
  expect_invalid({.code = "x", .percent_off = 10}, "invalid_coupon", "code");
  expect_invalid({.code = "HAS SPACE", .percent_off = 10}, "invalid_coupon", "code");
  expect_invalid({.code = "NONE"}, "invalid_coupon", "percent_off");
  expect_invalid({.code = "BOTH", .percent_off = 10, .amount_off = 100}, "invalid_coupon",
                 "percent_off");
  expect_invalid({.code = "ZERO", .percent_off = 0}, "invalid_coupon", "percent_off");
  expect_invalid({.code = "OVER", .percent_off = 101}, "invalid_coupon", "percent_off");
  expect_invalid({.code = "NEG", .amount_off = -5}, "invalid_coupon", "amount_off");
  expect_invalid({.code = "ORDERID", .scope_id = heel, .percent_off = 5}, "invalid_coupon",
                 "scope_id");
  expect_invalid({.code = "NOCAT", .scope = Scope::kCategory, .percent_off = 5}, "invalid_coupon",
                 "scope_id");
  expect_invalid({.code = "BADCAT", .scope = Scope::kCategory, .scope_id = 999, .percent_off = 5},
                 "unknown_category", "scope_id");
  expect_invalid({.code = "BADPROD", .scope = Scope::kProduct, .scope_id = 999, .percent_off = 5},
                 "unknown_product", "scope_id");
  expect_invalid({.code = "BACKWARDS",
                  .percent_off = 5,
                  .starts_at = epoch_2026(),
                  .expires_at = epoch_2026()},
                 "invalid_coupon", "expires_at");
  expect_invalid({.code = "NOUSE", .percent_off = 5, .max_uses = 0}, "invalid_coupon", "max_uses");
  expect_invalid({.code = "NOUSE2", .percent_off = 5, .max_uses_per_customer = 0}, "invalid_coupon",
                 "max_uses_per_customer");
  expect_invalid({.code = "NOCAMP", .percent_off = 5, .campaign_id = 42}, "unknown_campaign",
                 "campaign_id");
  EXPECT_TRUE(promotions.list_coupons().empty());
}

TEST_P(AdminTest, DuplicateCodeIgnoringCaseIsAConflict) {
  ASSERT_TRUE(promotions.create_coupon({.code = "WELCOME", .percent_off = 10}).has_value());
  auto again = promotions.create_coupon({.code = "welcome", .amount_off = 500});
  ASSERT_FALSE(again.has_value());
  expect_error(again.error(), ErrorKind::kConflict, "duplicate_coupon", "code");
  auto other = promotions.create_coupon({.code = "OTHER", .percent_off = 5});
  ASSERT_TRUE(other.has_value());
  auto renamed = promotions.update_coupon(other->id, {.code = "Welcome"});
  ASSERT_FALSE(renamed.has_value());
  expect_error(renamed.error(), ErrorKind::kConflict, "duplicate_coupon", "code");
}

TEST_P(AdminTest, PatchChangesOnlyWhatItNamesAndCanClearFields) {
  auto created = promotions.create_coupon(
      {.code = "FLEX", .percent_off = 10, .expires_at = epoch_2026() + seconds(60), .max_uses = 5});
  ASSERT_TRUE(created.has_value());
  auto patched = promotions.update_coupon(created->id, {.percent_off = std::optional<int>{},
                                                        .amount_off = std::optional<Minor>{250},
                                                        .expires_at = std::optional<Timestamp>{}});
  ASSERT_TRUE(patched.has_value()) << patched.error().message;
  EXPECT_EQ(patched->percent_off, std::nullopt);
  EXPECT_EQ(patched->amount_off, 250);
  EXPECT_EQ(patched->expires_at, std::nullopt);
  EXPECT_EQ(patched->max_uses, 5);
  EXPECT_EQ(patched->code, "FLEX");

  auto bad = promotions.update_coupon(created->id, {.amount_off = std::optional<Minor>{}});
  ASSERT_FALSE(bad.has_value());
  expect_error(bad.error(), ErrorKind::kUnprocessable, "invalid_coupon", "percent_off");
  EXPECT_EQ(promotions.get_coupon(created->id)->amount_off, 250);  // unchanged

  auto missing = promotions.update_coupon(999, {.active = false});
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
}

TEST_P(AdminTest, DisabledCouponIsRefusedAtCheckoutAndCanBeEnabledAgain) {
  auto created = promotions.create_coupon({.code = "PAUSE", .percent_off = 10});
  ASSERT_TRUE(created.has_value());
  auto disabled = promotions.disable_coupon(created->id);
  ASSERT_TRUE(disabled.has_value());
  EXPECT_FALSE(disabled->active);
  auto c = database->lease();
  PricedLines lines{{heel, shoes, "M", 1, 10000, 0}};
  {
    db::Transaction tx(*c, db::TxMode::kWrite);
    auto refused = apply_coupon(*c, "PAUSE", alice, epoch_2026(), lines);
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code, "coupon_disabled");
  }
  ASSERT_TRUE(promotions.update_coupon(created->id, {.active = true}).has_value());
  db::Transaction tx(*c, db::TxMode::kWrite);
  EXPECT_TRUE(apply_coupon(*c, "PAUSE", alice, epoch_2026(), lines).has_value());
}

TEST_P(AdminTest, MaxUsesCannotDropBelowUsesAlreadyMade) {
  auto created = promotions.create_coupon({.code = "LIMITED", .percent_off = 10, .max_uses = 5});
  ASSERT_TRUE(created.has_value());
  {
    auto c = database->lease();
    for (int i = 0; i < 3; ++i) {
      db::Transaction tx(*c, db::TxMode::kWrite);
      PricedLines lines{{heel, shoes, "M", 1, 10000, 0}};
      ASSERT_TRUE(apply_coupon(*c, "LIMITED", alice, epoch_2026(), lines).has_value());
      tx.commit();
    }
  }
  auto lowered =
      promotions.update_coupon(created->id, {.max_uses = std::optional<std::int64_t>{2}});
  ASSERT_FALSE(lowered.has_value());
  expect_error(lowered.error(), ErrorKind::kUnprocessable, "invalid_coupon", "max_uses");
  auto to_three =
      promotions.update_coupon(created->id, {.max_uses = std::optional<std::int64_t>{3}});
  ASSERT_TRUE(to_three.has_value());
  EXPECT_EQ(to_three->uses, 3);
  EXPECT_EQ(to_three->max_uses, 3);
}

TEST_P(AdminTest, CreatesAndUpdatesCampaigns) {
  auto created = promotions.create_campaign(spring());
  ASSERT_TRUE(created.has_value()) << created.error().message;
  auto read = promotions.get_campaign(created->id);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->name, "Spring sale");
  EXPECT_EQ(read->channel, "email");
  EXPECT_EQ(format_date(read->starts_on), "2026-03-01");
  EXPECT_EQ(format_date(read->ends_on), "2026-03-31");
  EXPECT_EQ(read->cost, 150000);
  EXPECT_EQ(read->impressions, 20000);
  EXPECT_EQ(read->clicks, 800);
  EXPECT_EQ(read->target_segment, "At risk");

  // Figures imported later: cost and clicks change, the rest stays.
  auto updated = promotions.update_campaign(
      created->id,
      {.cost = 175050, .clicks = 1234, .target_segment = std::optional<std::string>{}});
  ASSERT_TRUE(updated.has_value());
  EXPECT_EQ(updated->cost, 175050);
  EXPECT_EQ(updated->clicks, 1234);
  EXPECT_EQ(updated->impressions, 20000);
  EXPECT_EQ(updated->target_segment, std::nullopt);
  EXPECT_EQ(promotions.get_campaign(created->id)->clicks, 1234);

  ASSERT_TRUE(promotions
                  .create_campaign({.name = "One day",
                                    .channel = "social",
                                    .starts_on = day("2026-04-01"),
                                    .ends_on = day("2026-04-01")})
                  .has_value());
  const auto all = promotions.list_campaigns();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1].name, "One day");
  EXPECT_EQ(promotions.get_campaign(999).error().kind, ErrorKind::kNotFound);
}

TEST_P(AdminTest, RejectsInvalidCampaignsNamingTheField) {
  struct Case {
    NewCampaign input;
    const char* field;
  };
  NewCampaign base = spring();
  std::vector<Case> cases;
  cases.push_back({base, "name"});
  cases.back().input.name = "  ";
  cases.push_back({base, "channel"});
  cases.back().input.channel = "";
  cases.push_back({base, "ends_at"});
  cases.back().input.ends_on = day("2026-02-28");
  cases.push_back({base, "cost"});
  cases.back().input.cost = -1;
  cases.push_back({base, "impressions"});
  cases.back().input.impressions = -1;
  cases.push_back({base, "clicks"});
  cases.back().input.clicks = -1;
  for (const auto& c : cases) {
    auto created = promotions.create_campaign(c.input);
    ASSERT_FALSE(created.has_value()) << c.field;
    expect_error(created.error(), ErrorKind::kUnprocessable, "invalid_campaign", c.field);
  }
  EXPECT_TRUE(promotions.list_campaigns().empty());
  auto created = promotions.create_campaign(base);
  ASSERT_TRUE(created.has_value());
  auto bad = promotions.update_campaign(created->id, {.starts_on = day("2026-04-01")});
  ASSERT_FALSE(bad.has_value());
  expect_error(bad.error(), ErrorKind::kUnprocessable, "invalid_campaign", "ends_at");
}

}  // namespace
}  // namespace cw::promotions
