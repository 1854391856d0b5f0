// Snapshots on the hand-computed shop of hand_shop.hpp: the stored scores, segments and activity,
// the dashboard figures, the list, the schedule's due logic with a manual clock, segment
// migration, and CLV against the clv report on a shop the model can fit.
#include "snapshots/snapshots.hpp"

#include <gtest/gtest.h>

#include <map>
#include <thread>

#include "hand_shop.hpp"
#include "offers/shop_fixture.hpp"
#include "reports/render.hpp"
#include "reports/shop.hpp"
#include "snapshots/scheduler.hpp"
#include "support/temp_dir.hpp"

namespace cw::snapshots {
namespace {

using test::kJuly31;
using test::kJune30;

Timestamp noon_of(std::int32_t day) {
  return from_unix(start_of_day(day) + 12 * kSecondsPerHour);
}

class SnapshotsTest : public ::testing::TestWithParam<cw::testing::Backend> {
 protected:
  SnapshotsTest() { test::build_hand_shop(*database); }

  // Every customer row of a page, keyed by id.
  std::map<Id, CustomerRow> rows_of(Id id) {
    auto page = snapshots.customers(SnapshotRef{id}, "", "", Page{1, 100});
    EXPECT_TRUE(page.has_value());
    std::map<Id, CustomerRow> out;
    for (auto& row : page->items) out[row.customer_id] = row;
    return out;
  }

  cw::testing::TestDatabase database;
  Config config;
  ManualClock clock{noon_of(kJuly31)};
  Snapshots snapshots{*database, config, clock};
};

INSTANTIATE_TEST_SUITE_P(Db, SnapshotsTest, cw::testing::kBothBackends, cw::testing::backend_name);

TEST_P(SnapshotsTest, StoresEveryCustomersScoresSegmentAndActivity) {
  auto taken = snapshots.take(kJune30);
  ASSERT_TRUE(taken.has_value()) << taken.error().message;
  EXPECT_EQ(taken->as_of_day, kJune30);
  EXPECT_EQ(taken->customers, 5);  // customer 6 had not ordered by then
  EXPECT_EQ(taken->taken_at, noon_of(kJuly31));
  auto rows = rows_of(taken->id);
  ASSERT_EQ(rows.size(), 5u);
  struct Expected {
    int recency;
    std::int64_t frequency;
    Minor monetary;
    int r, f, m;
    const char* segment;
    Activity activity;
  };
  const std::map<Id, Expected> expected = {
      {1, {0, 1, 1000, 5, 1, 1, "New", Activity::kActive}},
      {2, {5, 2, 5000, 4, 2, 2, "Potential loyalist", Activity::kActive}},
      {3, {20, 3, 15000, 3, 3, 3, "Need attention", Activity::kCooling}},
      {4, {60, 4, 30000, 2, 4, 4, "At risk", Activity::kInactive}},
      {5, {181, 5, 100050, 1, 5, 5, "Cannot lose", Activity::kDormant}},
  };
  for (const auto& [id, e] : expected) {
    const CustomerRow& row = rows.at(id);
    EXPECT_EQ(row.recency_days, e.recency) << id;
    EXPECT_EQ(row.frequency, e.frequency) << id;
    EXPECT_EQ(row.monetary, e.monetary) << id;
    EXPECT_EQ(row.r, e.r) << id;
    EXPECT_EQ(row.f, e.f) << id;
    EXPECT_EQ(row.m, e.m) << id;
    EXPECT_EQ(row.segment, e.segment) << id;
    EXPECT_EQ(row.activity, e.activity) << id;
    EXPECT_FALSE(row.clv.has_value()) << "five customers cannot fit the model";
  }
  EXPECT_EQ(rows.at(3).first_name, "Cat");
  EXPECT_EQ(rows.at(3).email, "c3@example.com");
}

TEST_P(SnapshotsTest, HeadlineSegmentsGridActivityAndTopTier) {
  ASSERT_TRUE(snapshots.take(kJune30).has_value());
  auto d = snapshots.detail(SnapshotRef{});
  ASSERT_TRUE(d.has_value()) << d.error().message;
  EXPECT_EQ(d->currency, "GBP");
  EXPECT_FALSE(d->previous.has_value());
  EXPECT_FALSE(d->clv_fitted);
  // 10.00 + 50.00 + 150.00 + 300.00 + 1000.50 over 1 + 2 + 3 + 4 + 5 orders.
  EXPECT_EQ(d->headline.revenue, 151050);
  EXPECT_EQ(d->headline.orders, 15);
  EXPECT_EQ(d->headline.customers, 5);
  EXPECT_EQ(d->headline.aov, 10070);             // 1510.50 / 15
  EXPECT_EQ(d->headline.repeat_rate, 0.8);       // 4 of 5 ordered twice or more
  EXPECT_EQ(d->headline.abandonment_rate, 0.5);  // 1 of 2 carts ended without an order
  EXPECT_EQ(d->activity, (std::array<std::int64_t, 4>{2, 1, 2, 1}));
  EXPECT_EQ(d->top_tier_customers, 1);  // customer 5 alone brings 1000.50 >= 755.25
  EXPECT_DOUBLE_EQ(*d->top_tier_revenue_share, 100050.0 / 151050.0);
  ASSERT_EQ(d->grid.size(), 25u);
  EXPECT_EQ(d->grid.front().r, 5);
  EXPECT_EQ(d->grid.front().f, 5);
  std::int64_t occupied = 0;
  for (const GridCell& cell : d->grid) {
    const bool diagonal = cell.r + cell.f == 6;  // (5,1), (4,2), (3,3), (2,4), (1,5)
    EXPECT_EQ(cell.customers, diagonal ? 1 : 0) << cell.r << "," << cell.f;
    occupied += cell.customers;
  }
  EXPECT_EQ(occupied, 5);
  ASSERT_EQ(d->segments.size(), 10u);
  std::map<std::string, SegmentFigure> by_name;
  for (const auto& s : d->segments) by_name[s.segment] = s;
  EXPECT_EQ(d->segments.front().segment, "Champions");
  EXPECT_EQ(by_name.at("Champions").customers, 0);
  EXPECT_EQ(by_name.at("Cannot lose").customers, 1);
  EXPECT_EQ(by_name.at("Cannot lose").revenue, 100050);
  EXPECT_DOUBLE_EQ(*by_name.at("At risk").revenue_share, 30000.0 / 151050.0);
}

TEST_P(SnapshotsTest, ListIsNewestFirstAndDetailKnowsThePrevious) {
  const auto later = snapshots.take(kJuly31);
  const auto earlier = snapshots.take(kJune30);  // taken second, but as of an earlier day
  ASSERT_TRUE(later && earlier);
  const auto list = snapshots.list();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].id, later->id);
  EXPECT_EQ(list[0].customers, 6);
  EXPECT_EQ(list[1].id, earlier->id);
  auto latest = snapshots.detail(SnapshotRef{});
  ASSERT_TRUE(latest.has_value());
  EXPECT_EQ(latest->summary.id, later->id);
  ASSERT_TRUE(latest->previous.has_value());
  EXPECT_EQ(latest->previous->id, earlier->id);
  EXPECT_EQ(latest->previous_headline->revenue, 151050);
  EXPECT_EQ(latest->headline.revenue, 151050 + 2000 + 4000);
  EXPECT_EQ(snapshots.latest_as_of_day(), kJuly31);
}

TEST_P(SnapshotsTest, UnknownSnapshotsAndSegmentsAreRefused) {
  auto none = snapshots.detail(SnapshotRef{});
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(none.error().code, "no_snapshot");
  const auto taken = snapshots.take(kJune30);
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(snapshots.detail(SnapshotRef{taken->id + 1}).error().code, "no_snapshot");
  auto bad = snapshots.customers(SnapshotRef{}, "Sleepy", "", Page{});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, "unknown_segment");
  EXPECT_EQ(bad.error().field, "segment");
  auto bad_class = snapshots.customers(SnapshotRef{}, "", "asleep", Page{});
  ASSERT_FALSE(bad_class.has_value());
  EXPECT_EQ(bad_class.error().field, "activity");
}

TEST_P(SnapshotsTest, CustomersFilterBySegmentAndActivityAndPage) {
  ASSERT_TRUE(snapshots.take(kJune30).has_value());
  auto risk = snapshots.customers(SnapshotRef{}, "at_RISK", "", Page{});
  ASSERT_TRUE(risk.has_value());
  ASSERT_EQ(risk->total, 1);
  EXPECT_EQ(risk->items.at(0).customer_id, 4);
  auto inactive = snapshots.customers(SnapshotRef{}, "", "inactive", Page{});
  ASSERT_TRUE(inactive.has_value());
  ASSERT_EQ(inactive->total, 2);                    // dormant customers are inactive too
  EXPECT_EQ(inactive->items.at(0).customer_id, 5);  // monetary descending
  EXPECT_EQ(inactive->items.at(1).customer_id, 4);
  auto second_page = snapshots.customers(SnapshotRef{}, "", "", Page{2, 2});
  ASSERT_TRUE(second_page.has_value());
  EXPECT_EQ(second_page->total, 5);
  ASSERT_EQ(second_page->items.size(), 2u);
  EXPECT_EQ(second_page->items[0].customer_id, 3);  // 1000.50, 300.00 | 150.00, 50.00 | 10.00
  EXPECT_EQ(second_page->items[1].customer_id, 2);
}

TEST_P(SnapshotsTest, SegmentExportEqualsExportSegment) {
  const auto taken = snapshots.take(kJune30);
  ASSERT_TRUE(taken.has_value());
  for (const char* segment : {"new", "At risk", "cannot-lose", "Champions"}) {
    auto mine = snapshots.segment_export(SnapshotRef{}, segment);
    ASSERT_TRUE(mine.has_value()) << segment;
    reports::ReportOptions options;
    options.as_of_day = kJune30;
    auto theirs = reports::export_segment(*database, segment, options, SystemClock{});
    ASSERT_TRUE(theirs.has_value()) << segment;
    EXPECT_EQ(reports::render(mine->table, reports::Format::kCsv),
              reports::render(*theirs, reports::Format::kCsv))
        << segment;
  }
  EXPECT_EQ(snapshots.segment_export(SnapshotRef{}, "cannot-lose")->segment, "Cannot lose");
}

TEST_P(SnapshotsTest, MigrationCountsEveryPairAndTheNewcomers) {
  const auto june = snapshots.take(kJune30);
  const auto july = snapshots.take(kJuly31);
  ASSERT_TRUE(june && july);
  reports::ReportOptions options;  // default: the latest and the one before it
  auto table = reports::run_report("segment-migration", *database, options, SystemClock{});
  ASSERT_TRUE(table.has_value()) << table.error().message;
  // Rows in the map's order of the from segment, "(new)" last.
  EXPECT_EQ(reports::render(*table, reports::Format::kCsv), test::kJuneToJulyCsv);
  EXPECT_EQ(table->as_of_day, kJuly31);
  // Backwards: customer 6 is absent from June and not listed.
  options.from_snapshot = july->id;
  options.to_snapshot = june->id;
  auto back = reports::run_report("segment-migration", *database, options, SystemClock{});
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->rows(), 5u);
  options.to_snapshot = july->id + 5;
  EXPECT_EQ(
      reports::run_report("segment-migration", *database, options, SystemClock{}).error().code,
      "no_snapshot");
}

TEST_P(SnapshotsTest, MigrationNeedsTwoSnapshots) {
  ASSERT_TRUE(snapshots.take(kJune30).has_value());
  auto table =
      reports::run_report("segment-migration", *database, reports::ReportOptions{}, SystemClock{});
  ASSERT_FALSE(table.has_value());
  EXPECT_EQ(table.error().code, "no_snapshot");
  EXPECT_EQ(table.error().kind, ErrorKind::kNotFound);
}

TEST_P(SnapshotsTest, WorseListsTheCustomersWhoseSegmentRankFell) {
  ASSERT_TRUE(snapshots.take(kJune30).has_value());
  ASSERT_TRUE(snapshots.take(kJuly31).has_value());
  auto moved = snapshots.worse(SnapshotRef{}, SnapshotRef{}, Page{});
  ASSERT_TRUE(moved.has_value()) << moved.error().message;
  // 3: Need attention (6) -> At risk (9); 2: Potential loyalist (3) -> About to sleep (7).
  // 1 stays New, 4 stays At risk, 5 stays Cannot lose, 6 is new.
  ASSERT_EQ(moved->total, 2);
  EXPECT_EQ(moved->items[0].customer_id, 3);
  EXPECT_EQ(moved->items[0].from_segment, "Need attention");
  EXPECT_EQ(moved->items[0].to_segment, "At risk");
  EXPECT_EQ(moved->items[0].monetary, 15000);
  EXPECT_EQ(moved->items[0].first_name, "Cat");
  EXPECT_EQ(moved->items[1].customer_id, 2);
  EXPECT_EQ(moved->items[1].to_segment, "About to sleep");
  auto page_two = snapshots.worse(SnapshotRef{}, SnapshotRef{}, Page{2, 1});
  ASSERT_TRUE(page_two.has_value());
  ASSERT_EQ(page_two->items.size(), 1u);
  EXPECT_EQ(page_two->items[0].customer_id, 2);
}

TEST(SegmentRank, BestFirstAndUnknownNamesUnranked) {
  EXPECT_EQ(segment_rank("Champions"), 1);
  EXPECT_EQ(segment_rank("Loyal"), 2);
  EXPECT_EQ(segment_rank("Cannot lose"), 8);
  EXPECT_EQ(segment_rank("Hibernating"), 10);
  EXPECT_FALSE(segment_rank("VIP").has_value());
}

TEST(Due, WhenNoneOrTheLatestIsIntervalDaysOld) {
  EXPECT_TRUE(is_due(std::nullopt, 100, 15));
  EXPECT_FALSE(is_due(100, 114, 15));
  EXPECT_TRUE(is_due(100, 115, 15));
  EXPECT_FALSE(is_due(120, 115, 15));  // a snapshot as of a later day than today
}

TEST_P(SnapshotsTest, TakeIfDueFollowsTheClock) {
  clock.set(noon_of(kJuly31));
  auto first = snapshots.take_if_due(15);
  ASSERT_TRUE(first.has_value());
  ASSERT_TRUE(first->has_value());
  EXPECT_EQ((*first)->as_of_day, kJuly31);
  clock.advance(std::chrono::days(14));
  auto early = snapshots.take_if_due(15);
  ASSERT_TRUE(early.has_value());
  EXPECT_FALSE(early->has_value());
  clock.advance(std::chrono::days(1));
  auto due = snapshots.take_if_due(15);
  ASSERT_TRUE(due.has_value());
  ASSERT_TRUE(due->has_value());
  EXPECT_EQ((*due)->as_of_day, kJuly31 + 15);
  EXPECT_EQ(snapshots.list().size(), 2u);
}

TEST_P(SnapshotsTest, SchedulerTakesOneAtStartUpThenWhenDueAndStops) {
  std::mutex mutex;
  std::vector<Summary> taken;
  {
    Scheduler scheduler(snapshots, 15, std::chrono::milliseconds(5),
                        {[&](const Summary& s) {
                           std::lock_guard lock(mutex);
                           taken.push_back(s);
                         },
                         [](const std::string& why) { ADD_FAILURE() << why; }});
    const auto count = [&] {
      std::lock_guard lock(mutex);
      return taken.size();
    };
    // Waits for the thread, however slow the machine (no timing is asserted).
    for (int i = 0; i < 60000 && count() < 1; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ASSERT_EQ(count(), 1u);
    clock.advance(std::chrono::days(15));
    for (int i = 0; i < 60000 && count() < 2; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ASSERT_EQ(count(), 2u);
    scheduler.stop();
  }
  EXPECT_EQ(taken[0].as_of_day, kJuly31);
  EXPECT_EQ(taken[1].as_of_day, kJuly31 + 15);
  EXPECT_EQ(snapshots.list().size(), 2u);  // nothing more once stopped, nothing twice
}

class SnapshotClv : public ::testing::TestWithParam<cw::testing::Backend> {};
INSTANTIATE_TEST_SUITE_P(Db, SnapshotClv, cw::testing::kBothBackends, cw::testing::backend_name);

TEST_P(SnapshotClv, EqualsTheClvReportWhenTheModelFits) {
  cw::testing::TestDatabase database;
  offers::test::build_shop(*database);
  Config config;
  ManualClock clock{from_unix(start_of_day(offers::test::kAsOfDay))};
  Snapshots snapshots(*database, config, clock);
  auto taken = snapshots.take(offers::test::kAsOfDay);
  ASSERT_TRUE(taken.has_value()) << taken.error().message;
  EXPECT_TRUE(snapshots.detail(SnapshotRef{})->clv_fitted);
  reports::ReportOptions options;
  options.as_of_day = offers::test::kAsOfDay;
  auto report = reports::run_report("clv", *database, options, clock);
  ASSERT_TRUE(report.has_value()) << report.error().message;
  std::map<Id, Minor> expected;
  for (std::size_t i = 0; i < report->rows(); ++i)
    expected[report->find("customer_id")->int_at(i)] = report->find("clv")->int_at(i);
  auto page = snapshots.customers(SnapshotRef{}, "", "", Page{1, 1000});
  ASSERT_TRUE(page.has_value());
  ASSERT_EQ(page->items.size(), expected.size());
  for (const CustomerRow& row : page->items) {
    ASSERT_TRUE(row.clv.has_value()) << row.customer_id;
    EXPECT_EQ(*row.clv, expected.at(row.customer_id)) << row.customer_id;
  }
}

}  // namespace
}  // namespace cw::snapshots
