// The web application served by the route table's catch-all: embedded files gzipped once at
// build time, index.html for the app's pages, JSON 404s kept for the API; and the endpoints the
// app added (categories, the offer plan and its coupons, the plan equal to the CLI's).
#include <sys/wait.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "api_fixture.hpp"
#include "http/web_assets.hpp"
#include "offers/shop_fixture.hpp"

namespace cw::http::testing {
namespace {

using WebAppTest = ApiTest;

struct Raw {
  int status = 0;
  std::string body, content_type, encoding, cache_control;
};

// A GET that keeps the body as sent (no automatic decompression).
Raw raw_get(int port, const std::string& path, const std::string& accept_encoding) {
  httplib::Client own("127.0.0.1", port);
  own.set_decompress(false);
  httplib::Headers headers;
  if (!accept_encoding.empty()) headers.emplace("Accept-Encoding", accept_encoding);
  auto result = own.Get(path, headers);
  if (!result) return {};
  return {result->status, result->body, result->get_header_value("Content-Type"),
          result->get_header_value("Content-Encoding"), result->get_header_value("Cache-Control")};
}

std::string gunzip_text(const std::string& gzip) {
  std::string out(1 << 20, '\0');
  z_stream stream{};
  inflateInit2(&stream, 16 + MAX_WBITS);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gzip.data()));
  stream.avail_in = static_cast<uInt>(gzip.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int status = inflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return status == Z_STREAM_END ? out : std::string("<not one gzip stream>");
}

// The first hashed script of the build (index-<hash>.js).
std::string first_script() {
  for (const auto& file : embedded_web_files()) {
    if (file.path.starts_with("/assets/") && file.path.ends_with(".js")) {
      return std::string(file.path);
    }
  }
  return {};
}

TEST_F(WebAppTest, RootIsIndexHtmlGzippedOnceAndNeverCached) {
  const Raw root = raw_get(port, "/", "gzip, deflate");
  ASSERT_EQ(root.status, 200);
  EXPECT_EQ(root.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(root.encoding, "gzip");
  EXPECT_EQ(root.cache_control, "no-cache");
  const std::string html = gunzip_text(root.body);
  EXPECT_NE(html.find("<div id=\"app\">"), std::string::npos) << html;
  // Without gzip in Accept-Encoding the same page comes uncompressed.
  const Raw plain = raw_get(port, "/", "identity");
  EXPECT_EQ(plain.status, 200);
  EXPECT_EQ(plain.encoding, "");
  EXPECT_EQ(plain.body, html);
}

// (Not over the wire: cpp-httplib gzips text bodies itself for any Accept-Encoding naming gzip.)
TEST(AcceptsGzip, ReadsTheTokenAndItsWeight) {
  EXPECT_TRUE(accepts_gzip("gzip"));
  EXPECT_TRUE(accepts_gzip("deflate, gzip;q=0.5, br"));
  EXPECT_TRUE(accepts_gzip("*"));
  EXPECT_FALSE(accepts_gzip(""));
  EXPECT_FALSE(accepts_gzip("identity"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("br, gzip; q=0.000"));
  EXPECT_FALSE(accepts_gzip("x-gzip2"));
}

TEST_F(WebAppTest, PagesOfTheAppAnswerIndexHtmlSoAReloadWorks) {
  const std::string html = raw_get(port, "/", "").body;
  for (const char* page :
       {"/products/7", "/dash/rfm", "/staff/picks", "/orders?page=2", "/a/b/c/d/e/f/g/h/i/j/k"}) {
    const Raw answer = raw_get(port, page, "");
    EXPECT_EQ(answer.status, 200) << page;
    EXPECT_EQ(answer.content_type, "text/html; charset=utf-8") << page;
    EXPECT_EQ(answer.body, html) << page;
  }
}

TEST_F(WebAppTest, HashedAssetsAreImmutableAndMissingFilesAre404) {
  const std::string script = first_script();
  ASSERT_FALSE(script.empty()) << "the build has no script under /assets/";
  const Raw answer = raw_get(port, script, "gzip");
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(answer.encoding, "gzip");
  EXPECT_EQ(answer.cache_control, "public, max-age=31536000, immutable");
  EXPECT_GT(gunzip_text(answer.body).size(), answer.body.size());
  expect_problem(get("/assets/gone-123.js"), 404, "not_found");
  expect_problem(get("/picture.png"), 404, "not_found");
}

TEST_F(WebAppTest, ApiPathsStayJsonAndOtherMethodsAreNotCaught) {
  expect_problem(get("/api/v1/nothing-here"), 404, "not_found");
  expect_problem(get("/api"), 404, "not_found");
  expect_problem(send_raw("POST", "/products/7", "{}"), 404, "not_found");
  expect_problem(send_raw("DELETE", "/", ""), 404, "not_found");
  EXPECT_EQ(get("/healthz").body, Json({{"status", "ok"}}));
}

TEST_F(WebAppTest, CategoriesListsEveryCategoryWithItsProductsOnSale) {
  add_product("Chelsea", 8000);
  add_product("Derby", 9000);
  add_product("Sandal", 3000, {{"UK 5", 1}}, "sandals");
  auto answer = get("/api/v1/categories");
  ASSERT_EQ(answer.status, 200);
  ASSERT_EQ(answer.body.at("items").size(), 2u);
  EXPECT_EQ(answer.body["items"][0]["name"], "Boots");
  EXPECT_EQ(answer.body["items"][0]["products"], 2);
  EXPECT_EQ(answer.body["items"][1]["name"], "sandals");
  EXPECT_EQ(answer.body["items"][1]["products"], 1);
}

class OffersApiTest : public ApiTest {
 protected:
  OffersApiTest() { offers::test::build_shop(*database); }
};

INSTANTIATE_TEST_SUITE_P(Db, OffersApiTest, cw::testing::kBothBackends, cw::testing::backend_name);

TEST_P(OffersApiTest, PlanNeedsABudgetAndMarketingRole) {
  const std::string analyst = staff_token("ana", customers::Role::kAnalyst);
  expect_problem(get("/api/v1/offers/plan?as_of=2025-12-31", analyst), 400, "missing_parameter",
                 "budget");
  expect_problem(get("/api/v1/offers/plan?budget=abc", analyst), 400, "invalid_option", "budget");
  expect_problem(get("/api/v1/offers/plan?budget=10.00", customer_token("shopper")), 403,
                 "forbidden");
}

TEST_P(OffersApiTest, PlanStaysWithinBudgetAndOnlyAnAdminIssuesItsCoupons) {
  const std::string analyst = staff_token("ana", customers::Role::kAnalyst);
  const std::string admin = staff_token("boss", customers::Role::kAdmin);
  auto plan = get("/api/v1/offers/plan?budget=20.00&as_of=2025-12-31", analyst);
  ASSERT_EQ(plan.status, 200) << plan.raw;
  EXPECT_EQ(plan.body["budget"], "20.00");
  const auto offered = plan.body.at("rows").size();
  ASSERT_GT(offered, 0u);
  EXPECT_EQ(plan.body["customers"], offers::test::kCustomers);
  EXPECT_LE(std::stod(plan.body["expected_cost"].get<std::string>()), 20.0);

  const Json request = {{"budget", "20.00"}, {"campaign", "Win-back"}, {"as_of", "2025-12-31"}};
  expect_problem(post("/api/v1/offers/coupons", request, analyst), 403, "forbidden");
  auto issued = post("/api/v1/offers/coupons", request, admin);
  ASSERT_EQ(issued.status, 201) << issued.raw;
  EXPECT_EQ(issued.body["created"], offered);
  EXPECT_EQ(issued.body["reused"], 0);
  EXPECT_EQ(issued.body["campaign_created"], true);
  // Asking again issues nothing new: every offered customer keeps the unused coupon.
  auto again = post("/api/v1/offers/coupons", request, admin);
  ASSERT_EQ(again.status, 201);
  EXPECT_EQ(again.body["created"], 0);
  EXPECT_EQ(again.body["reused"], offered);
  EXPECT_EQ(again.body["campaign_id"], issued.body["campaign_id"]);
}

// The plan's rows as CSV-like lines, each number printed with 17 digits so that the same double
// reads the same from JSON and from CSV.
std::string exact(double value) {
  char text[40];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

std::vector<std::string> api_plan_lines(const Json& body) {
  std::vector<std::string> out;
  for (const Json& row : body.at("rows")) {
    std::string line;
    for (const Json& column : body.at("columns")) {
      const Json& v = row.at(column.get<std::string>());
      if (!line.empty()) line += ',';
      if (v.is_number_float())
        line += exact(v.get<double>());
      else if (v.is_string())
        line += v.get<std::string>();
      else
        line += v.dump();
    }
    out.push_back(line);
  }
  return out;
}

// `cartwise offers plan` CSV (no quoting in this shop's values) in the same form: p_alive (column
// 3) is the one number; ids, texts, money and percents compare as printed.
std::vector<std::string> cli_plan_lines(const std::string& csv) {
  std::vector<std::string> out;
  std::istringstream lines(csv);
  std::string header, text;
  std::getline(lines, header);
  EXPECT_EQ(header,
            "customer_id,email,segment,p_alive,clv,value_at_risk,percent_off,expected_cost");
  while (std::getline(lines, text)) {
    std::istringstream fields(text);
    std::string field, line;
    for (int i = 0; std::getline(fields, field, ','); ++i) {
      if (i) line += ',';
      line += i == 3 ? exact(std::stod(field)) : field;
    }
    out.push_back(line);
  }
  return out;
}

TEST_P(OffersApiTest, PlanIsTheCliPlanForTheSameAsOfAlsoWhenServedFromTheCache) {
  const std::string analyst = staff_token("ana", customers::Role::kAnalyst);
  auto first = get("/api/v1/offers/plan?budget=20.00&as_of=2025-12-31", analyst);
  ASSERT_EQ(first.status, 200) << first.raw;
  // Another budget on the same data and as-of: the fitted models come from the cache.
  auto cached = get("/api/v1/offers/plan?budget=20.00&as_of=2025-12-31&ladder=0,10", analyst);
  ASSERT_EQ(cached.status, 200) << cached.raw;
  auto again = get("/api/v1/offers/plan?budget=20.00&as_of=2025-12-31", analyst);
  ASSERT_EQ(again.status, 200) << again.raw;
  EXPECT_EQ(again.raw, first.raw);
  EXPECT_NE(cached.raw, first.raw);

  cw::testing::TempDir dir;
  const std::string out = dir.file("plan.csv");
  const std::string command = "env -i PATH=/usr/bin:/bin " + std::string(CARTWISE_BINARY) +
                              " offers plan --db '" + database.location() +
                              "' --as-of 2025-12-31 --budget 20.00 >" + out + " 2>/dev/null";
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << command;
  std::ifstream in(out);
  std::stringstream csv;
  csv << in.rdbuf();
  const auto cli = cli_plan_lines(csv.str());
  ASSERT_GT(cli.size(), 0u);
  EXPECT_EQ(api_plan_lines(first.body), cli);
  EXPECT_EQ(api_plan_lines(again.body), cli);
}

TEST_P(OffersApiTest, ANewOrderGivesANewPlan) {
  const std::string analyst = staff_token("ana", customers::Role::kAnalyst);
  const std::string path = "/api/v1/offers/plan?budget=20.00&as_of=2025-12-31";
  auto before = get(path, analyst);
  ASSERT_EQ(before.status, 200) << before.raw;
  ASSERT_GT(before.body.at("rows").size(), 0u);
  const Id offered = before.body["rows"][0]["customer_id"].get<Id>();
  {
    // A purchase on the as-of date: the customer is surely alive (P(alive) 1), so no offer.
    auto c = database->lease();
    cw::testing::ShopBuilder shop{*c};
    shop.amount_order(offered, start_of_day(offers::test::kAsOfDay) + 10 * kSecondsPerHour, 5000);
  }
  facts::rebuild_all(*database);
  auto after = get(path, analyst);
  ASSERT_EQ(after.status, 200) << after.raw;
  for (const Json& row : after.body.at("rows")) EXPECT_NE(row.at("customer_id").get<Id>(), offered);
  EXPECT_NE(after.raw, before.raw);
}

}  // namespace
}  // namespace cw::http::testing
