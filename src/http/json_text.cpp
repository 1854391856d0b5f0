#include "http/json_text.hpp"

#include <charconv>

#include "core/money_format.hpp"
#include "core/time.hpp"

namespace cw::http {
namespace {

// Each writer below lists its members in the order of their keys, as the Json object (a sorted
// map) dumps them; the test compares every one with dump(to_json(...)).
class Writer {
 public:
  Writer(std::string& out, const Money& money) : out_(out), money_(money) {}

  // `"key":`, after a comma unless it is the first member ("{" or "[" just written).
  void key(std::string_view name) {
    if (out_.back() != '{') out_ += ',';
    out_ += '"';
    out_ += name;
    out_ += "\":";
  }
  void element() {
    if (out_.back() != '[') out_ += ',';
  }

  void string(std::string_view name, std::string_view text) {
    key(name);
    append_json_string(out_, text);
  }
  void optional_string(std::string_view name, const std::optional<std::string>& text) {
    key(name);
    if (text)
      append_json_string(out_, *text);
    else
      out_ += "null";
  }
  void integer(std::string_view name, std::int64_t value) {
    key(name);
    char buf[24];
    out_.append(buf, std::to_chars(buf, buf + sizeof buf, value).ptr);
  }
  void money(std::string_view name, Minor amount) {
    key(name);
    char buf[72];
    buf[0] = '"';
    char* end = format_money_to(buf + 1, amount, money_.config.currency_decimals);
    *end++ = '"';
    out_.append(buf, end);
  }
  void time(std::string_view name, Timestamp at) { string(name, format_timestamp(at)); }

  void address(const customers::Address& a) {
    out_ += '{';
    string("city", a.city);
    string("country", a.country);
    string("line1", a.line1);
    optional_string("line2", a.line2);
    string("postcode", a.postcode);
    out_ += '}';
  }
  void line(const orders::Line& line) {
    out_ += '{';
    money("discount", line.discount);
    money("line_total", line.line_total);
    integer("product_id", line.product_id);
    string("product_name", line.product_name);
    integer("quantity", line.quantity);
    string("size", line.size);
    money("unit_price", line.unit_price);
    out_ += '}';
  }
  void event(const orders::StatusEvent& event) {
    out_ += '{';
    time("at", event.at);
    string("status", orders::status_name(event.status));
    out_ += '}';
  }
  void reward(const loyalty::AllocatedReward& reward) {
    out_ += '{';
    time("allocated_at", reward.allocated_at);
    integer("category", reward.category);
    time("expires_at", reward.expires_at);
    integer("percent_off", reward.percent_off);
    integer("product_id", reward.product_id);
    string("token", reward.token);
    out_ += '}';
  }
  template <typename T, typename Write>
  void array(std::string_view name, const std::vector<T>& items, Write write) {
    key(name);
    out_ += '[';
    for (const T& item : items) {
      element();
      (this->*write)(item);
    }
    out_ += ']';
  }

  void order(const orders::Order& order) {
    out_ += '{';
    optional_string("coupon_code", order.coupon_code);
    string("currency", order.currency);
    integer("customer_id", order.customer_id);
    money("discount", order.discount);
    optional_string("external_ref", order.external_ref);
    array("history", order.history, &Writer::event);
    integer("id", order.id);
    array("lines", order.lines, &Writer::line);
    time("placed_at", order.placed_at);
    optional_string("reward_token", order.reward_token);
    array("rewards_allocated", order.rewards_allocated, &Writer::reward);
    key("ship_to");
    if (order.ship_to)
      address(*order.ship_to);
    else
      out_ += "null";
    money("shipping", order.shipping);
    string("status", orders::status_name(order.status));
    money("subtotal", order.subtotal);
    money("total", order.total);
    out_ += '}';
  }

 private:
  std::string& out_;
  const Money& money_;
};

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  // Printable ASCII other than the quote and the backslash is written as it is; anything else
  // (escapes, UTF-8 to check) is left to the library, which is rare in names, codes and times.
  for (const char c : text) {
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
      out += dump(Json(text));
      return;
    }
  }
  out += '"';
  out += text;
  out += '"';
}

void append_order_json(std::string& out, const orders::Order& order, const Money& money) {
  // An order with one line is about 600 bytes.
  out.reserve(out.size() + 512 + 256 * order.lines.size());
  Writer(out, money).order(order);
}

Reply json_text_reply(std::string body) {
  Reply reply;
  reply.stored_body = std::move(body);
  reply.content_type = "application/json";
  return reply;
}

}  // namespace cw::http
