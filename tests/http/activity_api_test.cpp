// Visits and their events, anonymous or from a customer's token.
#include "api_fixture.hpp"

namespace cw::http::testing {
namespace {

class ActivityApiTest : public ApiTest {
 protected:
  ActivityApiTest() { boot = add_product("Chelsea Boot", 8999, {{"UK 5", 5}}); }
  Id boot = 0;
};

INSTANTIATE_TEST_SUITE_P(Db, ActivityApiTest, cw::testing::kBothBackends,
                         cw::testing::backend_name);

TEST_P(ActivityApiTest, AnonymousVisitWithEvents) {
  auto visit = post("/api/v1/visits", {{"visitor_key", "cookie-1"}, {"source", "email"}});
  ASSERT_EQ(visit.status, 201) << visit.raw;
  const Id id = visit.body.at("id");
  EXPECT_EQ(visit.body, Json({{"id", id},
                              {"customer_id", nullptr},
                              {"visitor_key", "cookie-1"},
                              {"started_at", "2026-03-01T10:00:00Z"},
                              {"source", "email"},
                              {"campaign_id", nullptr}}));
  const std::string events = "/api/v1/visits/" + std::to_string(id) + "/events";
  // Without its key nobody writes into an anonymous visit, not even staff.
  expect_problem(post(events, {{"kind", "view"}, {"product_id", boot}}), 404, "not_found");
  expect_problem(
      post(events, {{"kind", "view"}, {"product_id", boot}, {"visitor_key", "cookie-2"}}), 404,
      "not_found");
  expect_problem(post(events, {{"kind", "view"}, {"product_id", boot}},
                      staff_token("admin", customers::Role::kAdmin)),
                 404, "not_found");
  auto view = post(events, {{"kind", "view"}, {"product_id", boot}, {"visitor_key", "cookie-1"}});
  ASSERT_EQ(view.status, 201) << view.raw;
  EXPECT_EQ(view.body, Json({{"visit_id", id},
                             {"kind", "view"},
                             {"product_id", boot},
                             {"size", nullptr},
                             {"quantity", 1}}));
  auto add = post(events, {{"kind", "cart_add"},
                           {"product_id", boot},
                           {"size", "UK 5"},
                           {"quantity", 2},
                           {"visitor_key", "cookie-1"}});
  ASSERT_EQ(add.status, 201) << add.raw;
  auto c = database->lease();
  EXPECT_EQ(c->scalar("SELECT COUNT(*) FROM visit_events WHERE visit_id = ?", id), 2);
  EXPECT_EQ(c->scalar("SELECT quantity FROM visit_events WHERE kind = 'cart_add'"), 2);
}

TEST_P(ActivityApiTest, VisitWithTokenBelongsToTheCustomer) {
  const std::string token = customer_token("vera");
  auto visit = post("/api/v1/visits", nullptr, token);
  ASSERT_EQ(visit.status, 201) << visit.raw;
  EXPECT_EQ(visit.body.at("customer_id"), get("/api/v1/me", token).body.at("id"));
  // Another customer cannot write into it.
  const std::string events =
      "/api/v1/visits/" + std::to_string(visit.body.at("id").get<Id>()) + "/events";
  expect_problem(post(events, {{"kind", "view"}, {"product_id", boot}}, customer_token("wendy")),
                 404, "not_found");
  // Nor anyone without a token, nor staff.
  expect_problem(post(events, {{"kind", "view"}, {"product_id", boot}}), 404, "not_found");
  expect_problem(post(events, {{"kind", "view"}, {"product_id", boot}},
                      staff_token("admin", customers::Role::kAdmin)),
                 404, "not_found");
  EXPECT_EQ(post(events, {{"kind", "view"}, {"product_id", boot}}, token).status, 201);
  expect_problem(post("/api/v1/visits", nullptr, "bogus-token"), 401, "invalid_token");
}

TEST_P(ActivityApiTest, BadEventsAre4xxAndChangeNothing) {
  const Json visit = post("/api/v1/visits", nullptr).body;
  const Id id = visit.at("id");
  const std::string key = visit.at("visitor_key");  // assigned by the server
  const std::string events = "/api/v1/visits/" + std::to_string(id) + "/events";
  const auto before = snapshot();
  expect_problem(post(events, {{"kind", "purchase"}, {"product_id", boot}, {"visitor_key", key}}),
                 400, "invalid_parameter", "kind");
  expect_problem(post(events, {{"kind", "view"}, {"visitor_key", key}}), 400, "missing_field",
                 "product_id");
  expect_problem(post(events, {{"kind", "view"}, {"product_id", "x"}, {"visitor_key", key}}), 400,
                 "invalid_type", "product_id");
  expect_problem(post(events, {{"kind", "view"}, {"product_id", boot + 99}, {"visitor_key", key}}),
                 422, "unknown_product", "product_id");
  expect_problem(
      post(events,
           {{"kind", "cart_add"}, {"product_id", boot}, {"quantity", -1}, {"visitor_key", key}}),
      422, "invalid_quantity", "quantity");
  expect_problem(post("/api/v1/visits/999999/events", {{"kind", "view"}, {"product_id", boot}}),
                 404, "not_found");
  expect_problem(post("/api/v1/visits", {{"campaign_id", "spring"}}), 400, "invalid_type",
                 "campaign_id");
  EXPECT_EQ(snapshot(), before);
}

}  // namespace
}  // namespace cw::http::testing
