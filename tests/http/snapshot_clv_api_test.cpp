// GET /api/v1/snapshots/{id}/clv and the customers sorted by CLV: the lifetime-value dashboard's
// data read from a snapshot, checked against the clv, rfm and clv-model reports run in the test on
// the generated shop of tests/offers/shop_fixture.hpp (240 customers the models can fit), with the
// bucket arithmetic done here.
#include <algorithm>
#include <map>

#include "core/time.hpp"
#include "offers/shop_fixture.hpp"
#include "reports/render.hpp"
#include "reports/shop.hpp"
#include "snapshot_api_fixture.hpp"
#include "snapshots/hand_shop.hpp"

namespace cw::http::testing {
namespace {

using offers::test::kAsOfDay;

// The edges the endpoint documents, in pence.
constexpr Minor kEdges[] = {0, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000};
constexpr std::size_t kBuckets = std::size(kEdges);

std::size_t bucket_of(Minor clv) {
  std::size_t k = kBuckets - 1;
  while (k > 0 && clv < kEdges[k]) --k;
  return k;
}

std::string pounds(Minor minor) {
  return format_money(minor, 2);
}

struct Customer {
  Minor clv = 0, monetary = 0;
  double p_alive = 0;
  std::int64_t recency_days = 0;
};

class SnapshotClvApiTest : public SnapshotApiTest {
 protected:
  reports::Table report(const std::string& name, std::int32_t as_of,
                        std::optional<std::int32_t> holdout_end = std::nullopt) {
    reports::ReportOptions options;
    options.as_of_day = as_of;
    options.holdout_end_day = holdout_end;
    auto table = reports::run_report(name, *database, options, clock);
    EXPECT_TRUE(table.has_value()) << name << ": " << table.error().message;
    return table ? std::move(*table) : reports::Table{};
  }
  // Every customer's CLV and P(alive) (clv report) and monetary and recency (rfm report).
  std::map<Id, Customer> customers_at(std::int32_t as_of) {
    std::map<Id, Customer> out;
    const reports::Table clv = report("clv", as_of);
    for (std::size_t i = 0; i < clv.rows(); ++i) {
      Customer& c = out[clv.find("customer_id")->int_at(i)];
      c.clv = clv.find("clv")->int_at(i);
      c.p_alive = clv.find("p_alive")->real_at(i);
    }
    const reports::Table rfm = report("rfm", as_of);
    for (std::size_t i = 0; i < rfm.rows(); ++i) {
      Customer& c = out.at(rfm.find("customer_id")->int_at(i));
      c.monetary = rfm.find("monetary")->int_at(i);
      c.recency_days = rfm.find("recency_days")->int_at(i);
    }
    return out;
  }
};

INSTANTIATE_TEST_SUITE_P(Db, SnapshotClvApiTest, cw::testing::kBothBackends,
                         cw::testing::backend_name);

TEST_P(SnapshotClvApiTest, BucketsPointsAndModelComeFromTheSnapshot) {
  offers::test::build_shop(*database);
  log_in_users();
  const std::int64_t id = take(format_day(kAsOfDay));
  const std::map<Id, Customer> expected = customers_at(kAsOfDay);
  ASSERT_EQ(expected.size(), static_cast<std::size_t>(offers::test::kCustomers));

  auto answer = get("/api/v1/snapshots/" + std::to_string(id) + "/clv", analyst);
  ASSERT_EQ(answer.status, 200) << answer.raw;
  const Json& d = answer.body;
  EXPECT_EQ(d.at("id"), id);
  EXPECT_EQ(d.at("as_of"), "2025-12-31");
  EXPECT_EQ(d.at("currency"), "GBP");
  EXPECT_EQ(d.at("clv_fitted"), true);
  EXPECT_EQ(d.at("customers"), offers::test::kCustomers);
  EXPECT_EQ(d.at("customers_with_clv"), offers::test::kCustomers);

  std::array<std::int64_t, kBuckets> count{};
  std::array<Minor, kBuckets> clv{}, monetary{};
  Minor total = 0;
  for (const auto& [customer, c] : expected) {
    const std::size_t k = bucket_of(c.clv);
    ++count[k];
    clv[k] += c.clv;
    monetary[k] += c.monetary;
    total += c.clv;
  }
  EXPECT_EQ(d.at("total_clv"), pounds(total));
  ASSERT_EQ(d.at("buckets").size(), kBuckets);
  for (std::size_t k = 0; k < kBuckets; ++k) {
    const Json& b = d.at("buckets")[k];
    EXPECT_EQ(b.at("from"), pounds(kEdges[k])) << k;
    EXPECT_EQ(b.at("to"), k + 1 < kBuckets ? Json(pounds(kEdges[k + 1])) : Json(nullptr)) << k;
    EXPECT_EQ(b.at("customers"), count[k]) << k;
    EXPECT_EQ(b.at("clv"), pounds(clv[k])) << k;
    EXPECT_EQ(b.at("monetary"), pounds(monetary[k])) << k;
  }
  // The shop spreads over several buckets, so the sums above say something.
  EXPECT_GE(std::count_if(count.begin(), count.end(), [](std::int64_t n) { return n > 0; }), 3);

  // 240 customers are below the sample's bound: every one is a point, by id.
  const Json& points = d.at("points");
  ASSERT_EQ(points.size(), expected.size());
  Id previous = 0;
  for (const Json& p : points) {
    const Id customer = p.at("customer_id");
    EXPECT_GT(customer, previous);
    previous = customer;
    const Customer& c = expected.at(customer);
    EXPECT_EQ(p.at("recency_days"), c.recency_days) << customer;
    EXPECT_DOUBLE_EQ(p.at("p_alive").get<double>(), c.p_alive) << customer;
    EXPECT_EQ(p.at("clv"), pounds(c.clv)) << customer;
  }

  // The stored model tables are the clv-model report's, rendered the same way.
  EXPECT_EQ(d.at("model"),
            Json::parse(reports::render(report("clv-model", kAsOfDay), reports::Format::kJson)));
  const std::int32_t calibration_end = kAsOfDay - 182;
  const Json holdout = Json::parse(
      reports::render(report("clv-model", calibration_end, kAsOfDay), reports::Format::kJson));
  EXPECT_EQ(d.at("holdout"), holdout);
  EXPECT_EQ(d.at("holdout").at("as_of"), "2025-07-02");
  EXPECT_TRUE(std::any_of(holdout.at("rows").begin(), holdout.at("rows").end(),
                          [](const Json& r) { return r.at("section") == "holdout_weekly"; }));

  // "latest" names the same snapshot.
  auto latest = get("/api/v1/snapshots/latest/clv", analyst);
  ASSERT_EQ(latest.status, 200);
  EXPECT_EQ(latest.body, d);
}

TEST_P(SnapshotClvApiTest, CustomersSortedByClvPageByPage) {
  offers::test::build_shop(*database);
  log_in_users();
  const std::int64_t id = take(format_day(kAsOfDay));
  std::vector<std::pair<Minor, Id>> by_clv;
  for (const auto& [customer, c] : customers_at(kAsOfDay)) by_clv.emplace_back(-c.clv, customer);
  std::sort(by_clv.begin(), by_clv.end());  // CLV descending, then id
  const std::string base = "/api/v1/snapshots/" + std::to_string(id) + "/customers?sort=clv";
  for (int page = 1; page <= 2; ++page) {
    auto answer = get(base + "&page_size=5&page=" + std::to_string(page), analyst);
    ASSERT_EQ(answer.status, 200) << answer.raw;
    EXPECT_EQ(answer.body.at("total"), offers::test::kCustomers);
    ASSERT_EQ(answer.body.at("items").size(), 5u);
    for (std::size_t i = 0; i < 5; ++i) {
      const auto& [minus_clv, customer] = by_clv[(page - 1) * 5 + i];
      EXPECT_EQ(answer.body.at("items")[i].at("customer_id"), customer) << page << " " << i;
      EXPECT_EQ(answer.body.at("items")[i].at("clv"), pounds(-minus_clv));
    }
  }
  expect_problem(get(base.substr(0, base.find('?')) + "?sort=recency", analyst), 400,
                 "invalid_parameter", "sort");
}

TEST_P(SnapshotClvApiTest, WithoutAFitEverythingIsEmptyNotAnError) {
  snapshots::test::build_hand_shop(*database);  // six customers: the model cannot be fitted
  log_in_users();
  const std::int64_t id = take("2024-07-31");
  auto answer = get("/api/v1/snapshots/" + std::to_string(id) + "/clv", analyst);
  ASSERT_EQ(answer.status, 200) << answer.raw;
  const Json& d = answer.body;
  EXPECT_EQ(d.at("clv_fitted"), false);
  EXPECT_EQ(d.at("customers"), 6);
  EXPECT_EQ(d.at("customers_with_clv"), 0);
  EXPECT_EQ(d.at("total_clv"), "0.00");
  ASSERT_EQ(d.at("buckets").size(), kBuckets);
  for (const Json& b : d.at("buckets")) EXPECT_EQ(b.at("customers"), 0);
  EXPECT_EQ(d.at("points"), Json::array());
  EXPECT_EQ(d.at("model"), nullptr);
  EXPECT_EQ(d.at("holdout"), nullptr);
}

TEST_P(SnapshotClvApiTest, RolesAndUnknownSnapshots) {
  snapshots::test::build_hand_shop(*database);
  log_in_users();
  expect_problem(get("/api/v1/snapshots/latest/clv", analyst), 404, "no_snapshot");
  const std::int64_t id = take("2024-06-30");
  const std::string path = "/api/v1/snapshots/" + std::to_string(id) + "/clv";
  expect_problem(get(path, shopper), 403, "forbidden");
  expect_problem(get(path), 401, "unauthenticated");
  expect_problem(get("/api/v1/snapshots/" + std::to_string(id + 1) + "/clv", analyst), 404,
                 "no_snapshot");
  expect_problem(get("/api/v1/snapshots/someday/clv", analyst), 404, "no_snapshot");
}

}  // namespace
}  // namespace cw::http::testing
