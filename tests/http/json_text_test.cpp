// The order text written without a Json tree must be byte for byte what the tree dumps: the same
// keys in the same order, the same escapes, null where a value is missing.
#include "http/json_text.hpp"

#include <gtest/gtest.h>

#include "core/config.hpp"
#include "core/time.hpp"

namespace cw::http {
namespace {

orders::Order bare_order() {
  orders::Order order;
  order.id = 41;
  order.customer_id = 7;
  order.status = orders::Status::kPlaced;
  order.placed_at = from_unix(1'767'225'600);
  order.lines = {{12, "Chelsea Boot", "UK 5", 2, 8999, 0, 17998}};
  order.subtotal = 17998;
  order.shipping = 495;
  order.total = 18493;
  order.currency = "GBP";
  order.history = {{orders::Status::kPlaced, order.placed_at}};
  return order;
}

std::string written(const orders::Order& order, const Config& config) {
  std::string out;
  append_order_json(out, order, Money{config});
  return out;
}

TEST(OrderJsonText, AnOrderWithoutOptionsIsWhatItsTreeDumps) {
  const Config config;
  const auto order = bare_order();
  EXPECT_EQ(written(order, config), dump(to_json(order, Money{config})));
}

TEST(OrderJsonText, EveryOptionalPartAndSeveralLinesAreWhatTheTreeDumps) {
  Config config;
  auto order = bare_order();
  order.status = orders::Status::kCancelled;
  order.lines.push_back({13, "Mule", "UK 4", 1, 2999, 300, 2699});
  order.discount = -300;  // a negative amount keeps its sign
  order.ship_to = customers::Address{"1 High St", "Flat 2", "Leeds", "LS1 1AA", "GB"};
  order.history.push_back({orders::Status::kCancelled, order.placed_at + std::chrono::hours(3)});
  order.coupon_code = "SPRING10";
  order.reward_token = "rw-123";
  order.rewards_allocated = {
      {5, "tok-5", 12, 3, 15, order.placed_at, order.placed_at + std::chrono::days(30)}};
  order.external_ref = "ZYY98";
  EXPECT_EQ(written(order, config), dump(to_json(order, Money{config})));

  order.ship_to->line2.reset();
  config.currency_decimals = 0;
  EXPECT_EQ(written(order, config), dump(to_json(order, Money{config})));
}

TEST(OrderJsonText, QuotesControlsNonAsciiAndInvalidUtf8AreEscapedAsTheTreeEscapesThem) {
  const Config config;
  auto order = bare_order();
  order.lines[0].product_name = "Say \"hi\" \\ back\n\ttab \x01";
  order.lines[0].size = "Größe 38 – 🥾";
  order.currency = "G\xff\xfe";  // not UTF-8: replaced, not refused
  order.external_ref = "";
  const std::string text = written(order, config);
  EXPECT_EQ(text, dump(to_json(order, Money{config})));
  EXPECT_NE(text.find(R"("Say \"hi\" \\ back\n\ttab \u0001")"), std::string::npos) << text;
  EXPECT_NE(text.find("\"external_ref\":\"\""), std::string::npos) << text;
}

TEST(JsonTextReply, IsAJsonReplyOfTheTextAsWritten) {
  const Reply reply = json_text_reply("{\"a\":1}");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.stored_body, "{\"a\":1}");
  EXPECT_EQ(reply.content_type, "application/json");
}

}  // namespace
}  // namespace cw::http
