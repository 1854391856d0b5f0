// Orders::place: the checkout unit of a group commit (db/group_commit.hpp). Kept lean because
// checkout throughput is measured against SQLite's raw commit rate: per line one conditional stock
// update and one product update that also returns the price and category, then one insert each for
// the order, its lines, its event and the customer's facts, and - above the first reward threshold
// - the least-selling query and the reward's insert. A coupon adds its lookup, its conditional use
// (and the per-customer count when it has that limit) and the redemption; a reward token its
// lookup, its conditional claim and the claim's order. Reads happen only to explain a failure.

#include "db/group_commit.hpp"
#include "facts/facts.hpp"
#include "orders/discounts.hpp"
#include "orders/orders.hpp"
#include "orders/pricing.hpp"

namespace cw::orders {
namespace {

std::optional<Error> check_address(const customers::Address& address) {
  const std::pair<const std::string*, const char*> required[] = {
      {&address.line1, "ship_to.line1"},
      {&address.city, "ship_to.city"},
      {&address.postcode, "ship_to.postcode"},
      {&address.country, "ship_to.country"}};
  for (const auto& [value, field] : required) {
    if (value->empty()) {
      return Error::unprocessable("invalid_address", "The address is incomplete.", field);
    }
  }
  return std::nullopt;
}

Result<customers::Address> default_address(db::Connection& c, Id customer_id) {
  auto rows = c.query(
      "SELECT a.line1, a.line2, a.city, a.postcode, a.country FROM customers c "
      "LEFT JOIN addresses a ON a.customer_id = c.id AND a.is_default = 1 WHERE c.id = ?",
      customer_id);
  if (!rows.next()) {
    return fail(Error::unprocessable("unknown_customer", "No such customer.", "customer_id"));
  }
  if (rows.is_null(0)) {
    return fail(Error::unprocessable(
        "missing_address", "No ship-to address given and no default address on file.", "ship_to"));
  }
  return customers::Address{rows.text(0), rows.opt_text(1), rows.text(2), rows.text(3),
                            rows.text(4)};
}

// Why the conditional stock update changed nothing.
Error stock_refusal(db::Connection& c, const BillLine& line) {
  auto rows = c.query(
      "SELECT p.active, (SELECT s.stock FROM product_sizes s WHERE s.product_id = p.id AND "
      "s.size = ?) FROM products p WHERE p.id = ?",
      line.size, line.product_id);
  const std::size_t i = line.request_index;
  if (!rows.next()) {
    return Error::unprocessable("unknown_product", "No such product.", line_field(i, "product_id"));
  }
  if (rows.is_null(1)) {
    return Error::unprocessable("unknown_size", "The product does not come in that size.",
                                line_field(i, "size"));
  }
  if (rows.integer(0) == 0) {
    return Error::unprocessable("product_unavailable", "The product is no longer sold.",
                                line_field(i, "product_id"));
  }
  return Error::conflict("insufficient_stock",
                         "Only " + std::to_string(rows.integer(1)) + " left in that size.",
                         line_field(i, "quantity"));
}

// Takes the line's units from stock and counts them as sold; fills the price and name.
std::optional<Error> take_stock(db::Connection& c, BillLine& line) {
  const auto taken = c.exec(
      "UPDATE product_sizes SET stock = stock - ? WHERE product_id = ? AND size = ? AND "
      "stock >= ?",
      line.quantity, line.product_id, line.size, line.quantity);
  if (taken == 0) return stock_refusal(c, line);
  auto rows = c.query(
      "UPDATE products SET units_sold = units_sold + ? WHERE id = ? "
      "RETURNING price, active, name, category_id",
      line.quantity, line.product_id);
  if (!rows.next()) throw Failure(Error::internal("a size without its product"));
  if (rows.integer(1) == 0) {
    return Error::unprocessable("product_unavailable", "The product is no longer sold.",
                                line_field(line.request_index, "product_id"));
  }
  line.unit_price = rows.integer(0);
  line.product_name = rows.text(2);
  line.category_id = rows.integer(3);
  while (rows.next()) {
  }
  return std::nullopt;
}

// The coupon and reward steps work on priced lines; their discounts are copied back to the bill.
Result<Discounts> apply_discounts(db::Connection& c, const OrderRequest& request, Timestamp now,
                                  Bill& bill) {
  promotions::PricedLines priced;
  priced.reserve(bill.lines.size());
  for (const BillLine& line : bill.lines) {
    priced.push_back({.product_id = line.product_id,
                      .category_id = line.category_id,
                      .size = line.size,
                      .quantity = line.quantity,
                      .unit_price = line.unit_price});
  }
  CW_ASSIGN_OR_RETURN(Discounts discounts,
                      orders::apply_discounts(c, {request.coupon_code, request.reward_token},
                                              request.customer_id, now, priced));
  for (std::size_t i = 0; i < bill.lines.size(); ++i) bill.lines[i].discount = priced[i].discount;
  return discounts;
}

Id insert_order(db::Connection& c, Id customer_id, Timestamp placed_at, const Bill& bill,
                const std::string& currency, const customers::Address& to,
                const Discounts& discounts) {
  // Ids are positive, so 0 stands for "none" (NULLIF makes it NULL).
  const Id coupon_id = discounts.coupon ? discounts.coupon->coupon_id : 0;
  const Id reward_id = discounts.reward ? discounts.reward->reward_id : 0;
  auto rows = c.query(
      "INSERT INTO orders (customer_id, status, placed_at, subtotal, discount, shipping, total, "
      "currency, ship_line1, ship_line2, ship_city, ship_postcode, ship_country, coupon_id, "
      "claimed_reward_id) VALUES (?, 'placed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), "
      "NULLIF(?, 0)) RETURNING id",
      customer_id, to_unix(placed_at), bill.subtotal, bill.discount, bill.shipping, bill.total,
      currency, to.line1, to.line2, to.city, to.postcode, to.country, coupon_id, reward_id);
  if (!rows.next()) throw Failure(Error::internal("INSERT ... RETURNING gave no id"));
  const Id id = rows.integer(0);
  while (rows.next()) {
  }
  return id;
}

Order order_of(Id id, const OrderRequest& request, Timestamp placed_at, const Bill& bill,
               const std::string& currency, customers::Address ship_to) {
  Order order{.id = id,
              .customer_id = request.customer_id,
              .status = Status::kPlaced,
              .placed_at = placed_at,
              .subtotal = bill.subtotal,
              .discount = bill.discount,
              .shipping = bill.shipping,
              .total = bill.total,
              .currency = currency,
              .ship_to = std::move(ship_to),
              .history = {{Status::kPlaced, placed_at}}};
  for (const BillLine& line : bill.lines) {
    order.lines.push_back({line.product_id, line.product_name, line.size, line.quantity,
                           line.unit_price, line.discount, line.line_total});
  }
  return order;
}

// What the checkout unit wrote, for the bill its caller builds once the batch has committed.
struct Written {
  Id order_id = 0;
  customers::Address ship_to;
  Discounts discounts;
  std::optional<loyalty::AllocatedReward> reward;
};

// Everything checkout writes, on the connection of the group commit unit it runs in: an early
// return of an error has the unit rolled back to its savepoint, so nothing of it stays.
Result<Written> write_order(db::Connection& c, const OrderRequest& request, Timestamp now,
                            const Config& config, Bill& bill) {
  Written written;
  if (request.ship_to) {
    written.ship_to = *request.ship_to;
  } else {
    CW_ASSIGN_OR_RETURN(written.ship_to, default_address(c, request.customer_id));
  }
  for (BillLine& line : bill.lines) {
    if (auto refused = take_stock(c, line)) return fail(*refused);
  }
  if (request.coupon_code || request.reward_token) {
    CW_ASSIGN_OR_RETURN(written.discounts, apply_discounts(c, request, now, bill));
  }
  settle(bill, config.shipping_fee);
  const Minor goods_after_discount = bill.subtotal - bill.discount;

  try {
    written.order_id = insert_order(c, request.customer_id, now, bill, config.currency,
                                    written.ship_to, written.discounts);
  } catch (const db::ConstraintError& e) {
    // With an explicit ship-to the customer is not read beforehand: the foreign key checks it.
    if (e.kind() != db::ConstraintError::Kind::kForeignKey) throw;
    return fail(Error::unprocessable("unknown_customer", "No such customer.", "customer_id"));
  }
  for (std::size_t n = 0; n < bill.lines.size(); ++n) {
    const BillLine& line = bill.lines[n];
    c.exec(
        "INSERT INTO order_lines (order_id, line_no, product_id, size, quantity, unit_price, "
        "discount, line_total) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        written.order_id, n + 1, line.product_id, line.size, line.quantity, line.unit_price,
        line.discount, line.line_total);
  }
  c.exec("INSERT INTO order_events (order_id, status, at, account_id) VALUES (?, 'placed', ?, ?)",
         written.order_id, to_unix(now), request.account_id);
  record_discounts(c, written.discounts, written.order_id, request.customer_id, now);
  // After the stock and units_sold updates above: the least-selling product counts this order.
  written.reward =
      loyalty::allocate_reward(c, request.customer_id, written.order_id, goods_after_discount, now,
                               loyalty::Rules::from_config(config));
  facts::record_order(c, {.customer_id = request.customer_id,
                          .placed_at = now,
                          .revenue = goods_after_discount,
                          .shipping = bill.shipping,
                          .discount = bill.discount,
                          .items = bill.units});
  return written;
}

// The checks that need no database: the lines (merged, counted) and an explicit address.
Result<Bill> draft(const OrderRequest& request) {
  CW_ASSIGN_OR_RETURN(Bill bill, draft_bill(request.lines));
  if (request.ship_to) {
    if (auto invalid = check_address(*request.ship_to)) return fail(*invalid);
  }
  return bill;
}

Order placed_order(Written written, const OrderRequest& request, Timestamp now, const Bill& bill,
                   const std::string& currency) {
  Order order =
      order_of(written.order_id, request, now, bill, currency, std::move(written.ship_to));
  if (written.discounts.coupon) order.coupon_code = std::move(written.discounts.coupon->code);
  if (written.discounts.reward) order.reward_token = std::move(written.discounts.reward->token);
  if (written.reward) order.rewards_allocated.push_back(std::move(*written.reward));
  return order;
}

}  // namespace

Result<Order> Orders::place(const OrderRequest& request) {
  CW_ASSIGN_OR_RETURN(Bill bill, draft(request));
  const Timestamp now = clock_.now();

  // Concurrent checkouts share one transaction and its one fsync; this returns once it committed.
  CW_ASSIGN_OR_RETURN(Written written, db_.group_commit().run([&](db::Connection& c) {
    return write_order(c, request, now, config_, bill);
  }));
  return placed_order(std::move(written), request, now, bill, config_.currency);
}

bool Orders::place_later(OrderRequest request, Identify identify, Placed placed,
                         std::size_t limit) {
  // Shared by the unit (writer thread) and the outcome (whichever thread calls it).
  struct Later {
    OrderRequest request;
    Result<Bill> bill;
    Timestamp now;
    Identify identify;
    std::optional<Result<Written>> written;
  };
  auto later = std::make_shared<Later>(
      Later{std::move(request), Bill{}, clock_.now(), std::move(identify), std::nullopt});
  later->bill = draft(later->request);
  auto work = [later, this](db::Connection& c) {
    later->written.emplace([&]() -> Result<Written> {
      CW_TRY(later->identify(c, later->request));
      // Copied, not moved: a retried batch runs the unit again.
      if (!later->bill) return fail(later->bill.error());
      return write_order(c, later->request, later->now, config_, *later->bill);
    }());
    return later->written->has_value();
  };
  auto done = [later, placed = std::move(placed), currency = config_.currency](
                  std::exception_ptr thrown, const std::optional<Error>& failed) {
    placed([later, thrown, failed, currency]() -> Result<Order> {
      if (failed) throw Failure(*failed);
      if (thrown) std::rethrow_exception(thrown);
      CW_ASSIGN_OR_RETURN(Written written, std::move(*later->written));
      return placed_order(std::move(written), later->request, later->now, *later->bill, currency);
    });
  };
  return db_.group_commit().try_submit(std::move(work), std::move(done), limit);
}

}  // namespace cw::orders
