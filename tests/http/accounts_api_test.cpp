// Registration, sessions and the customer's own profile and orders.
#include "api_fixture.hpp"

namespace cw::http::testing {
namespace {

using AccountsApiTest = ApiTest;

INSTANTIATE_TEST_SUITE_P(Db, AccountsApiTest, cw::testing::kBothBackends,
                         cw::testing::backend_name);

TEST_P(AccountsApiTest, RegisterAnswers201WithIdAndLowerCasedUsername) {
  Json body = registration("Alice.Smith");
  auto answer = post("/api/v1/customers", body);
  ASSERT_EQ(answer.status, 201) << answer.raw;
  EXPECT_EQ(answer.content_type, "application/json");
  EXPECT_GT(answer.body.at("id").get<Id>(), 0);
  EXPECT_EQ(answer.body.at("username"), "alice.smith");
  EXPECT_EQ(answer.body.size(), 2u);
}

TEST_P(AccountsApiTest, LoginAnswersTokenRoleAndExpiry) {
  ASSERT_EQ(post("/api/v1/customers", registration("bob")).status, 201);
  auto answer =
      post("/api/v1/sessions", {{"username", "bob"}, {"password", "correct horse battery"}});
  ASSERT_EQ(answer.status, 200) << answer.raw;
  EXPECT_FALSE(answer.body.at("token").get<std::string>().empty());
  EXPECT_EQ(answer.body.at("role"), "customer");
  // Default token lifetime is 24 hours from the test clock's 2026-03-01T10:00:00Z.
  EXPECT_EQ(answer.body.at("expires_at"), "2026-03-02T10:00:00Z");
}

TEST_P(AccountsApiTest, WrongPasswordOrUnknownUserIs401) {
  ASSERT_EQ(post("/api/v1/customers", registration("carol")).status, 201);
  expect_problem(post("/api/v1/sessions", {{"username", "carol"}, {"password", "wrong password!"}}),
                 401, "invalid_credentials");
  expect_problem(post("/api/v1/sessions", {{"username", "nobody"}, {"password", "whatever12345"}}),
                 401, "invalid_credentials");
}

TEST_P(AccountsApiTest, RepeatedFailedLoginsAre429) {
  ASSERT_EQ(post("/api/v1/customers", registration("dora")).status, 201);
  for (int i = 0; i < config.max_failed_logins; ++i) {
    EXPECT_EQ(post("/api/v1/sessions", {{"username", "dora"}, {"password", "bad password"}}).status,
              401);
  }
  auto throttled =
      post("/api/v1/sessions", {{"username", "dora"}, {"password", "correct horse battery"}});
  expect_problem(throttled, 429, "too_many_attempts");
  // Every failure happened at the fixed test clock's instant: the oldest leaves the window after
  // the whole window.
  EXPECT_EQ(throttled.retry_after, std::to_string(config.failed_login_window_seconds));
}

TEST_P(AccountsApiTest, LogoutEndsTheSession) {
  const std::string token = customer_token("erin");
  ASSERT_EQ(get("/api/v1/me", token).status, 200);
  auto answer = del("/api/v1/sessions", token);
  EXPECT_EQ(answer.status, 204);
  EXPECT_TRUE(answer.raw.empty());
  expect_problem(get("/api/v1/me", token), 401, "invalid_token");
  expect_problem(del("/api/v1/sessions"), 401, "unauthenticated");
}

TEST_P(AccountsApiTest, MeAnswersTheProfileWithAddress) {
  const std::string token = customer_token("fay");
  auto answer = get("/api/v1/me", token);
  ASSERT_EQ(answer.status, 200) << answer.raw;
  const Json& me = answer.body;
  EXPECT_EQ(me.at("username"), "fay");
  EXPECT_EQ(me.at("email"), "fay@example.com");
  EXPECT_EQ(me.at("first_name"), "Ada");
  EXPECT_EQ(me.at("last_name"), "Lovelace");
  EXPECT_TRUE(me.at("phone").is_null());
  EXPECT_EQ(me.at("created_at"), "2026-03-01T10:00:00Z");
  EXPECT_TRUE(me.at("external_ref").is_null());  // registered here, not imported
  EXPECT_EQ(me.at("address"), Json({{"line1", "1 High Street"},
                                    {"line2", nullptr},
                                    {"city", "Leeds"},
                                    {"postcode", "LS1 1AA"},
                                    {"country", "GB"}}));
}

TEST_P(AccountsApiTest, PatchMeChangesOnlyTheGivenFields) {
  const std::string token = customer_token("gwen");
  auto answer = patch("/api/v1/me",
                      {{"first_name", "Gwen"},
                       {"phone", "+44 113 496 0000"},
                       {"address",
                        {{"line1", "2 Low Road"},
                         {"line2", "Flat 3"},
                         {"city", "York"},
                         {"postcode", "YO1 7HH"},
                         {"country", "GB"}}}},
                      token);
  ASSERT_EQ(answer.status, 200) << answer.raw;
  EXPECT_EQ(answer.body.at("first_name"), "Gwen");
  EXPECT_EQ(answer.body.at("last_name"), "Lovelace");
  EXPECT_EQ(answer.body.at("phone"), "+44 113 496 0000");
  EXPECT_EQ(answer.body.at("address").at("city"), "York");
  EXPECT_EQ(answer.body.at("address").at("line2"), "Flat 3");
  EXPECT_EQ(get("/api/v1/me", token).body, answer.body);
}

TEST_P(AccountsApiTest, RegistrationRulesAre422AndDuplicates409) {
  ASSERT_EQ(post("/api/v1/customers", registration("hana")).status, 201);
  const auto before = snapshot();
  Json weak = registration("ivy");
  weak["password"] = "short";
  expect_problem(post("/api/v1/customers", weak), 422, "weak_password", "password");
  Json bad_name = registration("ivy");
  bad_name["username"] = "-x";
  expect_problem(post("/api/v1/customers", bad_name), 422, "invalid_username", "username");
  Json bad_email = registration("ivy");
  bad_email["email"] = "not-an-email";
  expect_problem(post("/api/v1/customers", bad_email), 422, "invalid_email", "email");
  expect_problem(post("/api/v1/customers", registration("hana")), 409, "username_taken",
                 "username");
  Json same_email = registration("ivy");
  same_email["email"] = "HANA@example.com";
  expect_problem(post("/api/v1/customers", same_email), 409, "email_taken", "email");
  EXPECT_EQ(snapshot(), before);
}

TEST_P(AccountsApiTest, MissingFieldsAndWrongTypesAre400AndChangeNothing) {
  const auto before = snapshot();
  Json missing = registration("jade");
  missing.erase("email");
  expect_problem(post("/api/v1/customers", missing), 400, "missing_field", "email");
  Json number = registration("jade");
  number["first_name"] = 42;
  expect_problem(post("/api/v1/customers", number), 400, "invalid_type", "first_name");
  Json address = registration("jade");
  address["address"]["city"] = true;
  expect_problem(post("/api/v1/customers", address), 400, "invalid_type", "address.city");
  Json no_line1 = registration("jade");
  no_line1["address"].erase("line1");
  expect_problem(post("/api/v1/customers", no_line1), 400, "missing_field", "address.line1");
  Json address_text = registration("jade");
  address_text["address"] = "1 High Street";
  expect_problem(post("/api/v1/customers", address_text), 400, "invalid_type", "address");
  expect_problem(post("/api/v1/sessions", {{"username", "jade"}}), 400, "missing_field",
                 "password");
  expect_problem(post("/api/v1/sessions", {{"username", 7}, {"password", "x"}}), 400,
                 "invalid_type", "username");
  EXPECT_EQ(snapshot(), before);

  const std::string token = customer_token("kate");
  const auto after_register = snapshot();
  const Json profile = get("/api/v1/me", token).body;
  expect_problem(patch("/api/v1/me", {{"phone", 123}}, token), 400, "invalid_type", "phone");
  expect_problem(send_raw("PATCH", "/api/v1/me", "{\"phone\":", token), 400, "malformed_json");
  expect_problem(patch("/api/v1/me", {{"email", "bad"}}, token), 422, "invalid_email", "email");
  EXPECT_EQ(snapshot(), after_register);
  EXPECT_EQ(get("/api/v1/me", token).body, profile);
}

// Every text field of registration and profile carries SQL metacharacters; each is stored and
// answered literally, and the tables are intact.
TEST_P(AccountsApiTest, SqlMetacharactersAreStoredLiterally) {
  // Short enough for the 40-character fields (phone, gender) with the field name appended.
  const std::string evil = "'); DROP TABLE customers;--%_\\\"";
  Json body = registration("o'brien");  // invalid username: quotes are not allowed
  expect_problem(post("/api/v1/customers", body), 422, "invalid_username", "username");

  body = registration("robert");
  for (const char* key : {"first_name", "last_name", "phone", "gender", "occupation"}) {
    body[key] = evil + key;
  }
  body["email"] = "robert+'--@example.com";
  for (const char* key : {"line1", "line2", "city", "country"}) body["address"][key] = evil + key;
  body["address"]["postcode"] = "LS1'; --%_";  // postcodes have at most 20 characters
  {
    auto created = post("/api/v1/customers", body);
    ASSERT_EQ(created.status, 201) << created.raw;
  }
  auto session =
      post("/api/v1/sessions", {{"username", "robert"}, {"password", "correct horse battery"}});
  ASSERT_EQ(session.status, 200);
  const std::string token = session.body.at("token");
  auto me = get("/api/v1/me", token).body;
  for (const char* key : {"first_name", "last_name", "phone", "gender", "occupation"}) {
    EXPECT_EQ(me.at(key), evil + key);
  }
  EXPECT_EQ(me.at("email"), "robert+'--@example.com");
  for (const char* key : {"line1", "line2", "city", "country"}) {
    EXPECT_EQ(me.at("address").at(key), evil + key);
  }
  EXPECT_EQ(me.at("address").at("postcode"), "LS1'; --%_");

  Json update = {{"first_name", evil}, {"occupation", "1' OR '1'='1"}};
  update["address"] = {{"line1", evil},
                       {"city", "x'); DELETE FROM addresses;--"},
                       {"postcode", "%"},
                       {"country", "_"}};
  auto patched = patch("/api/v1/me", update, token);
  ASSERT_EQ(patched.status, 200) << patched.raw;
  EXPECT_EQ(patched.body.at("first_name"), evil);
  EXPECT_EQ(patched.body.at("occupation"), "1' OR '1'='1");
  EXPECT_EQ(patched.body.at("address").at("city"), "x'); DELETE FROM addresses;--");
  EXPECT_EQ(patched.body.at("address").at("postcode"), "%");

  auto c = database->lease();
  EXPECT_EQ(c->scalar("SELECT COUNT(*) FROM customers"), 1);
  EXPECT_EQ(c->scalar("SELECT COUNT(*) FROM addresses WHERE is_default = 1"), 1);
}

TEST_P(AccountsApiTest, StaffCannotUseCustomerEndpoints) {
  const std::string staff = staff_token("picker", customers::Role::kWarehouse);
  expect_problem(get("/api/v1/me", staff), 403, "forbidden");
  expect_problem(get("/api/v1/me/orders", staff), 403, "forbidden");
  expect_problem(patch("/api/v1/me", {{"first_name", "X"}}, staff), 403, "forbidden");
}

TEST_P(AccountsApiTest, MyOrdersAreNewestFirst) {
  const Id product = add_product("Chelsea Boot", 8999);
  const std::string token = customer_token("lena");
  const Id first = order(token, product, "UK 5", 1);
  clock.advance(std::chrono::hours(1));
  const Id second = order(token, product, "UK 6", 2);
  auto answer = get("/api/v1/me/orders", token);
  ASSERT_EQ(answer.status, 200);
  const Json& items = answer.body.at("items");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0], Json({{"id", second},
                            {"status", "placed"},
                            {"placed_at", "2026-03-01T11:00:00Z"},
                            {"total", "179.98"},
                            {"currency", "GBP"},
                            {"external_ref", nullptr}}));
  EXPECT_EQ(items[1].at("id"), first);
  EXPECT_EQ(items[1].at("total"), "89.99");
  // Another customer sees none of them.
  EXPECT_EQ(get("/api/v1/me/orders", customer_token("mia")).body.at("items").size(), 0u);
}

}  // namespace
}  // namespace cw::http::testing
