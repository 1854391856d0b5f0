// The recommendations report on a small shop (the shared ShopBuilder), as of 2024-06-30, with
// hand-computed shares and lifts (the arithmetic is next to each expectation).
//
// Categories 1 Shoes, 2 Hats, 3 Bags, 4 Socks. Products 1 Runner, 2 Boot (Shoes), 3 Cap (Hats),
// 4 Tote, 7 Belt (Bags), 5 Sock, 6 Lace (Socks). Revenue = line totals (goods after discounts):
//   c1: 05-01 Runner 100.00 - 10.00 line discount = 90; 06-01 Cap 20; 06-20 Runner 100
//   c2: 05-02 Boot 200; 06-02 2 x Cap = 40; 06-20 Tote 50
//   c3: 01-10 Cap 20; 06-25 Boot 200 cancelled (not revenue, not "bought")
//   c4: 01-10 Sock 10 + Tote 50; 07-05 Boot 200 after the as-of date (ignored)
//   c5: 01-10 Runner 100 + Belt 10 + Lace 5
//   c6: never ordered
// Five customers with facts, so each score is 1 + the number of customers strictly worse:
// c1, c2 (last order 06-20, 3 orders) are R4 F4 = Loyal; c3, c4, c5 (01-10, 1 order) are R1 F1
// = Hibernating.
// Loyal revenue 500: Shoes 390 (Runner 190, Boot 200), Hats 60 (Cap), Bags 50 (Tote).
// Hibernating revenue 195: Shoes 100 (Runner), Bags 60 (Tote 50, Belt 10), Hats 20 (Cap),
// Socks 15 (Sock 10, Lace 5).
// All customers 695: Shoes 490, Bags 110, Hats 80, Socks 15; Runner 290, Boot 200, Tote 100,
// Cap 80, Sock 10, Belt 10, Lace 5.
#include <gtest/gtest.h>

#include <vector>

#include "facts/facts.hpp"
#include "reports/render.hpp"
#include "reports/shop.hpp"
#include "support/shop_builder.hpp"
#include "support/temp_dir.hpp"
#include "test_support.hpp"

namespace cw::reports {
namespace {

using test::day;

std::int64_t at(int y, int m, int d) {
  return start_of_day(day(y, m, d)) + 10 * kSecondsPerHour;
}

class Recommendations : public ::testing::TestWithParam<cw::testing::Backend> {
 protected:
  void SetUp() override {
    auto c = t.db->lease();
    cw::testing::ShopBuilder shop{*c};
    for (const char* name : {"Shoes", "Hats", "Bags", "Socks"}) shop.category(name);
    const std::vector<cw::testing::ProductRow> products = {
        {1, 1, "Runner", 10000}, {2, 1, "Boot", 20000}, {3, 2, "Cap", 2000}, {4, 3, "Tote", 5000},
        {5, 4, "Sock", 1000},    {6, 4, "Lace", 500},   {7, 3, "Belt", 1000}};
    for (const auto& p : products) shop.product(p);
    for (const char* name : {"A", "B", "C", "D", "E", "F"}) {
      const std::string lower(1, static_cast<char>(name[0] - 'A' + 'a'));
      shop.customer({.email = lower + "@example.com", .first_name = name, .last_name = name});
    }
    const auto order = [&](Id id, Id customer, const char* status, std::int64_t placed,
                           std::vector<cw::testing::LineRow> lines) {
      shop.order({.id = id,
                  .customer_id = customer,
                  .status = status,
                  .placed_at = placed,
                  .lines = std::move(lines)});
    };
    order(1, 1, "delivered", at(2024, 5, 1), {{1, 1, 10000, 1000}});
    order(2, 1, "delivered", at(2024, 6, 1), {{3, 1, 2000, 0}});
    order(3, 1, "placed", at(2024, 6, 20), {{1, 1, 10000, 0}});
    order(4, 2, "delivered", at(2024, 5, 2), {{2, 1, 20000, 0}});
    order(5, 2, "delivered", at(2024, 6, 2), {{3, 2, 2000, 0}});
    order(6, 2, "placed", at(2024, 6, 20), {{4, 1, 5000, 0}});
    order(7, 3, "delivered", at(2024, 1, 10), {{3, 1, 2000, 0}});
    order(8, 3, "cancelled", at(2024, 6, 25), {{2, 1, 20000, 0}});
    order(9, 4, "delivered", at(2024, 1, 10), {{5, 1, 1000, 0}, {4, 1, 5000, 0}});
    order(10, 4, "placed", at(2024, 7, 5), {{2, 1, 20000, 0}});
    order(11, 5, "delivered", at(2024, 1, 10), {{1, 1, 10000, 0}, {7, 1, 1000, 0}, {6, 1, 500, 0}});
    facts::rebuild_all(*t.db);
  }

  Result<Table> run(const std::string& segment = "", const std::string& by = "") {
    ReportOptions o = test::shop_options();
    o.segment = segment;
    o.by = by;
    return run_report("recommendations", *t.db, o, SystemClock{});
  }

  testing::TestDatabase t;
};

// One row of the default view, for comparison.
struct Row {
  std::string segment, kind;
  std::int64_t rank, id;
  std::string name;
  Minor revenue;
  double segment_share, overall_share, lift;
};

void expect_rows(const Table& table, const std::vector<Row>& expected) {
  ASSERT_EQ(table.rows(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE("row " + std::to_string(i));
    const Row& e = expected[i];
    EXPECT_EQ(table.find("segment")->text_at(i), e.segment);
    EXPECT_EQ(table.find("kind")->text_at(i), e.kind);
    EXPECT_EQ(table.find("rank")->int_at(i), e.rank);
    EXPECT_EQ(table.find("id")->int_at(i), e.id);
    EXPECT_EQ(table.find("name")->text_at(i), e.name);
    EXPECT_EQ(table.find("revenue")->int_at(i), e.revenue);
    EXPECT_DOUBLE_EQ(table.find("segment_share")->real_at(i), e.segment_share);
    EXPECT_DOUBLE_EQ(table.find("overall_share")->real_at(i), e.overall_share);
    EXPECT_DOUBLE_EQ(table.find("lift")->real_at(i), e.lift);
  }
}

INSTANTIATE_TEST_SUITE_P(Db, Recommendations, cw::testing::kBothBackends,
                         cw::testing::backend_name);

TEST_P(Recommendations, ListsEachSegmentsTopCategoriesAndProductsWithLift) {
  auto table = run();
  ASSERT_TRUE(table) << table.error().message;
  // As printed in docs/analytics.md.
  EXPECT_EQ(render(*table, Format::kCsv),
            "segment,kind,rank,id,name,revenue,segment_share,overall_share,lift\n"
            "Loyal,category,1,1,Shoes,390.00,0.78,0.7050359712230215,1.106326530612245\n"
            "Loyal,category,2,2,Hats,60.00,0.12,0.11510791366906475,1.0425\n"
            "Loyal,category,3,3,Bags,50.00,0.1,0.15827338129496402,0.631818181818182\n"
            "Loyal,product,1,2,Boot,200.00,0.4,0.28776978417266186,1.3900000000000001\n"
            "Loyal,product,2,1,Runner,190.00,0.38,0.4172661870503597,0.9106896551724137\n"
            "Loyal,product,3,3,Cap,60.00,0.12,0.11510791366906475,1.0425\n"
            "Loyal,product,4,4,Tote,50.00,0.1,0.14388489208633093,0.6950000000000001\n"
            "Hibernating,category,1,1,Shoes,100.00,0.5128205128205128,0.7050359712230215,0."
            "727367870225013\n"
            "Hibernating,category,2,3,Bags,60.00,0.3076923076923077,0.15827338129496402,1."
            "9440559440559444\n"
            "Hibernating,category,3,2,Hats,20.00,0.10256410256410256,0.11510791366906475,0."
            "891025641025641\n"
            "Hibernating,category,4,4,Socks,15.00,0.07692307692307693,0.02158273381294964,3."
            "5641025641025643\n"
            "Hibernating,product,1,1,Runner,100.00,0.5128205128205128,0.4172661870503597,1."
            "2290008841732978\n"
            "Hibernating,product,2,4,Tote,50.00,0.2564102564102564,0.14388489208633093,1."
            "782051282051282\n"
            "Hibernating,product,3,3,Cap,20.00,0.10256410256410256,0.11510791366906475,0."
            "891025641025641\n"
            "Hibernating,product,4,5,Sock,10.00,0.05128205128205128,0.014388489208633094,3."
            "564102564102564\n"
            "Hibernating,product,5,7,Belt,10.00,0.05128205128205128,0.014388489208633094,3."
            "564102564102564\n");
  // Segments in the map's order (Loyal before Hibernating); lift = segment share / overall share.
  expect_rows(
      *table,
      {
          {"Loyal", "category", 1, 1, "Shoes", 39000, 390.0 / 500, 490.0 / 695,
           (390.0 / 500) / (490.0 / 695)},
          {"Loyal", "category", 2, 2, "Hats", 6000, 60.0 / 500, 80.0 / 695,
           (60.0 / 500) / (80.0 / 695)},
          {"Loyal", "category", 3, 3, "Bags", 5000, 50.0 / 500, 110.0 / 695,
           (50.0 / 500) / (110.0 / 695)},
          {"Loyal", "product", 1, 2, "Boot", 20000, 200.0 / 500, 200.0 / 695,
           (200.0 / 500) / (200.0 / 695)},
          {"Loyal", "product", 2, 1, "Runner", 19000, 190.0 / 500, 290.0 / 695,
           (190.0 / 500) / (290.0 / 695)},
          {"Loyal", "product", 3, 3, "Cap", 6000, 60.0 / 500, 80.0 / 695,
           (60.0 / 500) / (80.0 / 695)},
          {"Loyal", "product", 4, 4, "Tote", 5000, 50.0 / 500, 100.0 / 695,
           (50.0 / 500) / (100.0 / 695)},
          {"Hibernating", "category", 1, 1, "Shoes", 10000, 100.0 / 195, 490.0 / 695,
           (100.0 / 195) / (490.0 / 695)},
          {"Hibernating", "category", 2, 3, "Bags", 6000, 60.0 / 195, 110.0 / 695,
           (60.0 / 195) / (110.0 / 695)},
          {"Hibernating", "category", 3, 2, "Hats", 2000, 20.0 / 195, 80.0 / 695,
           (20.0 / 195) / (80.0 / 695)},
          {"Hibernating", "category", 4, 4, "Socks", 1500, 15.0 / 195, 15.0 / 695,
           (15.0 / 195) / (15.0 / 695)},
          // Six products sold: the top five; Sock and Belt tie at 10.00, the lower id first.
          {"Hibernating", "product", 1, 1, "Runner", 10000, 100.0 / 195, 290.0 / 695,
           (100.0 / 195) / (290.0 / 695)},
          {"Hibernating", "product", 2, 4, "Tote", 5000, 50.0 / 195, 100.0 / 695,
           (50.0 / 195) / (100.0 / 695)},
          {"Hibernating", "product", 3, 3, "Cap", 2000, 20.0 / 195, 80.0 / 695,
           (20.0 / 195) / (80.0 / 695)},
          {"Hibernating", "product", 4, 5, "Sock", 1000, 10.0 / 195, 10.0 / 695,
           (10.0 / 195) / (10.0 / 695)},
          {"Hibernating", "product", 5, 7, "Belt", 1000, 10.0 / 195, 10.0 / 695,
           (10.0 / 195) / (10.0 / 695)},
      });
}

TEST_P(Recommendations, SegmentOptionKeepsOneSegmentAndSharesAgainstAllCustomers) {
  auto table = run("HIBER-nating");
  ASSERT_TRUE(table) << table.error().message;
  ASSERT_EQ(table->rows(), 9u);
  for (std::size_t i = 0; i < table->rows(); ++i)
    EXPECT_EQ(table->find("segment")->text_at(i), "Hibernating");
  // The overall share still divides by all customers' 695.00, not the segment's.
  EXPECT_DOUBLE_EQ(table->find("overall_share")->real_at(0), 490.0 / 695);
}

TEST_P(Recommendations, ByCustomerRecommendsTheSegmentsCategoriesNotBoughtYet) {
  auto table = run("", "customer");
  ASSERT_TRUE(table) << table.error().message;
  // Loyal ranks Shoes, Hats, Bags; Hibernating ranks Shoes, Bags, Hats, Socks.
  // c1 bought Shoes and Hats -> Bags. c2 bought all three -> nothing. c3 bought Hats (its
  // cancelled Boot does not count) -> Shoes, Bags, Socks. c4 bought Socks and Bags (its July Boot
  // is after the as-of date) -> Shoes, Hats. c5 bought Shoes, Bags, Socks -> Hats.
  EXPECT_EQ(render(*table, Format::kCsv),
            "customer_id,segment,rank,category_id,category,segment_share\n"
            "1,Loyal,1,3,Bags,0.1\n"
            "3,Hibernating,1,1,Shoes,0.5128205128205128\n"
            "3,Hibernating,2,3,Bags,0.3076923076923077\n"
            "3,Hibernating,3,4,Socks,0.07692307692307693\n"
            "4,Hibernating,1,1,Shoes,0.5128205128205128\n"
            "4,Hibernating,2,2,Hats,0.10256410256410256\n"
            "5,Hibernating,1,2,Hats,0.10256410256410256\n");
  EXPECT_DOUBLE_EQ(table->find("segment_share")->real_at(1), 100.0 / 195);
}

TEST_P(Recommendations, ByCustomerOfOneSegment) {
  auto table = run("loyal", "customer");
  ASSERT_TRUE(table) << table.error().message;
  EXPECT_EQ(render(*table, Format::kCsv),
            "customer_id,segment,rank,category_id,category,segment_share\n"
            "1,Loyal,1,3,Bags,0.1\n");
}

TEST_P(Recommendations, UnknownSegmentAndViewAreRefused) {
  auto unknown = run("Sleepy");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, "unknown_segment");
  EXPECT_EQ(unknown.error().field, "segment");
  EXPECT_EQ(unknown.error().kind, ErrorKind::kBadRequest);
  auto view = run("", "product");
  ASSERT_FALSE(view);
  EXPECT_EQ(view.error().code, "invalid_option");
  EXPECT_EQ(view.error().field, "by");
}

TEST_P(Recommendations, AnEmptyShopGivesNoRows) {
  auto c = t.db->lease();
  c->execute_script("DELETE FROM customer_facts; DELETE FROM order_lines; DELETE FROM orders;");
  auto table = run();
  ASSERT_TRUE(table) << table.error().message;
  EXPECT_EQ(table->rows(), 0u);
}

}  // namespace
}  // namespace cw::reports
