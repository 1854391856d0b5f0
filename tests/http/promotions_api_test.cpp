// Coupons and campaigns over HTTP: creation with exact bodies, listing, partial updates, roles and
// validation errors.
#include "promo_api_fixture.hpp"

namespace cw::http::testing {
namespace {

using PromotionsApiTest = PromoApiTest;

Json spring_coupon() {
  return {{"code", "spring-10"},
          {"percent_off", 10},
          {"scope", "order"},
          {"starts_at", "2026-03-01T00:00:00Z"},
          {"expires_at", "2026-04-01T00:00:00Z"},
          {"max_uses", 100},
          {"max_uses_per_customer", 2}};
}

Json spring_campaign() {
  return {{"name", "Spring sale"},
          {"channel", "email"},
          {"starts_at", "2026-03-01"},
          {"ends_at", "2026-03-31"},
          {"cost", "1500.00"},
          {"impressions", 20000},
          {"clicks", 800},
          {"target_segment", "Champions"}};
}

INSTANTIATE_TEST_SUITE_P(Db, PromotionsApiTest, cw::testing::kBothBackends,
                         cw::testing::backend_name);

TEST_P(PromotionsApiTest, CreateCouponAnswers201WithEveryField) {
  auto created = post("/api/v1/coupons", spring_coupon(), analyst);
  ASSERT_EQ(created.status, 201) << created.raw;
  const Id id = created.body.at("id");
  EXPECT_GT(id, 0);
  const Json expected = {{"id", id},
                         {"code", "SPRING-10"},
                         {"scope", "order"},
                         {"scope_id", nullptr},
                         {"percent_off", 10},
                         {"amount_off", nullptr},
                         {"currency", "GBP"},
                         {"starts_at", "2026-03-01T00:00:00Z"},
                         {"expires_at", "2026-04-01T00:00:00Z"},
                         {"max_uses", 100},
                         {"max_uses_per_customer", 2},
                         {"uses", 0},
                         {"active", true},
                         {"campaign_id", nullptr},
                         {"customer_id", nullptr},
                         {"created_at", "2026-03-01T10:00:00Z"},
                         {"external_ref", nullptr}};
  EXPECT_EQ(created.body, expected);
  EXPECT_EQ(get("/api/v1/coupons/" + std::to_string(id), analyst).body, expected);
  auto listed = get("/api/v1/coupons", analyst);
  ASSERT_EQ(listed.status, 200) << listed.raw;
  EXPECT_EQ(listed.body, Json({{"items", {expected}}}));
}

TEST_P(PromotionsApiTest, AmountCouponForAProductCarriesMoneyAsAString) {
  auto created = post("/api/v1/coupons",
                      {{"code", "SOCKS5"},
                       {"amount_off", "5.00"},
                       {"scope", "product"},
                       {"scope_id", socks},
                       {"max_uses", nullptr}},
                      staff_token("boss", customers::Role::kAdmin));
  ASSERT_EQ(created.status, 201) << created.raw;
  EXPECT_EQ(created.body.at("code"), "SOCKS5");
  EXPECT_EQ(created.body.at("scope"), "product");
  EXPECT_EQ(created.body.at("scope_id"), socks);
  EXPECT_EQ(created.body.at("amount_off"), "5.00");
  EXPECT_EQ(created.body.at("percent_off"), nullptr);
  EXPECT_EQ(created.body.at("max_uses"), nullptr);
  EXPECT_EQ(created.body.at("starts_at"), nullptr);
}

TEST_P(PromotionsApiTest, PatchChangesOnlyWhatItNamesAndNullClears) {
  const Id id = create_coupon(spring_coupon());
  const std::string path = "/api/v1/coupons/" + std::to_string(id);
  auto changed = patch(
      path, {{"percent_off", nullptr}, {"amount_off", "7.50"}, {"max_uses", nullptr}}, analyst);
  ASSERT_EQ(changed.status, 200) << changed.raw;
  EXPECT_EQ(changed.body.at("percent_off"), nullptr);
  EXPECT_EQ(changed.body.at("amount_off"), "7.50");
  EXPECT_EQ(changed.body.at("max_uses"), nullptr);
  EXPECT_EQ(changed.body.at("max_uses_per_customer"), 2);  // untouched
  EXPECT_EQ(changed.body.at("expires_at"), "2026-04-01T00:00:00Z");
  EXPECT_EQ(changed.body.at("active"), true);
  EXPECT_EQ(get(path, analyst).body, changed.body);
}

TEST_P(PromotionsApiTest, ActiveFalseDisablesAndCheckoutRefusesIt) {
  const Id id = create_coupon(spring_coupon());
  auto disabled = patch("/api/v1/coupons/" + std::to_string(id), {{"active", false}}, analyst);
  ASSERT_EQ(disabled.status, 200) << disabled.raw;
  EXPECT_EQ(disabled.body.at("active"), false);
  const std::string anna = customer_token("anna");
  const auto before = snapshot();
  expect_problem(
      post("/api/v1/orders", {{"lines", {line(socks, 1)}}, {"coupon_code", "Spring-10"}}, anna),
      422, "coupon_disabled", "coupon_code");
  EXPECT_EQ(snapshot(), before);
}

TEST_P(PromotionsApiTest, CouponValidationErrorsNameTheField) {
  const auto before = snapshot();
  auto with = [](Json body, const char* key, Json value) {
    body[key] = std::move(value);
    return body;
  };
  const Json base = spring_coupon();
  // Wrong JSON types and malformed encodings.
  expect_problem(post("/api/v1/coupons", with(base, "amount_off", 5), analyst), 400, "invalid_type",
                 "amount_off");
  expect_problem(post("/api/v1/coupons", with(base, "percent_off", "10"), analyst), 400,
                 "invalid_type", "percent_off");
  expect_problem(post("/api/v1/coupons", with(base, "active", "no"), analyst), 400, "invalid_type",
                 "active");
  expect_problem(post("/api/v1/coupons", with(base, "scope", "basket"), analyst), 400,
                 "invalid_parameter", "scope");
  Json no_code = base;
  no_code.erase("code");
  expect_problem(post("/api/v1/coupons", no_code, analyst), 400, "missing_field", "code");
  Json no_scope = base;
  no_scope.erase("scope");
  expect_problem(post("/api/v1/coupons", no_scope, analyst), 400, "missing_field", "scope");
  expect_problem(post("/api/v1/coupons",
                      with(with(base, "percent_off", nullptr), "amount_off", "5.999"), analyst),
                 422, "invalid_money", "amount_off");
  expect_problem(post("/api/v1/coupons", with(base, "starts_at", "March 1st"), analyst), 422,
                 "invalid_timestamp", "starts_at");
  // Domain rules.
  expect_problem(post("/api/v1/coupons", with(base, "percent_off", nullptr), analyst), 422,
                 "invalid_coupon", "percent_off");
  expect_problem(post("/api/v1/coupons", with(base, "amount_off", "5.00"), analyst), 422,
                 "invalid_coupon", "percent_off");
  expect_problem(post("/api/v1/coupons", with(base, "percent_off", 101), analyst), 422,
                 "invalid_coupon", "percent_off");
  expect_problem(post("/api/v1/coupons", with(base, "code", "x"), analyst), 422, "invalid_coupon",
                 "code");
  expect_problem(post("/api/v1/coupons", with(base, "expires_at", "2026-02-01T00:00:00Z"), analyst),
                 422, "invalid_coupon", "expires_at");
  expect_problem(
      post("/api/v1/coupons", with(with(base, "scope", "product"), "scope_id", 987654), analyst),
      422, "unknown_product", "scope_id");
  expect_problem(post("/api/v1/coupons", with(base, "campaign_id", 987654), analyst), 422,
                 "unknown_campaign", "campaign_id");
  EXPECT_EQ(snapshot(), before);

  create_coupon(base);
  expect_problem(post("/api/v1/coupons", with(base, "code", "SPRING-10"), analyst), 409,
                 "duplicate_coupon", "code");
}

TEST_P(PromotionsApiTest, UnknownCouponIs404AndPatchIsValidatedAsAWhole) {
  expect_problem(get("/api/v1/coupons/987654", analyst), 404, "not_found");
  expect_problem(get("/api/v1/coupons/abc", analyst), 404, "not_found");
  expect_problem(patch("/api/v1/coupons/987654", {{"active", false}}, analyst), 404, "not_found");
  const Id id = create_coupon(spring_coupon());
  const auto before = snapshot();
  // Setting amount_off without clearing percent_off leaves both: refused, nothing changes.
  expect_problem(patch("/api/v1/coupons/" + std::to_string(id), {{"amount_off", "5.00"}}, analyst),
                 422, "invalid_coupon", "percent_off");
  expect_problem(patch("/api/v1/coupons/" + std::to_string(id), {{"max_uses", "ten"}}, analyst),
                 400, "invalid_type", "max_uses");
  EXPECT_EQ(snapshot(), before);
  EXPECT_EQ(get("/api/v1/coupons/" + std::to_string(id), analyst).body.at("percent_off"), 10);
}

TEST_P(PromotionsApiTest, ImportedCouponWithUnknownTermsNeedsTermsToBeActivated) {
  // As the Cartify import leaves it: inactive, placeholder percent_off 1, terms unknown.
  Json inactive = spring_coupon();
  inactive["active"] = false;
  const Id id = create_coupon(inactive);
  database->lease()->exec("UPDATE coupons SET percent_off = 1, terms_unknown = 1 WHERE id = ?", id);
  const std::string path = "/api/v1/coupons/" + std::to_string(id);
  const auto before = snapshot();
  expect_problem(patch(path, {{"active", true}}, analyst), 409, "coupon_terms_unknown", "active");
  EXPECT_EQ(snapshot(), before);

  // Terms stated with the activation make them known; the amount replaces the placeholder.
  auto activated = patch(path, {{"active", true}, {"amount_off", "4.00"}}, analyst);
  ASSERT_EQ(activated.status, 200) << activated.raw;
  EXPECT_EQ(activated.body.at("active"), true);
  EXPECT_EQ(activated.body.at("amount_off"), "4.00");
  EXPECT_EQ(activated.body.at("percent_off"), nullptr);
  EXPECT_EQ(database->lease()->scalar("SELECT terms_unknown FROM coupons WHERE id = ?", id), 0);
  // Known terms: switching it off and on again needs nothing more.
  ASSERT_EQ(patch(path, {{"active", false}}, analyst).status, 200);
  EXPECT_EQ(patch(path, {{"active", true}}, analyst).status, 200);
}

TEST_P(PromotionsApiTest, OnlyAnalystsAndAdminsManagePromotions) {
  const Id id = create_coupon(spring_coupon());
  const std::string customer = customer_token("anna");
  const std::string packer = staff_token("packer", customers::Role::kWarehouse);
  const std::string coupon = "/api/v1/coupons/" + std::to_string(id);
  const auto before = snapshot();
  for (const std::string& token : {customer, packer}) {
    expect_problem(post("/api/v1/coupons", spring_coupon(), token), 403, "forbidden");
    expect_problem(get("/api/v1/coupons", token), 403, "forbidden");
    expect_problem(get(coupon, token), 403, "forbidden");
    expect_problem(patch(coupon, {{"active", false}}, token), 403, "forbidden");
    expect_problem(post("/api/v1/campaigns", spring_campaign(), token), 403, "forbidden");
    expect_problem(get("/api/v1/campaigns", token), 403, "forbidden");
    expect_problem(get("/api/v1/campaigns/1", token), 403, "forbidden");
    expect_problem(patch("/api/v1/campaigns/1", {{"clicks", 1}}, token), 403, "forbidden");
  }
  expect_problem(get("/api/v1/coupons"), 401, "unauthenticated");
  expect_problem(post("/api/v1/campaigns", spring_campaign()), 401, "unauthenticated");
  EXPECT_EQ(snapshot(), before);
  const std::string admin = staff_token("boss", customers::Role::kAdmin);
  EXPECT_EQ(get(coupon, admin).status, 200);
  EXPECT_EQ(post("/api/v1/campaigns", spring_campaign(), admin).status, 201);
}

TEST_P(PromotionsApiTest, CreateCampaignAnswers201WithEveryField) {
  auto created = post("/api/v1/campaigns", spring_campaign(), analyst);
  ASSERT_EQ(created.status, 201) << created.raw;
  const Id id = created.body.at("id");
  const Json expected = {{"id", id},
                         {"name", "Spring sale"},
                         {"channel", "email"},
                         {"starts_at", "2026-03-01"},
                         {"ends_at", "2026-03-31"},
                         {"cost", "1500.00"},
                         {"currency", "GBP"},
                         {"impressions", 20000},
                         {"clicks", 800},
                         {"target_segment", "Champions"},
                         {"created_at", "2026-03-01T10:00:00Z"},
                         {"external_ref", nullptr}};
  EXPECT_EQ(created.body, expected);
  EXPECT_EQ(get("/api/v1/campaigns/" + std::to_string(id), analyst).body, expected);
  EXPECT_EQ(get("/api/v1/campaigns", analyst).body, Json({{"items", {expected}}}));

  // A coupon may belong to it.
  Json coupon = spring_coupon();
  coupon["campaign_id"] = id;
  auto linked = post("/api/v1/coupons", coupon, analyst);
  ASSERT_EQ(linked.status, 201) << linked.raw;
  EXPECT_EQ(linked.body.at("campaign_id"), id);
}

TEST_P(PromotionsApiTest, CampaignFiguresImportedLaterArePatched) {
  Json minimal = {{"name", "Autumn"},
                  {"channel", "social"},
                  {"starts_at", "2026-09-01"},
                  {"ends_at", "2026-09-30"}};
  auto created = post("/api/v1/campaigns", minimal, analyst);
  ASSERT_EQ(created.status, 201) << created.raw;
  EXPECT_EQ(created.body.at("cost"), "0.00");
  EXPECT_EQ(created.body.at("impressions"), 0);
  EXPECT_EQ(created.body.at("target_segment"), nullptr);
  const std::string path = "/api/v1/campaigns/" + created.body.at("id").dump();
  auto changed =
      patch(path, {{"cost", "1750.50"}, {"clicks", 950}, {"impressions", 31000}}, analyst);
  ASSERT_EQ(changed.status, 200) << changed.raw;
  Json expected = created.body;
  expected["cost"] = "1750.50";
  expected["clicks"] = 950;
  expected["impressions"] = 31000;
  EXPECT_EQ(changed.body, expected);
  auto segment = patch(path, {{"target_segment", "Loyal"}}, analyst);
  EXPECT_EQ(segment.body.at("target_segment"), "Loyal");
  EXPECT_EQ(patch(path, {{"target_segment", nullptr}}, analyst).body.at("target_segment"), nullptr);
  expect_problem(patch("/api/v1/campaigns/987654", {{"clicks", 1}}, analyst), 404, "not_found");
  expect_problem(get("/api/v1/campaigns/987654", analyst), 404, "not_found");
}

TEST_P(PromotionsApiTest, CampaignValidationErrorsNameTheField) {
  auto with = [](Json body, const char* key, Json value) {
    body[key] = std::move(value);
    return body;
  };
  const Json base = spring_campaign();
  const auto before = snapshot();
  expect_problem(post("/api/v1/campaigns", with(base, "cost", 1500), analyst), 400, "invalid_type",
                 "cost");
  expect_problem(post("/api/v1/campaigns", with(base, "cost", "15,00"), analyst), 422,
                 "invalid_money", "cost");
  expect_problem(post("/api/v1/campaigns", with(base, "clicks", "800"), analyst), 400,
                 "invalid_type", "clicks");
  Json no_name = base;
  no_name.erase("name");
  expect_problem(post("/api/v1/campaigns", no_name, analyst), 400, "missing_field", "name");
  Json no_end = base;
  no_end.erase("ends_at");
  expect_problem(post("/api/v1/campaigns", no_end, analyst), 400, "missing_field", "ends_at");
  expect_problem(post("/api/v1/campaigns", with(base, "starts_at", "2026-02-30"), analyst), 422,
                 "invalid_date", "starts_at");
  expect_problem(post("/api/v1/campaigns", with(base, "ends_at", "2026-02-28"), analyst), 422,
                 "invalid_campaign", "ends_at");
  expect_problem(post("/api/v1/campaigns", with(base, "cost", "-1.00"), analyst), 422,
                 "invalid_campaign", "cost");
  expect_problem(post("/api/v1/campaigns", with(base, "name", "  "), analyst), 422,
                 "invalid_campaign", "name");
  EXPECT_EQ(snapshot(), before);

  auto created = post("/api/v1/campaigns", base, analyst);
  ASSERT_EQ(created.status, 201);
  const std::string path = "/api/v1/campaigns/" + created.body.at("id").dump();
  expect_problem(patch(path, {{"cost", 12.5}}, analyst), 400, "invalid_type", "cost");
  expect_problem(patch(path, {{"clicks", -3}}, analyst), 422, "invalid_campaign", "clicks");
  EXPECT_EQ(get(path, analyst).body, created.body);
}

}  // namespace
}  // namespace cw::http::testing
