// The server's frame: health, the OpenAPI document against the route table, problem+json for
// every error the frame produces, authentication, body limit, request logging.
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <set>
#include <sstream>

#include "api_fixture.hpp"

namespace cw::http::testing {
namespace {

using FrameworkTest = ApiTest;

TEST_F(FrameworkTest, HealthzAnswersOk) {
  auto answer = get("/healthz");
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.content_type, "application/json");
  EXPECT_EQ(answer.body, Json({{"status", "ok"}}));
}

TEST_F(FrameworkTest, OpenApiDocumentListsEveryRouteOfTheTable) {
  auto answer = get("/api/v1/openapi.json");
  ASSERT_EQ(answer.status, 200);
  EXPECT_EQ(answer.content_type, "application/json");
  ASSERT_TRUE(answer.body.is_object()) << "the document does not parse";
  EXPECT_EQ(answer.body.value("openapi", "").substr(0, 2), "3.");
  const Json& paths = answer.body.at("paths");
  const auto routes = route_list();
  ASSERT_GE(routes.size(), 21u);
  std::set<std::pair<std::string, std::string>> in_table;
  for (const auto& route : routes) {
    // The web application's catch-all is not part of the API.
    if (!route.path.starts_with("/api/") && route.path != "/healthz") continue;
    std::string method = route.method;
    for (char& c : method) c = static_cast<char>(std::tolower(c));
    in_table.insert({route.path, method});
    ASSERT_TRUE(paths.contains(route.path)) << route.path << " is not documented";
    const Json& operation = paths.at(route.path);
    ASSERT_TRUE(operation.contains(method)) << route.method << " " << route.path;
    EXPECT_TRUE(operation.at(method).contains("responses")) << route.path;
  }
  // And the document promises nothing the server does not answer.
  for (const auto& [path, operations] : paths.items()) {
    for (const auto& [method, _] : operations.items()) {
      EXPECT_TRUE(in_table.count({path, method})) << method << " " << path << " has no route";
    }
  }
  EXPECT_EQ(answer.raw, std::string(openapi_document()));
}

TEST_F(FrameworkTest, UnknownPathIsProblem404AndWrongMethod405) {
  expect_problem(get("/api/v1/nothing-here"), 404, "not_found");
  expect_problem(get("/api/v1/products/1/extra"), 404, "not_found");
  expect_problem(send_raw("PATCH", "/api/v1/products", "{}"), 405, "method_not_allowed");
}

TEST_F(FrameworkTest, MalformedJsonIs400AndChangesNothing) {
  const auto before = snapshot();
  for (const char* body : {"{", "not json", "{\"username\": }", "", "[1,2]", "\"text\"", "42"}) {
    auto answer = send_raw("POST", "/api/v1/customers", body);
    EXPECT_EQ(answer.status, 400) << body;
    EXPECT_EQ(answer.content_type, "application/problem+json");
    const std::string code = answer.body.value("code", "");
    EXPECT_TRUE(code == "malformed_json" || code == "invalid_type") << body << " -> " << code;
  }
  expect_problem(send_raw("POST", "/api/v1/customers", "{\"username\": "), 400, "malformed_json");
  expect_problem(send_raw("POST", "/api/v1/customers", "[]"), 400, "invalid_type");
  EXPECT_EQ(snapshot(), before);
}

TEST_F(FrameworkTest, OversizedBodyIsProblem413AndChangesNothing) {
  const auto before = snapshot();
  Json big = registration("bigbody");
  big["occupation"] = std::string(static_cast<std::size_t>(config.max_body_bytes) + 1, 'x');
  auto answer = send_raw("POST", "/api/v1/customers", big.dump());
  expect_problem(answer, 413, "payload_too_large");
  EXPECT_EQ(snapshot(), before);
  // The connection stays usable for the next request.
  EXPECT_EQ(get("/healthz").status, 200);
}

TEST_F(FrameworkTest, MissingOrInvalidTokenIs401) {
  expect_problem(get("/api/v1/me"), 401, "unauthenticated");
  expect_problem(get("/api/v1/me", "not-a-real-token"), 401, "invalid_token");
  auto wrong_scheme = client->Get("/api/v1/me", {{"Authorization", "Basic dXNlcjpwYXNz"}});
  ASSERT_TRUE(wrong_scheme);
  EXPECT_EQ(wrong_scheme->status, 401);
  EXPECT_EQ(Json::parse(wrong_scheme->body).value("code", ""), "invalid_token");
}

TEST_F(FrameworkTest, PublicRoutesIgnoreTokens) {
  EXPECT_EQ(get("/api/v1/products", "garbage-token").status, 200);
}

TEST_F(FrameworkTest, LogsOneLinePerRequestWithoutSecrets) {
  std::ostringstream lines;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(lines);
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("capture", sink));
  spdlog::set_level(spdlog::level::info);

  const std::string token = customer_token("logme");
  get("/api/v1/me", token);
  get("/api/v1/nothing");
  // A request is logged once its response is written; once the server has stopped, every line is.
  server->stop();
  serving.join();

  spdlog::set_default_logger(previous);
  spdlog::set_level(spdlog::level::warn);
  const std::string log = lines.str();
  EXPECT_NE(log.find("POST /api/v1/customers 201"), std::string::npos) << log;
  EXPECT_NE(log.find("POST /api/v1/sessions 200"), std::string::npos) << log;
  EXPECT_NE(log.find("GET /api/v1/me 200"), std::string::npos) << log;
  EXPECT_NE(log.find("GET /api/v1/nothing 404"), std::string::npos) << log;
  EXPECT_NE(log.find("ms"), std::string::npos) << log;
  EXPECT_EQ(log.find(token), std::string::npos) << "the token was logged";
  EXPECT_EQ(log.find("correct horse battery"), std::string::npos) << "a password was logged";
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 4) << log;
}

// A failure of the database itself (here: a table gone) is an exception inside the handler; it
// becomes a generic 500 problem that reveals no SQL, and the server keeps serving.
TEST_F(FrameworkTest, UnexpectedFailureIsProblem500WithoutDetails) {
  const Id product = add_product("Boot", 1000);
  const Json visit = post("/api/v1/visits", nullptr).body;
  database->lease()->execute_script("DROP TABLE visit_events");
  auto answer =
      post("/api/v1/visits/" + std::to_string(visit.at("id").get<Id>()) + "/events",
           {{"kind", "view"}, {"product_id", product}, {"visitor_key", visit.at("visitor_key")}});
  expect_problem(answer, 500, "internal");
  EXPECT_EQ(answer.raw.find("visit_events"), std::string::npos) << answer.raw;
  EXPECT_EQ(get("/healthz").status, 200);
}

TEST_F(FrameworkTest, ServerStopsWhenAskedBeforeListening) {
  Config other = config;
  Server idle(*database, other, clock);
  ASSERT_TRUE(idle.bind().has_value());
  idle.stop();
  idle.listen();  // returns at once: stop() came first
  SUCCEED();
}

}  // namespace
}  // namespace cw::http::testing
