// Activity: visits, their events and the link to the order a visit ended in. Customers, products
// and orders come from the shared test ShopBuilder (plain SQL): these tests depend on the schema,
// not other modules.
#include "activity/activity.hpp"

#include <gtest/gtest.h>

#include "support/shop_builder.hpp"
#include "support/temp_dir.hpp"

namespace cw::activity {
namespace {

const Timestamp kStart = from_unix(1'767'225'600);  // 2026-01-01T00:00:00Z

class ActivityTest : public ::testing::TestWithParam<cw::testing::Backend> {
 protected:
  void SetUp() override {
    auto c = database->lease();
    cw::testing::ShopBuilder shop{*c};
    shop.customer({.id = 1, .email = "ann@example.com"});
    shop.customer({.id = 2, .email = "bea@example.com"});
    shop.product(
        {.id = 10, .category_id = shop.category("Heels", 1), .name = "Pump", .price = 8999});
    shop.add_size(10, "UK 5", 3, 0);
    shop.add_size(10, "UK 6", 0, 1);
    shop.order({.id = 100, .customer_id = 1, .subtotal = 8999});
    shop.order({.id = 200, .customer_id = 2, .subtotal = 8999});
  }

  Visit start(std::optional<Id> customer) {
    auto v = activity.start_visit({customer, std::nullopt, std::nullopt, std::nullopt});
    EXPECT_TRUE(v.has_value());
    return v ? *v : Visit{};
  }

  // The caller allowed to write into `v`: its customer, or for an anonymous visit its key.
  static VisitWriter owner(const Visit& v) { return {v.customer_id, v.visitor_key}; }

  std::int64_t count(const char* sql) { return database->lease()->scalar(sql).value_or(-1); }

  cw::testing::TestDatabase database;
  ManualClock clock{kStart};
  Activity activity{*database, clock};
};

INSTANTIATE_TEST_SUITE_P(Db, ActivityTest, cw::testing::kBothBackends, cw::testing::backend_name);

TEST_P(ActivityTest, EventKindNamesRoundTrip) {
  for (EventKind k : {EventKind::kView, EventKind::kCartAdd, EventKind::kCartRemove})
    EXPECT_EQ(parse_event_kind(to_string(k)), k);
  EXPECT_EQ(to_string(EventKind::kCartAdd), "cart_add");
  EXPECT_EQ(parse_event_kind("purchase"), std::nullopt);
  EXPECT_EQ(parse_event_kind("VIEW"), std::nullopt);
}

TEST_P(ActivityTest, StartVisitOfACustomerStoresEveryField) {
  auto v = activity.start_visit({1, std::nullopt, std::string("email"), 7});
  ASSERT_TRUE(v.has_value());
  EXPECT_GT(v->id, 0);
  EXPECT_EQ(v->customer_id, 1);
  EXPECT_EQ(v->visitor_key, std::nullopt);
  EXPECT_EQ(v->started_at, kStart);
  EXPECT_EQ(v->source, "email");
  EXPECT_EQ(v->campaign_id, 7);
  EXPECT_EQ(v->order_id, std::nullopt);

  auto stored = activity.get_visit(v->id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->customer_id, 1);
  EXPECT_EQ(stored->source, "email");
  EXPECT_EQ(stored->campaign_id, 7);
  EXPECT_EQ(stored->started_at, kStart);
}

TEST_P(ActivityTest, StartVisitOfAnAnonymousVisitor) {
  clock.advance(std::chrono::seconds(90));
  auto v = activity.start_visit(
      {std::nullopt, std::string("cookie-'; DROP TABLE visits;--"), std::nullopt, std::nullopt});
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->customer_id, std::nullopt);
  EXPECT_EQ(v->visitor_key, "cookie-'; DROP TABLE visits;--");
  EXPECT_EQ(v->started_at, kStart + std::chrono::seconds(90));
  EXPECT_EQ(count("SELECT COUNT(*) FROM visits"), 1);
}

TEST_P(ActivityTest, StartVisitOfAnUnknownCustomerIsUnprocessable) {
  auto v = activity.start_visit({999, std::nullopt, std::nullopt, std::nullopt});
  ASSERT_FALSE(v.has_value());
  EXPECT_EQ(v.error().kind, ErrorKind::kUnprocessable);
  EXPECT_EQ(v.error().code, "unknown_customer");
  EXPECT_EQ(v.error().field, "customer_id");
  EXPECT_EQ(count("SELECT COUNT(*) FROM visits"), 0);
}

TEST_P(ActivityTest, RecordStoresEachKindOfEvent) {
  const Visit v = start(1);
  clock.advance(std::chrono::seconds(5));
  ASSERT_TRUE(activity.record(v.id, EventKind::kView, 10, std::nullopt, 1, owner(v)).has_value());
  // A second apart: events have no key of their own, so their time is what orders them.
  clock.advance(std::chrono::seconds(1));
  ASSERT_TRUE(
      activity.record(v.id, EventKind::kCartAdd, 10, std::string("UK 5"), 2, owner(v)).has_value());
  clock.advance(std::chrono::seconds(1));
  ASSERT_TRUE(activity.record(v.id, EventKind::kCartRemove, 10, std::string("UK 5"), 1, owner(v))
                  .has_value());

  auto c = database->lease();
  auto rows = c->query(
      "SELECT visit_id, kind, product_id, size, quantity, at FROM visit_events ORDER BY at");
  ASSERT_TRUE(rows.next());
  EXPECT_EQ(rows.integer(0), v.id);
  EXPECT_EQ(rows.text(1), "view");
  EXPECT_EQ(rows.integer(2), 10);
  EXPECT_TRUE(rows.is_null(3));
  EXPECT_EQ(rows.integer(4), 1);
  EXPECT_EQ(rows.integer(5), to_unix(kStart) + 5);
  ASSERT_TRUE(rows.next());
  EXPECT_EQ(rows.text(1), "cart_add");
  EXPECT_EQ(rows.text(3), "UK 5");
  EXPECT_EQ(rows.integer(4), 2);
  ASSERT_TRUE(rows.next());
  EXPECT_EQ(rows.text(1), "cart_remove");
  EXPECT_EQ(rows.integer(4), 1);
  EXPECT_FALSE(rows.next());
}

// The abandonment report reads a visit's cart from its had_cart flag (migration 0108): the
// first cart add sets it, views and removals do not, and another visit keeps its own.
TEST_P(ActivityTest, ACartAddMarksItsVisitAsHavingACart) {
  const Visit carted = start(1);
  const Visit browsed = start(1);
  const auto had_cart = [&](const Visit& v) {
    return database->lease()->scalar("SELECT had_cart FROM visits WHERE id = ?", v.id).value_or(-1);
  };
  ASSERT_TRUE(
      activity.record(carted.id, EventKind::kView, 10, std::nullopt, 1, owner(carted)).has_value());
  ASSERT_TRUE(activity.record(browsed.id, EventKind::kView, 10, std::nullopt, 1, owner(browsed))
                  .has_value());
  ASSERT_TRUE(
      activity
          .record(browsed.id, EventKind::kCartRemove, 10, std::string("UK 5"), 1, owner(browsed))
          .has_value());
  EXPECT_EQ(had_cart(carted), 0);
  ASSERT_TRUE(
      activity.record(carted.id, EventKind::kCartAdd, 10, std::string("UK 5"), 1, owner(carted))
          .has_value());
  ASSERT_TRUE(
      activity.record(carted.id, EventKind::kCartAdd, 10, std::string("UK 5"), 1, owner(carted))
          .has_value());
  EXPECT_EQ(had_cart(carted), 1);
  EXPECT_EQ(had_cart(browsed), 0);
}

TEST_P(ActivityTest, RecordAcceptsASizeOutOfStock) {
  const Visit v = start(1);
  EXPECT_TRUE(
      activity.record(v.id, EventKind::kCartAdd, 10, std::string("UK 6"), 1, owner(v)).has_value());
}

TEST_P(ActivityTest, RecordOnAnAnonymousVisit) {
  const Visit v = start(std::nullopt);
  EXPECT_TRUE(activity.record(v.id, EventKind::kView, 10, std::nullopt, 1, owner(v)).has_value());
  EXPECT_EQ(count("SELECT COUNT(*) FROM visit_events"), 1);
}

TEST_P(ActivityTest, RecordOnTheCustomersOwnVisit) {
  const Visit v = start(2);
  EXPECT_TRUE(activity.record(v.id, EventKind::kView, 10, std::nullopt, 1, VisitWriter{Id{2}, {}})
                  .has_value());
  EXPECT_EQ(count("SELECT COUNT(*) FROM visit_events"), 1);
}

TEST_P(ActivityTest, RecordOnAnUnknownVisitIsNotFound) {
  auto r = activity.record(12345, EventKind::kView, 10, std::nullopt, 1, VisitWriter{Id{1}, {}});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(r.error().code, "not_found");
  EXPECT_EQ(r.error().message, "visit not found");
  EXPECT_EQ(count("SELECT COUNT(*) FROM visit_events"), 0);
}

TEST_P(ActivityTest, RecordOnAnotherCustomersVisitIsNotFound) {
  const Visit ann = start(1);
  auto r = activity.record(ann.id, EventKind::kCartAdd, 10, std::string("UK 5"), 1,
                           VisitWriter{Id{2}, {}});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(r.error().message, "visit not found");
  EXPECT_EQ(count("SELECT COUNT(*) FROM visit_events"), 0);
}

TEST_P(ActivityTest, RecordOnAnAnonymousVisitForACustomerIsNotFound) {
  const Visit anonymous = start(std::nullopt);
  auto r =
      activity.record(anonymous.id, EventKind::kView, 10, std::nullopt, 1, VisitWriter{Id{1}, {}});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::kNotFound);
}

TEST_P(ActivityTest, AnAnonymousVisitStartedWithoutAKeyGetsARandomOne) {
  const Visit first = start(std::nullopt);
  const Visit second = start(std::nullopt);
  ASSERT_TRUE(first.visitor_key.has_value());
  EXPECT_EQ(first.visitor_key->size(), 32u);
  EXPECT_EQ(first.visitor_key->find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(first.visitor_key, second.visitor_key);
  EXPECT_EQ(start(1).visitor_key, std::nullopt);  // a customer's visit needs none
}

TEST_P(ActivityTest, AnAnonymousVisitTakesEventsOnlyWithItsKey) {
  auto v =
      activity.start_visit({std::nullopt, std::string("cookie-1"), std::nullopt, std::nullopt});
  ASSERT_TRUE(v.has_value());
  for (const VisitWriter& stranger :
       {VisitWriter{}, VisitWriter{std::nullopt, std::string("cookie-2")},
        VisitWriter{Id{1}, std::nullopt}, VisitWriter{Id{1}, std::string("Cookie-1")}}) {
    auto r = activity.record(v->id, EventKind::kView, 10, std::nullopt, 1, stranger);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().kind, ErrorKind::kNotFound);
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM visit_events"), 0);
  EXPECT_TRUE(activity
                  .record(v->id, EventKind::kView, 10, std::nullopt, 1,
                          VisitWriter{std::nullopt, std::string("cookie-1")})
                  .has_value());
}

TEST_P(ActivityTest, ACustomersVisitTakesNoEventsFromItsKeyAlone) {
  const Visit ann = start(1);
  auto r = activity.record(ann.id, EventKind::kView, 10, std::nullopt, 1, VisitWriter{});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::kNotFound);
}

TEST_P(ActivityTest, RecordOfAnUnknownProductIsUnprocessable) {
  const Visit v = start(1);
  auto r = activity.record(v.id, EventKind::kView, 999, std::nullopt, 1, owner(v));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::kUnprocessable);
  EXPECT_EQ(r.error().code, "unknown_product");
  EXPECT_EQ(r.error().field, "product_id");
  EXPECT_EQ(count("SELECT COUNT(*) FROM visit_events"), 0);
}

TEST_P(ActivityTest, RecordOfAnUnknownSizeIsUnprocessable) {
  const Visit v = start(1);
  for (const char* size : {"UK 9", "uk 5", "", "UK 5' OR '1'='1"}) {
    auto r = activity.record(v.id, EventKind::kCartAdd, 10, std::string(size), 1, owner(v));
    ASSERT_FALSE(r.has_value()) << size;
    EXPECT_EQ(r.error().kind, ErrorKind::kUnprocessable) << size;
    EXPECT_EQ(r.error().code, "unknown_size") << size;
    EXPECT_EQ(r.error().field, "size") << size;
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM visit_events"), 0);
}

TEST_P(ActivityTest, RecordOfAQuantityBelowOneIsUnprocessable) {
  const Visit v = start(1);
  for (std::int64_t quantity : {0, -1}) {
    auto r =
        activity.record(v.id, EventKind::kCartAdd, 10, std::string("UK 5"), quantity, owner(v));
    ASSERT_FALSE(r.has_value()) << quantity;
    EXPECT_EQ(r.error().kind, ErrorKind::kUnprocessable);
    EXPECT_EQ(r.error().code, "invalid_quantity");
    EXPECT_EQ(r.error().field, "quantity");
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM visit_events"), 0);
}

TEST_P(ActivityTest, MarkOrderedLinksTheVisit) {
  const Visit v = start(1);
  auto r = activity.mark_ordered(v.id, 100);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(activity.get_visit(v.id)->order_id, 100);
}

TEST_P(ActivityTest, MarkOrderedLinksAnAnonymousVisitToAnyOrder) {
  const Visit v = start(std::nullopt);
  ASSERT_TRUE(activity.mark_ordered(v.id, 200).has_value());
  EXPECT_EQ(activity.get_visit(v.id)->order_id, 200);
}

TEST_P(ActivityTest, MarkOrderedOfAnUnknownOrderIsNotFound) {
  const Visit v = start(1);
  auto r = activity.mark_ordered(v.id, 999);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(r.error().message, "order not found");
  EXPECT_EQ(activity.get_visit(v.id)->order_id, std::nullopt);
}

TEST_P(ActivityTest, MarkOrderedOfAnUnknownVisitIsNotFound) {
  auto r = activity.mark_ordered(999, 100);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(r.error().message, "visit not found");
}

TEST_P(ActivityTest, MarkOrderedWithAnotherCustomersOrderIsNotFound) {
  const Visit ann = start(1);
  auto r = activity.mark_ordered(ann.id, 200);  // order 200 is Bea's
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(r.error().message, "visit not found");
  EXPECT_EQ(activity.get_visit(ann.id)->order_id, std::nullopt);
}

TEST_P(ActivityTest, MarkOrderedOnAConnectionJoinsItsTransaction) {
  const Visit v = start(1);
  auto c = database->lease();
  {
    db::Transaction tx(*c, db::TxMode::kWrite);
    ASSERT_TRUE(Activity::mark_ordered(*c, v.id, 100).has_value());
  }  // rolled back
  EXPECT_EQ(activity.get_visit(v.id)->order_id, std::nullopt);
  {
    db::Transaction tx(*c, db::TxMode::kWrite);
    ASSERT_TRUE(Activity::mark_ordered(*c, v.id, 100).has_value());
    tx.commit();
  }
  EXPECT_EQ(activity.get_visit(v.id)->order_id, 100);
}

TEST_P(ActivityTest, GetVisitOfAnUnknownIdIsNotFound) {
  auto v = activity.get_visit(4242);
  ASSERT_FALSE(v.has_value());
  EXPECT_EQ(v.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(v.error().message, "visit not found");
}

TEST_P(ActivityTest, GetVisitLimitedToACustomerHidesOtherVisits) {
  const Visit ann = start(1);
  const Visit anonymous = start(std::nullopt);
  EXPECT_TRUE(activity.get_visit(ann.id, Id{1}).has_value());
  auto other = activity.get_visit(ann.id, Id{2});
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().kind, ErrorKind::kNotFound);
  EXPECT_FALSE(activity.get_visit(anonymous.id, Id{1}).has_value());
  EXPECT_TRUE(activity.get_visit(anonymous.id).has_value());
}

}  // namespace
}  // namespace cw::activity
