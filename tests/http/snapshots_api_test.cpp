// /api/v1/snapshots: the dashboards' data over HTTP on the hand-computed shop of
// tests/snapshots/hand_shop.hpp (numbers explained there), roles, errors, and the CSV download
// against `export segment`.
#include "reports/render.hpp"
#include "reports/shop.hpp"
#include "snapshot_api_fixture.hpp"
#include "snapshots/hand_shop.hpp"

namespace cw::http::testing {
namespace {

class SnapshotsApiTest : public SnapshotApiTest {
 protected:
  SnapshotsApiTest() {
    snapshots::test::build_hand_shop(*database);
    log_in_users();
  }
};

INSTANTIATE_TEST_SUITE_P(Db, SnapshotsApiTest, cw::testing::kBothBackends,
                         cw::testing::backend_name);

TEST_P(SnapshotsApiTest, TakeListAndReadTheLatest) {
  auto empty = get("/api/v1/snapshots", analyst);
  ASSERT_EQ(empty.status, 200) << empty.raw;
  EXPECT_EQ(empty.body, Json({{"items", Json::array()}}));
  expect_problem(get("/api/v1/snapshots/latest", analyst), 404, "no_snapshot");

  auto taken = post("/api/v1/snapshots", {{"as_of", "2024-06-30"}}, admin);
  ASSERT_EQ(taken.status, 201) << taken.raw;
  EXPECT_EQ(taken.body.at("as_of"), "2024-06-30");
  EXPECT_EQ(taken.body.at("taken_at"), "2026-03-01T10:00:00Z");
  EXPECT_EQ(taken.body.at("customers"), 5);
  const std::int64_t june = taken.body.at("id");
  const std::int64_t july = take("2024-07-31");

  auto list = get("/api/v1/snapshots", analyst);
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body.at("items").size(), 2u);
  EXPECT_EQ(list.body.at("items")[0].at("id"), july);
  EXPECT_EQ(list.body.at("items")[1].at("id"), june);

  auto latest = get("/api/v1/snapshots/latest", analyst);
  ASSERT_EQ(latest.status, 200) << latest.raw;
  const Json& d = latest.body;
  EXPECT_EQ(d.at("id"), july);
  EXPECT_EQ(d.at("as_of"), "2024-07-31");
  EXPECT_EQ(d.at("currency"), "GBP");
  EXPECT_EQ(d.at("headline"), Json({{"revenue", "1570.50"},
                                    {"orders", 17},
                                    {"customers", 6},
                                    {"aov", "92.38"},  // 1570.50 / 17 = 92.382...
                                    {"repeat_rate", 5.0 / 6.0},
                                    {"abandonment_rate", 0.5}}));
  EXPECT_EQ(d.at("previous").at("id"), june);
  EXPECT_EQ(d.at("previous").at("as_of"), "2024-06-30");
  EXPECT_EQ(d.at("previous").at("headline").at("revenue"), "1510.50");
  EXPECT_EQ(d.at("previous").at("headline").at("aov"), "100.70");
  EXPECT_EQ(d.at("segments").size(), 10u);
  EXPECT_EQ(d.at("segments")[0], Json({{"segment", "Champions"},
                                       {"customers", 0},
                                       {"revenue", "0.00"},
                                       {"revenue_share", 0.0}}));
  // July: 1 and 6 active, 2 and 3 cooling, 4 inactive, 5 dormant (inactive too).
  EXPECT_EQ(d.at("activity"), Json::parse(R"json([{"class":"active","customers":2},
      {"class":"cooling","customers":2},{"class":"inactive","customers":2},
      {"class":"dormant","customers":1}])json"));
  ASSERT_EQ(d.at("rfm_grid").size(), 25u);
  EXPECT_EQ(d.at("rfm_grid")[0], Json({{"r", 5}, {"f", 5}, {"customers", 0}, {"revenue", "0.00"}}));
  EXPECT_EQ(d.at("top_tier").at("customers"), 1);
  EXPECT_DOUBLE_EQ(d.at("top_tier").at("revenue_share").get<double>(), 100050.0 / 157050.0);
  EXPECT_EQ(d.at("clv_fitted"), false);

  auto by_id = get("/api/v1/snapshots/" + std::to_string(june), analyst);
  ASSERT_EQ(by_id.status, 200);
  EXPECT_EQ(by_id.body.at("previous"), nullptr);
}

TEST_P(SnapshotsApiTest, RolesAndUnknownSnapshots) {
  const std::int64_t id = take("2024-06-30");
  const std::string one = "/api/v1/snapshots/" + std::to_string(id);
  for (const std::string& path : {std::string("/api/v1/snapshots"), one, one + "/customers",
                                  std::string("/api/v1/snapshots/migration/customers")})
    expect_problem(get(path, shopper), 403, "forbidden");
  expect_problem(get("/api/v1/snapshots"), 401, "unauthenticated");
  expect_problem(post("/api/v1/snapshots", Json::object(), shopper), 403, "forbidden");
  expect_problem(post("/api/v1/snapshots", Json::object(), analyst), 403, "forbidden");
  expect_problem(post("/api/v1/snapshots", {{"as_of", "2024-02-30"}}, admin), 422, "invalid_date",
                 "as_of");
  expect_problem(get("/api/v1/snapshots/" + std::to_string(id + 1), analyst), 404, "no_snapshot");
  expect_problem(get("/api/v1/snapshots/yesterday", analyst), 404, "no_snapshot");
  expect_problem(get("/api/v1/snapshots/99/customers", analyst), 404, "no_snapshot");
  // With one snapshot there is nothing to compare.
  expect_problem(get("/api/v1/snapshots/migration/customers", analyst), 404, "no_snapshot");
  expect_problem(get("/api/v1/analytics/segment-migration", analyst), 404, "no_snapshot");
}

TEST_P(SnapshotsApiTest, PostWithoutABodyTakesOneAsOfToday) {
  auto taken = post("/api/v1/snapshots", nullptr, admin);
  ASSERT_EQ(taken.status, 201) << taken.raw;
  EXPECT_EQ(taken.body.at("as_of"), "2026-03-01");  // the server's clock
  EXPECT_EQ(taken.body.at("customers"), 6);
}

TEST_P(SnapshotsApiTest, CustomersPagedAndFiltered) {
  const std::int64_t id = take("2024-06-30");
  const std::string base = "/api/v1/snapshots/" + std::to_string(id) + "/customers";
  auto all = get(base + "?page_size=2&page=1", analyst);
  ASSERT_EQ(all.status, 200) << all.raw;
  EXPECT_EQ(all.body.at("total"), 5);
  EXPECT_EQ(all.body.at("page"), 1);
  EXPECT_EQ(all.body.at("page_size"), 2);
  EXPECT_EQ(all.body.at("currency"), "GBP");
  ASSERT_EQ(all.body.at("items").size(), 2u);
  EXPECT_EQ(all.body.at("items")[0], Json({{"customer_id", 5},
                                           {"first_name", "Eve"},
                                           {"last_name", "Test"},
                                           {"email", "c5@example.com"},
                                           {"recency_days", 181},
                                           {"frequency", 5},
                                           {"monetary", "1000.50"},
                                           {"r", 1},
                                           {"f", 5},
                                           {"m", 5},
                                           {"segment", "Cannot lose"},
                                           {"activity", "dormant"},
                                           {"clv", nullptr}}));
  EXPECT_EQ(all.body.at("items")[1].at("customer_id"), 4);
  auto cooling = get(base + "?activity=cooling", analyst);
  ASSERT_EQ(cooling.status, 200);
  ASSERT_EQ(cooling.body.at("total"), 1);
  EXPECT_EQ(cooling.body.at("items")[0].at("customer_id"), 3);
  auto segment = get("/api/v1/snapshots/latest/customers?segment=potential_LOYALIST", analyst);
  ASSERT_EQ(segment.status, 200);
  ASSERT_EQ(segment.body.at("total"), 1);
  EXPECT_EQ(segment.body.at("items")[0].at("customer_id"), 2);
  expect_problem(get(base + "?segment=sleepers", analyst), 400, "unknown_segment", "segment");
  expect_problem(get(base + "?activity=asleep", analyst), 400, "invalid_parameter", "activity");
  expect_problem(get(base + "?page_size=0", analyst), 400, "invalid_parameter", "page_size");
}

TEST_P(SnapshotsApiTest, CsvIsExactlyExportSegment) {
  take("2024-06-30");
  for (const char* segment : {"at-risk", "New", "champions"}) {
    auto csv = get(std::string("/api/v1/snapshots/latest/customers?format=csv&segment=") + segment,
                   analyst);
    ASSERT_EQ(csv.status, 200) << csv.raw;
    EXPECT_EQ(csv.content_type, "text/csv");
    reports::ReportOptions options;
    options.as_of_day = snapshots::test::kJune30;
    auto expected = reports::export_segment(*database, segment, options, SystemClock{});
    ASSERT_TRUE(expected.has_value());
    EXPECT_EQ(csv.raw, reports::render(*expected, reports::Format::kCsv)) << segment;
  }
  auto at_risk = get("/api/v1/snapshots/latest/customers?format=csv&segment=at-risk", analyst);
  EXPECT_EQ(at_risk.raw,
            "customer_id,first_name,last_name,email,recency_days,frequency,monetary,r,f,m,segment\n"
            "4,Dan,Test,c4@example.com,60,4,300.00,2,4,4,At risk\n");
  expect_problem(get("/api/v1/snapshots/latest/customers?format=csv", analyst), 400,
                 "missing_parameter", "segment");
  expect_problem(get("/api/v1/snapshots/latest/customers?format=xml", analyst), 400,
                 "invalid_parameter", "format");
}

// Enabled once src/http/server.cpp sends Reply::headers (left to the transport rewrite on
// another branch; see the branch report).
TEST_P(SnapshotsApiTest, CsvDownloadNamesItsFile) {
  take("2024-06-30");
  auto csv = client->Get("/api/v1/snapshots/latest/customers?format=csv&segment=at_risk",
                         {{"Authorization", "Bearer " + analyst}});
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->get_header_value("Content-Disposition"),
            "attachment; filename=\"at-risk-2024-06-30.csv\"");
}

TEST_P(SnapshotsApiTest, MigrationMatrixAndTheCustomersWhoGotWorse) {
  const std::int64_t june = take("2024-06-30");
  const std::int64_t july = take("2024-07-31");
  auto matrix = get("/api/v1/analytics/segment-migration", analyst);
  ASSERT_EQ(matrix.status, 200) << matrix.raw;
  EXPECT_EQ(matrix.body.at("as_of"), "2024-07-31");
  EXPECT_EQ(matrix.body.at("rows"), Json::parse(R"json([
    {"from_segment":"Potential loyalist","to_segment":"About to sleep","customers":1},
    {"from_segment":"New","to_segment":"New","customers":1},
    {"from_segment":"Need attention","to_segment":"At risk","customers":1},
    {"from_segment":"Cannot lose","to_segment":"Cannot lose","customers":1},
    {"from_segment":"At risk","to_segment":"At risk","customers":1},
    {"from_segment":"(new)","to_segment":"Promising","customers":1}])json"));
  auto same = get("/api/v1/analytics/segment-migration?from_snapshot=" + std::to_string(june) +
                      "&to_snapshot=" + std::to_string(july),
                  analyst);
  EXPECT_EQ(same.body.at("rows"), matrix.body.at("rows"));

  auto worse = get("/api/v1/snapshots/migration/customers?from=" + std::to_string(june) +
                       "&to=" + std::to_string(july),
                   analyst);
  ASSERT_EQ(worse.status, 200) << worse.raw;
  EXPECT_EQ(worse.body.at("from"), june);
  EXPECT_EQ(worse.body.at("to"), july);
  EXPECT_EQ(worse.body.at("total"), 2);
  EXPECT_EQ(worse.body.at("items"), Json::parse(R"json([
    {"customer_id":3,"first_name":"Cat","last_name":"Test","email":"c3@example.com",
     "from_segment":"Need attention","to_segment":"At risk","monetary":"150.00"},
    {"customer_id":2,"first_name":"Bob","last_name":"Test","email":"c2@example.com",
     "from_segment":"Potential loyalist","to_segment":"About to sleep","monetary":"50.00"}])json"));
  auto defaults = get("/api/v1/snapshots/migration/customers?page_size=1&page=2", analyst);
  ASSERT_EQ(defaults.status, 200);
  EXPECT_EQ(defaults.body.at("total"), 2);
  ASSERT_EQ(defaults.body.at("items").size(), 1u);
  EXPECT_EQ(defaults.body.at("items")[0].at("customer_id"), 2);
  expect_problem(
      get("/api/v1/snapshots/migration/customers?from=" + std::to_string(july + 9), analyst), 404,
      "no_snapshot");
  expect_problem(get("/api/v1/snapshots/migration/customers?to=abc", analyst), 400,
                 "invalid_parameter", "to");
}

}  // namespace
}  // namespace cw::http::testing
