// GET /api/v1/analytics/{report}: the report engine over HTTP for analysts and admins.
#include "api_fixture.hpp"
#include "http/warmup.hpp"

namespace cw::http::testing {
namespace {

class AnalyticsApiTest : public ApiTest {
 protected:
  AnalyticsApiTest() {
    boots = add_product("Chelsea Boot", 8999, {{"UK 5", 10}});
    alice = customer_token("alice");
    bob = customer_token("bob");
    analyst = staff_token("numbers", customers::Role::kAnalyst);
  }
  Id boots = 0;
  std::string alice, bob, analyst;
};

// Rows of a report answer keyed by customer_id.
std::map<std::int64_t, Json> by_customer(const Answer& answer) {
  std::map<std::int64_t, Json> rows;
  for (const Json& row : answer.body.at("rows"))
    rows[row.at("customer_id").get<std::int64_t>()] = row;
  return rows;
}

INSTANTIATE_TEST_SUITE_P(Db, AnalyticsApiTest, cw::testing::kBothBackends,
                         cw::testing::backend_name);

TEST_P(AnalyticsApiTest, RfmOfTheLiveShopAsJson) {
  order(alice, boots, "UK 5", 2);
  order(alice, boots, "UK 5", 1);
  order(bob, boots, "UK 5", 1);

  auto answer = get("/api/v1/analytics/rfm?as_of=2026-03-01", analyst);
  ASSERT_EQ(answer.status, 200) << answer.raw;
  EXPECT_EQ(answer.content_type, "application/json");
  EXPECT_EQ(answer.body.at("report"), "rfm");
  EXPECT_EQ(answer.body.at("as_of"), "2026-03-01");
  auto rows = by_customer(answer);
  ASSERT_EQ(rows.size(), 2u);
  const Json& first = rows.begin()->second;  // alice registered first
  EXPECT_EQ(first.at("frequency"), 2);
  EXPECT_EQ(first.at("monetary"), "269.97");
  EXPECT_EQ(first.at("recency_days"), 0);
  EXPECT_EQ(rows.rbegin()->second.at("monetary"), "89.99");
}

TEST_P(AnalyticsApiTest, ANewOrderShowsInTheNextAnswer) {
  order(alice, boots, "UK 5", 1);
  auto before = get("/api/v1/analytics/rfm?as_of=2026-03-01", analyst);
  ASSERT_EQ(before.status, 200) << before.raw;
  ASSERT_EQ(before.body.at("rows").size(), 1u);
  order(bob, boots, "UK 5", 1);
  auto after = get("/api/v1/analytics/rfm?as_of=2026-03-01", analyst);
  EXPECT_EQ(after.body.at("rows").size(), 2u);
}

TEST_P(AnalyticsApiTest, OptionsAreTheCliFlagsInSnakeCase) {
  order(alice, boots, "UK 5", 3);
  order(bob, boots, "UK 5", 1);
  auto answer = get("/api/v1/analytics/top-customers?as_of=2026-03-01&share=0.5", analyst);
  ASSERT_EQ(answer.status, 200) << answer.raw;
  ASSERT_EQ(answer.body.at("rows").size(), 1u);  // alice alone brings 75% of the revenue
  EXPECT_EQ(answer.body.at("rows")[0].at("revenue"), "269.97");
}

TEST_P(AnalyticsApiTest, ShopOnlyReportsRunToo) {
  auto answer = get("/api/v1/analytics/overstock?as_of=2026-03-01&overstock_threshold=5", analyst);
  ASSERT_EQ(answer.status, 200) << answer.raw;
  ASSERT_EQ(answer.body.at("rows").size(), 1u);
  EXPECT_EQ(answer.body.at("rows")[0].at("product_id"), boots);
}

TEST_P(AnalyticsApiTest, LifetimeValueReportsAnswerOverHttp) {
  order(alice, boots, "UK 5", 1);
  order(alice, boots, "UK 5", 1);
  order(bob, boots, "UK 5", 1);
  // Two customers cannot identify the purchase model: a clear refusal, not numbers.
  expect_problem(get("/api/v1/analytics/clv?as_of=2026-03-01&horizon=26&margin=0.4", analyst), 422,
                 "model_not_identified");
  expect_problem(get("/api/v1/analytics/clv?margin=1.5", analyst), 400, "invalid_option", "margin");
  expect_problem(get("/api/v1/analytics/clv-model?time_unit=month", analyst), 400, "invalid_option",
                 "time_unit");
  auto recommendations = get("/api/v1/analytics/recommendations?as_of=2026-03-01", analyst);
  ASSERT_EQ(recommendations.status, 200) << recommendations.raw;
  EXPECT_EQ(recommendations.body.at("report"), "recommendations");
  ASSERT_FALSE(recommendations.body.at("rows").empty());
  EXPECT_EQ(recommendations.body.at("rows")[0].at("name"), "Boots");
}

TEST_P(AnalyticsApiTest, AdminsMayCustomersMayNot) {
  auto admin = staff_token("boss", customers::Role::kAdmin);
  EXPECT_EQ(get("/api/v1/analytics/segments", admin).status, 200);
  expect_problem(get("/api/v1/analytics/segments", alice), 403, "forbidden");
  auto warehouse = staff_token("picker", customers::Role::kWarehouse);
  expect_problem(get("/api/v1/analytics/segments", warehouse), 403, "forbidden");
  expect_problem(get("/api/v1/analytics/segments"), 401, "unauthenticated");
}

TEST_P(AnalyticsApiTest, BadReportsAndOptionsNameWhatIsWrong) {
  expect_problem(get("/api/v1/analytics/nonsense", analyst), 400, "unknown_report", "report");
  expect_problem(get("/api/v1/analytics/top-customers?share=2", analyst), 400, "invalid_option",
                 "share");
  expect_problem(get("/api/v1/analytics/rfm?as_of=2026-02-30", analyst), 400, "invalid_option",
                 "as_of");
  expect_problem(get("/api/v1/analytics/rfm?colour=red", analyst), 400, "invalid_option", "colour");
  expect_problem(get("/api/v1/analytics/order-value?low_max=-1", analyst), 400, "invalid_option",
                 "low_max");
}

// The ids of the rows of a report answer, in order.
std::vector<std::int64_t> customer_ids(const Answer& answer) {
  std::vector<std::int64_t> ids;
  for (const Json& row : answer.body.at("rows")) ids.push_back(row.at("customer_id"));
  return ids;
}

TEST_P(AnalyticsApiTest, PagesCutTheRowsAndCountThemAll) {
  const std::string carol = customer_token("carol");
  order(alice, boots, "UK 5", 3);
  order(bob, boots, "UK 5", 2);
  order(carol, boots, "UK 5", 1);
  const std::string rfm = "/api/v1/analytics/rfm?as_of=2026-03-01";
  auto whole = get(rfm, analyst);
  ASSERT_EQ(whole.status, 200) << whole.raw;
  EXPECT_FALSE(whole.body.contains("total"));  // no paging asked: the whole table, as before
  const auto all = customer_ids(whole);
  ASSERT_EQ(all.size(), 3u);

  auto first = get(rfm + "&page_size=2", analyst);
  ASSERT_EQ(first.status, 200) << first.raw;
  EXPECT_EQ(first.body.at("page"), 1);
  EXPECT_EQ(first.body.at("page_size"), 2);
  EXPECT_EQ(first.body.at("total"), 3);
  EXPECT_EQ(first.body.at("columns"), whole.body.at("columns"));
  EXPECT_EQ(customer_ids(first), (std::vector<std::int64_t>{all[0], all[1]}));
  auto last = get(rfm + "&page=2&page_size=2", analyst);
  EXPECT_EQ(customer_ids(last), (std::vector<std::int64_t>{all[2]}));
  EXPECT_EQ(last.body.at("total"), 3);
  auto beyond = get(rfm + "&page=3&page_size=2", analyst);
  ASSERT_EQ(beyond.status, 200) << beyond.raw;
  EXPECT_TRUE(beyond.body.at("rows").empty());
  EXPECT_EQ(beyond.body.at("total"), 3);
  EXPECT_EQ(get(rfm + "&page=1", analyst).body.at("page_size"), 50);  // the default size

  expect_problem(get(rfm + "&page=0", analyst), 400, "invalid_parameter", "page");
  expect_problem(get(rfm + "&page=abc", analyst), 400, "invalid_parameter", "page");
  expect_problem(get(rfm + "&page_size=0", analyst), 400, "invalid_parameter", "page_size");
  expect_problem(get(rfm + "&page_size=1001", analyst), 400, "invalid_parameter", "page_size");
  EXPECT_EQ(get(rfm + "&page_size=1000", analyst).status, 200);
}

// The revenue of the "Boots" row of the categories report.
std::string boots_revenue(const Answer& answer) {
  for (const Json& row : answer.body.at("rows"))
    if (row.at("category") == "Boots") return row.at("revenue");
  return "none";
}

TEST_P(AnalyticsApiTest, TheCachedOrdersFollowEachCheckout) {
  // The server keeps the orders and lines the shop-table reports read (categories, coupons,
  // campaigns, loyalty, visitors-without-orders) and warms them in the background: a checkout
  // must still show in the next answer, also right after a snapshot started a warm-up.
  const std::string categories = "/api/v1/analytics/categories?as_of=2026-03-01";
  order(alice, boots, "UK 5", 1);
  auto before = get(categories, analyst);
  ASSERT_EQ(before.status, 200) << before.raw;
  EXPECT_EQ(boots_revenue(before), "89.99");
  order(bob, boots, "UK 5", 1);
  EXPECT_EQ(boots_revenue(get(categories, analyst)), "179.98");

  auto admin = staff_token("boss", customers::Role::kAdmin);
  ASSERT_EQ(post("/api/v1/snapshots", {{"as_of", "2026-03-01"}}, admin).status, 201);
  order(alice, boots, "UK 5", 2);
  EXPECT_EQ(boots_revenue(get(categories, analyst)), "359.96");
  auto visitors = get("/api/v1/analytics/visitors-without-orders?as_of=2026-03-01", analyst);
  ASSERT_EQ(visitors.status, 200) << visitors.raw;
  EXPECT_EQ(visitors.body.at("rows")[1].at("group"), "with an order");
  EXPECT_EQ(visitors.body.at("rows")[1].at("customers"), 2);
}

// The units of product `id` in a loyalty by-product (or least-trending) answer; -1 when absent.
std::int64_t units_of(const Answer& answer, Id id) {
  for (const Json& row : answer.body.at("rows"))
    if (row.at("product_id") == id) return row.at("units");
  return -1;
}

TEST_P(AnalyticsApiTest, ProductSumsAreComputedOnceAndFollowEachCheckout) {
  // loyalty by product and least-trending (and categories) share one computation of the
  // per-product sums per copy of the cached orders and as-of day (reports/shop_inputs.hpp,
  // OrderMemo): a checkout makes a new copy, so both views move together.
  const std::string by_product = "/api/v1/analytics/loyalty?as_of=2026-03-01&by=product";
  const std::string least = "/api/v1/analytics/loyalty?as_of=2026-03-01&by=least-trending";
  order(alice, boots, "UK 5", 1);
  EXPECT_EQ(units_of(get(by_product, analyst), boots), 1);
  EXPECT_EQ(units_of(get(least, analyst), boots), 1);
  order(bob, boots, "UK 5", 2);
  EXPECT_EQ(units_of(get(least, analyst), boots), 3);
  EXPECT_EQ(units_of(get(by_product, analyst), boots), 3);
  // Another as-of day is a sum of its own: before the orders, none.
  EXPECT_EQ(units_of(get("/api/v1/analytics/loyalty?as_of=2025-01-01&by=product", analyst), boots),
            0);
}

TEST_P(AnalyticsApiTest, TheCachedOrdersFollowCancellationsAndShipments) {
  // The warm-up reloads the cache after a change instead of patching it (http/warmup.hpp): an
  // order cancelled after the cache was loaded and warmed leaves the next answer, a shipped one
  // stays in it, and the customer facts follow too.
  const std::string categories = "/api/v1/analytics/categories?as_of=2026-03-01";
  const std::string rfm = "/api/v1/analytics/rfm?as_of=2026-03-01";
  const Id first = order(alice, boots, "UK 5", 1);
  const Id second = order(bob, boots, "UK 5", 2);
  EXPECT_EQ(boots_revenue(get(categories, analyst)), "269.97");
  ASSERT_EQ(get(rfm, analyst).status, 200);
  auto admin = staff_token("boss", customers::Role::kAdmin);
  ASSERT_EQ(post("/api/v1/snapshots", {{"as_of", "2026-03-01"}}, admin).status, 201);

  const auto shipped = post("/api/v1/orders/" + std::to_string(second) + "/ship", nullptr,
                            staff_token("packer", customers::Role::kWarehouse));
  ASSERT_EQ(shipped.status, 200) << shipped.raw;
  EXPECT_EQ(boots_revenue(get(categories, analyst)), "269.97");
  const auto cancelled =
      post("/api/v1/orders/" + std::to_string(first) + "/cancel", nullptr, alice);
  ASSERT_EQ(cancelled.status, 200) << cancelled.raw;
  EXPECT_EQ(boots_revenue(get(categories, analyst)), "179.98");
  const auto rows = by_customer(get(rfm, analyst));
  EXPECT_EQ(rows.size(), 1u);  // alice has no order left
  ASSERT_EQ(rows.begin()->second.at("frequency"), 1);
  EXPECT_EQ(rows.begin()->second.at("monetary"), "179.98");
}

TEST(WarmupPollDelay, AMinuteOrTenTimesTheLastWarmUpsCpu) {
  using std::chrono::milliseconds;
  using std::chrono::seconds;
  EXPECT_EQ(warmup_poll_delay(seconds(0)), milliseconds(60'000));
  EXPECT_EQ(warmup_poll_delay(seconds(6)), milliseconds(60'000));
  EXPECT_EQ(warmup_poll_delay(seconds(14)), milliseconds(140'000));
  EXPECT_EQ(warmup_poll_delay(milliseconds(30'500)), milliseconds(305'000));
}

}  // namespace
}  // namespace cw::http::testing
