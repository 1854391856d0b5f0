// The questions of issue 14 answered on the hand-built Cartify shop (cartify_shop.hpp), every
// figure worked out by hand from its files.
#include <gtest/gtest.h>

#include "cartify_shop.hpp"
#include "import_fixture.hpp"
#include "reports/options.hpp"
#include "reports/render.hpp"
#include "reports/shop.hpp"

namespace cw::ingest::test {
namespace {

class CartifyReports : public ImportTest, public ::testing::WithParamInterface<testing::Backend> {
 protected:
  void SetUp() override {
    const auto dir = t_.dir.path() / "shop";
    write_cartify(dir, cartify_files());
    auto s = import_file(*t_.db, "cartify", dir.string(), clock_);
    ASSERT_TRUE(s) << s.error().message;
  }
  // The report as CSV at 2024-03-01, or "error <code>: <message>".
  std::string csv(const std::string& name,
                  const std::vector<std::pair<std::string, std::string>>& options = {}) {
    reports::ReportOptions o;
    EXPECT_TRUE(reports::set_report_option(o, "as_of", "2024-03-01"));
    for (const auto& [key, value] : options) {
      auto set = reports::set_report_option(o, key, value);
      if (!set) return "error " + set.error().code + ": " + set.error().message;
    }
    auto table = reports::run_report(name, *t_.db, o, clock_);
    if (!table) return "error " + table.error().code + ": " + table.error().message;
    return reports::render(*table, reports::Format::kCsv);
  }
};

INSTANTIATE_TEST_SUITE_P(Db, CartifyReports, testing::kBothBackends, testing::backend_name);

TEST_P(CartifyReports, RepeatRateBothWaysAndOrdersPerOrderingCustomer) {
  // CUST1 ordered twice, CUST2 and CUST3 once, CUST4 never: 1/3 of orderers, 1/4 of registered;
  // 4 orders by 3 customers; revenue 110 + 20 + 105 + 30 = 265.00.
  EXPECT_EQ(csv("overview"),
            "registered_customers,ordering_customers,orders,orders_per_ordering_customer,"
            "repeat_customers,repeat_rate,repeat_rate_registered,revenue,aov\n"
            "4,3,4,1.3333333333333333,1,0.3333333333333333,0.25,265.00,66.25\n");
  const std::string retention = csv("retention");
  EXPECT_NE(retention.find("all,3,1,0.3333333333333333"), std::string::npos) << retention;
  EXPECT_NE(retention.find("all registered,4,1,0.25"), std::string::npos) << retention;
}

TEST_P(CartifyReports, AbandonmentIsVisitsThatDidNotEndInAnOrder) {
  EXPECT_EQ(csv("abandonment"),
            "source,sessions,sessions_with_cart,ordered,abandoned,abandonment_rate\n"
            "all,4,4,2,2,0.5\n(none),4,4,2,2,0.5\n");
}

TEST_P(CartifyReports, CampaignsForAPeriodWithTheTotalRow) {
  // January: ZYY1 (coupon of CMP1: 110.00 - 60.00 - 4.00 = 46.00 margin) and ZYY3 (105.00 -
  // 60.00 - 1.00 = 44.00); CMP1 costs 50.00, CMP2 does not run. ROI (90 - 50) / 50 = 0.8.
  // CMP1 alone: (46 - 50) / 50 = -0.08; CPC 50.00 / 13 = 3.846 -> 3.85.
  EXPECT_EQ(csv("campaigns", {{"from", "2024-01-01"}, {"to", "2024-01-31"}}),
            "campaign_id,name,channel,orders,revenue,gross_margin,cost,clicks,cpc,roi,note\n"
            "1,CMP1,Facebook,1,110.00,46.00,50.00,13,3.85,-0.08,\n"
            ",(not attributed),,1,105.00,44.00,,,,,\n"
            ",(period total),,2,215.00,90.00,50.00,,,0.8,2024-01-01 to 2024-01-31: 1 campaign "
            "running\n");
  // Without a period: every campaign, CMP2's clicks unknown (no engagement), no total row;
  // not attributed: ZYY2, ZYY3, ZYY4 = 155.00 - (8.00 + 61.00 + 12.00) = 74.00.
  EXPECT_EQ(csv("campaigns"),
            "campaign_id,name,channel,orders,revenue,gross_margin,cost,clicks,cpc,roi,note\n"
            "1,CMP1,Facebook,1,110.00,46.00,50.00,13,3.85,-0.08,\n"
            "2,CMP2,Email,0,0.00,0.00,20.00,,,-1,\n"
            ",(not attributed),,3,155.00,74.00,,,,,\n");
  // February only: ZYY2 (20 - 8 = 12) and ZYY4 (30 - 12 = 18); CMP2 costs 20: (30 - 20) / 20.
  const std::string february = csv("campaigns", {{"from", "2024-02-01"}, {"to", "2024-02-29"}});
  EXPECT_NE(february.find(",(period total),,2,50.00,30.00,20.00,,,0.5,"), std::string::npos)
      << february;
  EXPECT_EQ(csv("campaigns", {{"from", "2024-02-01"}, {"to", "2024-01-01"}}),
            "error invalid_option: --from: is after --to (or the as-of date)");
}

TEST_P(CartifyReports, RevenueCostAndMarginByCategory) {
  EXPECT_EQ(csv("categories"),
            "category,products_sold,units,revenue,cost,margin,margin_rate,note\n"
            "Books,1,6,60.00,24.00,36.00,0.6,\n"
            "Electronics,2,3,205.00,121.00,84.00,0.4097560975609756,\n"
            "all categories,3,9,265.00,145.00,120.00,0.4528301886792453,\n");
}

TEST_P(CartifyReports, RevenueByRegionAndCity) {
  EXPECT_EQ(csv("places"),
            "level,region,city,customers,orders,revenue,revenue_share\n"
            "region,North,,2,3,160.00,0.6037735849056604\n"
            "city,North,Leeds,2,3,160.00,0.6037735849056604\n"
            "region,South,,1,1,105.00,0.39622641509433965\n"
            "city,South,London,1,1,105.00,0.39622641509433965\n");
}

TEST_P(CartifyReports, MonthlyTrendAndRfm) {
  EXPECT_EQ(csv("sales-trend"),
            "month,orders,customers,new_customers,revenue,aov\n"
            "2024-01,2,2,2,215.00,107.50\n2024-02,2,2,1,50.00,25.00\n");
  // Recency at 2024-03-01: CUST1 15 days (2024-02-15), CUST2 41, CUST3 10.
  EXPECT_EQ(csv("rfm"),
            "customer_id,recency_days,frequency,monetary,r,f,m,segment\n"
            "1,15,2,130.00,2,4,4,At risk\n2,41,1,105.00,1,1,2,Hibernating\n"
            "3,10,1,30.00,4,1,1,Promising\n");
}

TEST_P(CartifyReports, ExportSegmentShowsTheCustomersKeys) {
  // The segments of MonthlyTrendAndRfm, each customer with the key of its customers.csv row.
  const auto exported = [&](const std::string& segment, bool with_external_ref = true) {
    reports::ReportOptions o;
    EXPECT_TRUE(reports::set_report_option(o, "as_of", "2024-03-01"));
    o.external_ref = with_external_ref;
    auto table = reports::export_segment(*t_.db, segment, o, clock_);
    return table ? reports::render(*table, reports::Format::kCsv) : table.error().message;
  };
  const std::string header =
      "customer_id,external_ref,first_name,last_name,email,recency_days,frequency,monetary,r,f,m,"
      "segment\n";
  EXPECT_EQ(exported("at-risk"),
            header + "1,CUST1,Ann,Lee,ann@example.com,15,2,130.00,2,4,4,At risk\n");
  EXPECT_EQ(exported("hibernating"),
            header + "2,CUST2,Bob,Ray,bob@example.com,41,1,105.00,1,1,2,Hibernating\n");
  EXPECT_EQ(exported("promising"),
            header + "3,CUST3,Cid,Fox,cid@example.com,10,1,30.00,4,1,1,Promising\n");
  // Without asking for it, the contract's columns (docs/cli.md): no key.
  EXPECT_EQ(exported("promising", false),
            "customer_id,first_name,last_name,email,recency_days,frequency,monetary,r,f,m,"
            "segment\n3,Cid,Fox,cid@example.com,10,1,30.00,4,1,1,Promising\n");
}

TEST_P(CartifyReports, RatingsPerProductCategoryAndSegment) {
  EXPECT_EQ(csv("ratings"),
            "product_id,external_ref,name,ratings,average_rating\n"
            "1,P1,Phone,2,3.5\n2,P2,Novel,1,4\n,,all,3,3.6666666666666665\n");
  EXPECT_EQ(csv("ratings", {{"by", "category"}}),
            "category_id,name,ratings,average_rating\n"
            "1,Electronics,2,3.5\n2,Books,1,4\n,all,3,3.6666666666666665\n");
  // CUST1 (At risk) rated 5 and 4, CUST2 (Hibernating) 2.
  EXPECT_EQ(csv("ratings", {{"by", "segment"}}),
            "segment,ratings,average_rating\n"
            "At risk,2,4.5\nHibernating,1,2\nall,3,3.6666666666666665\n");
  // Ratings count from their day: on 2024-01-20 only R1.
  reports::ReportOptions o;
  ASSERT_TRUE(reports::set_report_option(o, "as_of", "2024-01-20"));
  auto early = reports::run_report("ratings", *t_.db, o, clock_);
  ASSERT_TRUE(early);
  EXPECT_EQ(reports::render(*early, reports::Format::kCsv),
            "product_id,external_ref,name,ratings,average_rating\n"
            "1,P1,Phone,1,5\n,,all,1,5\n");
}

TEST_P(CartifyReports, DataQualityShowsTheMismatchedAmount) {
  EXPECT_EQ(csv("data-quality"),
            "check,table,id,line,detail\n"
            "amount_mismatch,orders,4,,the imported file states 35.00 for order ZYY4 but its "
            "total is 30.00\n");
}

}  // namespace
}  // namespace cw::ingest::test
