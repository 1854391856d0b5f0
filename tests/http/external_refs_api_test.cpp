// External references over HTTP (issue 14): an imported shop's keys show in the customer, order,
// campaign and coupon JSON and find customers and orders; rows made in Cartwise carry null.
#include "api_fixture.hpp"
#include "ingest/cartify_shop.hpp"
#include "ingest/import.hpp"

namespace cw::http::testing {
namespace {

// The hand-built Cartify folder of tests/ingest (cartify_shop.hpp), imported before any request.
class ExternalRefsApiTest : public ApiTest {
 protected:
  ExternalRefsApiTest() {
    const auto dir = folder.path() / "cartify";
    ingest::test::write_cartify(dir, ingest::test::cartify_files());
    auto imported = ingest::import_file(*database, "cartify", dir.string(), clock);
    if (!imported) throw std::runtime_error(imported.error().message);
    analyst = staff_token("numbers", customers::Role::kAnalyst);
    warehouse = staff_token("picker", customers::Role::kWarehouse);
  }

  Id id_of(const std::string& table, const std::string& external_ref) {
    auto c = database->lease();
    return c->scalar("SELECT id FROM " + table + " WHERE external_ref = ?", external_ref)
        .value_or(0);
  }

  // The items of a list answer, checking it is a 200.
  static Json items(const Answer& answer) {
    EXPECT_EQ(answer.status, 200) << answer.raw;
    return answer.body.is_object() ? answer.body.value("items", Json::array()) : Json::array();
  }

  // The external_ref of each item of `list` keyed by `key` ("code", "channel", ...).
  static std::map<std::string, Json> refs_by(const Json& list, const std::string& key) {
    std::map<std::string, Json> out;
    for (const Json& item : list) out[item.at(key).get<std::string>()] = item.at("external_ref");
    return out;
  }

  cw::testing::TempDir folder;
  std::string analyst;
  std::string warehouse;
};

INSTANTIATE_TEST_SUITE_P(Db, ExternalRefsApiTest, cw::testing::kBothBackends,
                         cw::testing::backend_name);

TEST_P(ExternalRefsApiTest, ImportedCustomerIsFoundByItsKeyWithItsProfile) {
  const Json found = items(get("/api/v1/customers?external_ref=CUST3", analyst));
  ASSERT_EQ(found.size(), 1u) << found;
  EXPECT_EQ(found[0].at("id"), id_of("customers", "CUST3"));
  EXPECT_EQ(found[0].at("external_ref"), "CUST3");
  EXPECT_EQ(found[0].at("first_name"), "Cid");
  EXPECT_EQ(found[0].at("last_name"), "Fox");
  EXPECT_EQ(found[0].at("email"), "cid@example.com");
  EXPECT_EQ(found[0].at("username"), "");  // imported customers have no login
  EXPECT_EQ(found[0].at("address").at("postcode"), "LS2 2BB");
  // An admin may look too.
  const std::string admin = staff_token("boss", customers::Role::kAdmin);
  EXPECT_EQ(items(get("/api/v1/customers?external_ref=CUST1", admin))[0].at("first_name"), "Ann");
}

TEST_P(ExternalRefsApiTest, CustomerSearchMatchesTheKeyExactlyOrFindsNobody) {
  EXPECT_EQ(items(get("/api/v1/customers?external_ref=CUST9", analyst)), Json::array());
  EXPECT_EQ(items(get("/api/v1/customers?external_ref=cust3", analyst)), Json::array());
  EXPECT_EQ(items(get("/api/v1/customers?external_ref=CUST", analyst)), Json::array());
  EXPECT_EQ(items(get("/api/v1/customers?external_ref=", analyst)), Json::array());
  // A customer registered in Cartwise has no key, so no lookup finds them.
  customer_token("native");
  EXPECT_EQ(items(get("/api/v1/customers?external_ref=native", analyst)), Json::array());
  expect_problem(get("/api/v1/customers", analyst), 400, "missing_parameter", "external_ref");
  expect_problem(get("/api/v1/customers?external_ref=CUST3", warehouse), 403, "forbidden");
  expect_problem(get("/api/v1/customers?external_ref=CUST3", customer_token("nosy")), 403,
                 "forbidden");
  expect_problem(get("/api/v1/customers?external_ref=CUST3"), 401, "unauthenticated");
}

TEST_P(ExternalRefsApiTest, ImportedOrderShowsItsKeyAndIsFoundByIt) {
  const Id zyy4 = id_of("orders", "ZYY4");
  auto one = get("/api/v1/orders/" + std::to_string(zyy4), warehouse);
  ASSERT_EQ(one.status, 200) << one.raw;
  EXPECT_EQ(one.body.at("external_ref"), "ZYY4");
  EXPECT_EQ(one.body.at("customer_id"), id_of("customers", "CUST3"));

  // Found whatever its status (imported orders are delivered) unless a status is asked for.
  const Json found = items(get("/api/v1/warehouse/orders?external_ref=ZYY4", warehouse));
  ASSERT_EQ(found.size(), 1u) << found;
  EXPECT_EQ(found[0], one.body);
  EXPECT_EQ(found[0].at("status"), "delivered");
  EXPECT_EQ(found[0].at("total"), "30.00");
  EXPECT_EQ(items(get("/api/v1/warehouse/orders?external_ref=ZYY4&status=delivered", warehouse)),
            found);
  EXPECT_EQ(items(get("/api/v1/warehouse/orders?external_ref=ZYY4&status=placed", warehouse)),
            Json::array());
  EXPECT_EQ(items(get("/api/v1/warehouse/orders?external_ref=ZYY9", warehouse)), Json::array());
  EXPECT_EQ(items(get("/api/v1/warehouse/orders?external_ref=zyy4", warehouse)), Json::array());
  // Without a key the list is still the placed orders (none here: every import is delivered).
  EXPECT_EQ(items(get("/api/v1/warehouse/orders", warehouse)), Json::array());
  EXPECT_EQ(items(get("/api/v1/warehouse/orders?status=delivered", warehouse)).size(), 4u);
  expect_problem(get("/api/v1/warehouse/orders?external_ref=ZYY4&status=lost", warehouse), 400,
                 "invalid_parameter", "status");
  expect_problem(get("/api/v1/warehouse/orders?external_ref=ZYY4", analyst), 403, "forbidden");
}

TEST_P(ExternalRefsApiTest, ImportedCampaignsAndCouponsShowTheirKeys) {
  const Json campaigns = items(get("/api/v1/campaigns", analyst));
  EXPECT_EQ(refs_by(campaigns, "channel"),
            (std::map<std::string, Json>{{"Facebook", "CMP1"}, {"Email", "CMP2"}}));
  const Id cmp2 = id_of("campaigns", "CMP2");
  EXPECT_EQ(get("/api/v1/campaigns/" + std::to_string(cmp2), analyst).body.at("external_ref"),
            "CMP2");

  const Json coupons = items(get("/api/v1/coupons", analyst));
  EXPECT_EQ(refs_by(coupons, "code"), (std::map<std::string, Json>{{"JAN10", "D1"}}));
  const Id d1 = id_of("coupons", "D1");
  auto coupon = get("/api/v1/coupons/" + std::to_string(d1), analyst);
  EXPECT_EQ(coupon.body.at("external_ref"), "D1");
  EXPECT_EQ(coupon.body.at("campaign_id"), id_of("campaigns", "CMP1"));
  // A change keeps the key.
  auto patched = patch("/api/v1/coupons/" + std::to_string(d1), {{"max_uses", 10}}, analyst);
  ASSERT_EQ(patched.status, 200) << patched.raw;
  EXPECT_EQ(patched.body.at("external_ref"), "D1");
}

TEST_P(ExternalRefsApiTest, SnapshotSegmentCsvShowsTheCustomersKeys) {
  // The dashboards' CSV is `export segment` read from a snapshot: the key follows the id
  // (segments at 2024-03-01 as in tests/ingest/cartify_reports_test.cpp).
  const std::string admin = staff_token("boss", customers::Role::kAdmin);
  ASSERT_EQ(post("/api/v1/snapshots", {{"as_of", "2024-03-01"}}, admin).status, 201);
  const std::string path = "/api/v1/snapshots/latest/customers?format=csv&segment=at-risk";
  auto csv = get(path + "&external_ref=true", analyst);
  ASSERT_EQ(csv.status, 200) << csv.raw;
  EXPECT_EQ(csv.raw,
            "customer_id,external_ref,first_name,last_name,email,recency_days,frequency,monetary,"
            "r,f,m,segment\n"
            "1,CUST1,Ann,Lee,ann@example.com,15,2,130.00,2,4,4,At risk\n");
  EXPECT_EQ(get(path, analyst).raw,
            "customer_id,first_name,last_name,email,recency_days,frequency,monetary,r,f,m,segment\n"
            "1,Ann,Lee,ann@example.com,15,2,130.00,2,4,4,At risk\n");
  expect_problem(get(path + "&external_ref=yes", analyst), 400, "invalid_parameter",
                 "external_ref");
}

TEST_P(ExternalRefsApiTest, RowsMadeInCartwiseCarryNull) {
  const std::string token = customer_token("native");
  auto me = get("/api/v1/me", token);
  ASSERT_EQ(me.status, 200) << me.raw;
  EXPECT_TRUE(me.body.at("external_ref").is_null()) << me.raw;

  // An order of an imported product by the native customer: the order has no key.
  const Id order_id = order(token, id_of("products", "P2"), "One size", 1);
  auto mine = items(get("/api/v1/me/orders", token));
  ASSERT_EQ(mine.size(), 1u) << mine;
  EXPECT_EQ(mine[0].at("id"), order_id);
  EXPECT_TRUE(mine[0].at("external_ref").is_null()) << mine;
  auto placed = items(get("/api/v1/warehouse/orders", warehouse));
  ASSERT_EQ(placed.size(), 1u) << placed;
  EXPECT_TRUE(placed[0].at("external_ref").is_null()) << placed;
  EXPECT_TRUE(
      get("/api/v1/orders/" + std::to_string(order_id), token).body.at("external_ref").is_null());

  auto coupon =
      post("/api/v1/coupons", {{"code", "own-5"}, {"percent_off", 5}, {"scope", "order"}}, analyst);
  ASSERT_EQ(coupon.status, 201) << coupon.raw;
  EXPECT_TRUE(coupon.body.at("external_ref").is_null());
  auto campaign = post("/api/v1/campaigns",
                       {{"name", "Own"},
                        {"channel", "email"},
                        {"starts_at", "2026-03-01"},
                        {"ends_at", "2026-03-31"},
                        {"cost", "10.00"}},
                       analyst);
  ASSERT_EQ(campaign.status, 201) << campaign.raw;
  EXPECT_TRUE(campaign.body.at("external_ref").is_null());
  EXPECT_EQ(refs_by(items(get("/api/v1/coupons", analyst)), "code"),
            (std::map<std::string, Json>{{"JAN10", "D1"}, {"OWN-5", nullptr}}));
  EXPECT_EQ(refs_by(items(get("/api/v1/campaigns", analyst)), "name").at("Own"), nullptr);
}

}  // namespace
}  // namespace cw::http::testing
