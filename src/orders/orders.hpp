#pragma once
// Orders: checkout (stock checked and decremented in the same transaction as the order; concurrent
// checkouts are group-committed, each in a savepoint of a shared transaction), status
// changes with history, cancellation (stock back), purge. Owns orders, order_lines, order_events.
// Every state change also updates customer facts (facts/facts.hpp) in the same transaction,
// and checkout and cancel also apply and reverse coupons and loyalty rewards
// (orders/discounts.hpp) in it: an order and everything it changed commit together or not at all.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/money.hpp"
#include "customers/accounts.hpp"
#include "db/database.hpp"
#include "loyalty/rewards.hpp"

namespace cw::orders {

enum class Status { kPlaced, kShipped, kDelivered, kCancelled };
std::string_view status_name(Status status);  // "placed", "shipped", "delivered", "cancelled"
std::optional<Status> parse_status(std::string_view name);

struct LineRequest {
  Id product_id = 0;
  std::string size;
  std::int64_t quantity = 0;
};

struct OrderRequest {
  Id customer_id = 0;
  std::vector<LineRequest> lines;
  // Without it the customer's default address is used; with neither, 422 missing_address.
  std::optional<customers::Address> ship_to;
  // Who placed it, recorded in the 'placed' event; nullopt for system actions.
  std::optional<Id> account_id;
  // A coupon code (case-insensitive) and at most one of the customer's reward tokens.
  std::optional<std::string> coupon_code;
  std::optional<std::string> reward_token;
};

struct Line {
  Id product_id = 0;
  std::string product_name;
  std::string size;
  std::int64_t quantity = 0;
  Minor unit_price = 0;
  Minor discount = 0;
  Minor line_total = 0;  // quantity * unit_price - discount
};

struct StatusEvent {
  Status status = Status::kPlaced;
  Timestamp at;
};

struct Order {
  Id id = 0;
  Id customer_id = 0;
  Status status = Status::kPlaced;
  Timestamp placed_at;
  std::vector<Line> lines;
  Minor subtotal = 0;  // goods before discounts
  Minor discount = 0;
  Minor shipping = 0;
  Minor total = 0;  // subtotal - discount + shipping
  std::string currency;
  std::optional<customers::Address> ship_to;
  std::vector<StatusEvent> history;  // oldest first; the first is kPlaced
  // The coupon and the reward used at checkout. Kept after a cancel, which releases the coupon
  // use and the claim: the order still shows what it was sold with.
  std::optional<std::string> coupon_code;
  std::optional<std::string> reward_token;
  // The rewards this order earned, in allocation order (at most one). After a cancel they are
  // revoked unless already claimed; see loyalty::rewards_of for their status.
  std::vector<loyalty::AllocatedReward> rewards_allocated;
  // The other system's key of an imported order (Cartify `ZYY98`, migration 0092); nullopt for
  // orders placed in Cartwise.
  std::optional<std::string> external_ref;
};

struct OrderSummary {
  Id id = 0;
  Status status = Status::kPlaced;
  Timestamp placed_at;
  Minor total = 0;
  std::string currency;
  std::optional<std::string> external_ref;  // as Order::external_ref
};

class Orders {
 public:
  Orders(db::Database& db, const Config& config, const Clock& clock)
      : db_(db), config_(config), clock_(clock) {}

  // One unit of the database's group commit (db/group_commit.hpp): concurrent checkouts share a
  // write transaction, each in its own savepoint, and this returns only after the COMMIT that
  // holds the order (so the caller may acknowledge it). A refused order is rolled back to its
  // savepoint and touches neither the database nor the other orders of its batch; when the
  // shared COMMIT fails, every order of the batch throws cw::Failure. Validates, decrements stock
  // with conditional updates (stock >= quantity), applies the coupon (one conditional use) and then
  // the reward (one conditional claim) to the lines, writes the order, lines (with their discounts)
  // and a 'placed' event, records the coupon redemption and the claim, adds units_sold, allocates
  // the new reward (config: reward_thresholds, reward_percent_per_category, reward_expiry_days; on
  // the goods after discounts) and updates customer facts. Errors (nothing changes): 422
  // invalid_order (no lines, quantity < 1, over 1000 lines), 422 unknown_product / unknown_size
  // (field "lines[i].product_id" / ".size"), 422 product_unavailable (inactive), 409
  // insufficient_stock (field "lines[i].quantity"), 422 missing_address, 422 invalid_address (an
  // incomplete ship_to, field "ship_to.city" etc.), 422 unknown_customer; then those of
  // promotions::apply_coupon (field "coupon_code": 422 unknown_coupon, coupon_disabled,
  // coupon_not_started, coupon_expired, coupon_out_of_scope, coupon_not_yours; 409
  // coupon_exhausted, coupon_limit_reached) and of loyalty::claim_reward (field "reward_token": 422
  // invalid_reward, reward_revoked, reward_expired, reward_not_applicable; 409
  // reward_already_claimed). Lines for the same product and size are merged; a merged line's
  // errors name the first request line it came from.
  Result<Order> place(const OrderRequest& request);

  // Who places an order handed over with place_later, settled inside its unit on the group
  // commit's connection (the HTTP edge authenticates the bearer token there): fills the request's
  // customer_id and account_id, or refuses. Its error comes before those of the request itself,
  // as authentication comes before validation.
  using Identify = std::function<Result<bool>(db::Connection&, OrderRequest&)>;
  // What an order handed over with place_later came to: called (once, on any thread) it returns
  // what place() would have returned, or throws what place() would have thrown.
  using Outcome = std::function<Result<Order>()>;
  using Placed = std::function<void(Outcome)>;
  // place() without holding the calling thread: the checks that need no database run now, the
  // order is queued to the group commit, and `placed` is called on its writer thread once the
  // transaction holding the order has committed (or with the error). `placed` must be quick: hand
  // the Outcome to another thread. False, with nothing queued and `placed` never called, when
  // `limit` units already wait for the writer.
  bool place_later(OrderRequest request, Identify identify, Placed placed, std::size_t limit);

  // 404 when no such order.
  Result<Order> get(Id order_id) const;
  // 404 when no such order or it is another customer's.
  Result<Order> get_for_customer(Id order_id, Id customer_id) const;
  // The order whose external reference is exactly `external_ref` (unique, migration 0092);
  // nullopt when none.
  std::optional<Order> find_by_external_ref(std::string_view external_ref) const;
  // The customer's orders, newest first.
  std::vector<OrderSummary> history(Id customer_id) const;

  // placed -> shipped -> delivered; anything else 409 illegal_transition. 404 unknown order.
  // `account_id` is recorded in the event (nullopt for system actions).
  Result<Order> ship(Id order_id, std::optional<Id> account_id = std::nullopt);
  Result<Order> deliver(Id order_id, std::optional<Id> account_id = std::nullopt);
  // Only from placed (409 otherwise). Returns stock, takes back units_sold, releases the coupon
  // use, returns a claimed reward to unclaimed (revoked if the order that earned it is cancelled
  // too), revokes the unclaimed rewards the order earned, recomputes the customer's facts, in one
  // transaction (loyalty::reverse_order). With `only_customer`, another customer's order is 404.
  Result<Order> cancel(Id order_id, std::optional<Id> account_id = std::nullopt,
                       std::optional<Id> only_customer = std::nullopt);

  // Deletes every cancelled order for good, in one transaction; answers how many. Their lines and
  // events go with them; rewards they earned or claimed stay (with order_id / claimed_order_id
  // NULL) because they are the customer's history.
  std::int64_t purge_cancelled();

 private:
  Result<Order> advance(Id order_id, Status from, Status to, std::optional<Id> account_id);

  db::Database& db_;
  const Config& config_;
  const Clock& clock_;
};

// Reads one order (lines and history included) inside the caller's connection; nullopt if none.
std::optional<Order> load_order(db::Connection& c, Id order_id);

// Reads up to `limit` orders in `status`, oldest first (placed_at, then id), lines, history and
// rewards allocated included, in four queries whatever their number.
std::vector<Order> load_orders_in(db::Connection& c, Status status, int limit);

}  // namespace cw::orders
