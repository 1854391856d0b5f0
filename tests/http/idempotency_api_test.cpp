// The Idempotency-Key header on POST /orders: replays, concurrent repeats, reuse with another
// body, per-account key spaces, stored refusals, expiry and purge.
#include "promo_api_fixture.hpp"

namespace cw::http::testing {
namespace {

class IdempotencyApiTest : public PromoApiTest {
 protected:
  IdempotencyApiTest() : anna(customer_token("anna")) {}
  Json socks_order(int quantity) { return {{"lines", {line(socks, quantity)}}}; }
  std::string anna;
};

INSTANTIATE_TEST_SUITE_P(Db, IdempotencyApiTest, cw::testing::kBothBackends,
                         cw::testing::backend_name);

TEST_P(IdempotencyApiTest, ARepeatGetsTheOriginalAnswerWithoutASecondOrder) {
  auto first = post_keyed("/api/v1/orders", socks_order(2), anna, "order-0001");
  ASSERT_EQ(first.status, 201) << first.raw;
  EXPECT_EQ(first.content_type, "application/json");
  clock.advance(std::chrono::minutes(10));
  auto repeat = post_keyed("/api/v1/orders", socks_order(2), anna, "order-0001");
  EXPECT_EQ(repeat.status, 201);
  EXPECT_EQ(repeat.content_type, "application/json");
  EXPECT_EQ(repeat.raw, first.raw);
  EXPECT_EQ(count("SELECT COUNT(*) FROM orders"), 1);
  EXPECT_EQ(stock_of(socks, "M"), 98);
  // Another key is another order.
  auto other = post_keyed("/api/v1/orders", socks_order(2), anna, "order-0002");
  ASSERT_EQ(other.status, 201);
  EXPECT_NE(other.body.at("id"), first.body.at("id"));
}

TEST_P(IdempotencyApiTest, TenConcurrentRepeatsMakeOneOrderAndTenIdenticalAnswers) {
  const std::string body = socks_order(3).dump();
  const auto answers = at_once(10, [&](int, httplib::Client& own) {
    return post_from(own, "/api/v1/orders", body, anna, "checkout-42");
  });
  ASSERT_EQ(answers[0].status, 201) << answers[0].raw;
  for (const Answer& answer : answers) {
    EXPECT_EQ(answer.status, 201);
    EXPECT_EQ(answer.raw, answers[0].raw);
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM orders"), 1);
  EXPECT_EQ(stock_of(socks, "M"), 97);
}

TEST_P(IdempotencyApiTest, TheSameKeyWithAnotherBodyIs409AndChangesNothing) {
  ASSERT_EQ(post_keyed("/api/v1/orders", socks_order(1), anna, "k-1").status, 201);
  const auto before = snapshot();
  expect_problem(post_keyed("/api/v1/orders", socks_order(2), anna, "k-1"), 409,
                 "idempotency_key_reused", "Idempotency-Key");
  EXPECT_EQ(snapshot(), before);
}

TEST_P(IdempotencyApiTest, KeysBelongToTheirAccount) {
  const std::string bea = customer_token("bea");
  auto annas = post_keyed("/api/v1/orders", socks_order(1), anna, "shared-key");
  auto beas = post_keyed("/api/v1/orders", socks_order(1), bea, "shared-key");
  ASSERT_EQ(annas.status, 201);
  ASSERT_EQ(beas.status, 201) << beas.raw;
  EXPECT_NE(annas.body.at("id"), beas.body.at("id"));
  EXPECT_EQ(beas.body.at("customer_id"), get("/api/v1/me", bea).body.at("id"));
}

TEST_P(IdempotencyApiTest, ARefusalIsStoredAndReplayedToo) {
  auto refused = post_keyed("/api/v1/orders", socks_order(500), anna, "too-many");
  expect_problem(refused, 409, "insufficient_stock", "lines[0].quantity");
  // Even after a restock the retry answers what the first request got: the same request,
  // the same answer.
  ASSERT_EQ(
      post("/api/v1/warehouse/stock", {{"product_id", socks}, {"size", "M"}, {"quantity", 500}},
           staff_token("packer", customers::Role::kWarehouse))
          .status,
      200);
  auto replayed = post_keyed("/api/v1/orders", socks_order(500), anna, "too-many");
  EXPECT_EQ(replayed.status, 409);
  EXPECT_EQ(replayed.content_type, "application/problem+json");
  EXPECT_EQ(replayed.raw, refused.raw);
  EXPECT_EQ(count("SELECT COUNT(*) FROM orders"), 0);
}

TEST_P(IdempotencyApiTest, AMalformedKeyIs400) {
  const auto before = snapshot();
  expect_problem(post_keyed("/api/v1/orders", socks_order(1), anna, std::string(256, 'k')), 400,
                 "invalid_idempotency_key", "Idempotency-Key");
  EXPECT_EQ(snapshot(), before);
}

TEST_P(IdempotencyApiTest, KeysAreKeptADayThenPurgedAndFreeAgain) {
  ASSERT_EQ(post_keyed("/api/v1/orders", socks_order(1), anna, "daily").status, 201);
  clock.advance(std::chrono::hours(23));
  expect_problem(post_keyed("/api/v1/orders", socks_order(2), anna, "daily"), 409,
                 "idempotency_key_reused", "Idempotency-Key");
  clock.advance(std::chrono::hours(1));
  anna = login("anna");  // the session has expired; the key space is the account's
  // The next keyed request runs the purge (due an hour after the last one): the old row goes.
  ASSERT_EQ(post_keyed("/api/v1/orders", socks_order(1), anna, "next-day").status, 201);
  EXPECT_EQ(count("SELECT COUNT(*) FROM idempotency_keys WHERE key = 'daily'"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM idempotency_keys"), 1);
  auto reused = post_keyed("/api/v1/orders", socks_order(2), anna, "daily");
  ASSERT_EQ(reused.status, 201) << reused.raw;
  EXPECT_EQ(reused.body.at("lines")[0].at("quantity"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM orders"), 3);
}

TEST_P(IdempotencyApiTest, WithoutAKeyEveryRequestIsAnOrder) {
  ASSERT_EQ(post("/api/v1/orders", socks_order(1), anna).status, 201);
  ASSERT_EQ(post("/api/v1/orders", socks_order(1), anna).status, 201);
  EXPECT_EQ(count("SELECT COUNT(*) FROM orders"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM idempotency_keys"), 0);
}

}  // namespace
}  // namespace cw::http::testing
