// Loads the columns of shop_inputs.hpp: whole-table scans (a scan in rowid order and a sort in
// memory beat an index walk that fetches each row at random), joined here.
#include "reports/shop_inputs.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <tuple>
#include <unordered_map>

#include "reports/shop_helpers.hpp"

namespace cw::reports {
namespace {

// Reorders `column` so that element i becomes the old element order[i].
template <typename T>
void permute(std::vector<T>& column, const std::vector<std::uint32_t>& order) {
  std::vector<T> out;
  out.reserve(column.size());
  for (const std::uint32_t i : order) out.push_back(column[i]);
  column = std::move(out);
}

}  // namespace

std::shared_ptr<const ProductLineSums> OrderMemo::product_lines(
    std::int64_t end, const std::function<ProductLineSums()>& compute) {
  MutexLock lock(mutex_);
  if (const auto found = product_lines_.find(end); found != product_lines_.end())
    return found->second;
  if (product_lines_.size() >= kMoments) product_lines_.erase(product_lines_.begin());
  auto sums = std::make_shared<const ProductLineSums>(compute());
  product_lines_.emplace(end, sums);
  return sums;
}

OrderInputs load_order_inputs(db::Connection& db, std::int64_t end) {
  std::unordered_map<std::int64_t, Minor> redeemed;  // order -> amount (one redemption per order)
  for (auto rows = db.stream("SELECT order_id, amount FROM coupon_redemptions"); rows.next();)
    redeemed[rows.integer(0)] = rows.integer(1);
  OrderInputs o;
  // "+placed_at": scan the table in id order instead of the placed_at index and a sort.
  auto rows = db.stream(
      "SELECT id, customer_id, placed_at, subtotal - discount, coalesce(coupon_id, 0), "
      "coalesce(claimed_reward_id, 0), has_lines FROM orders WHERE status <> 'cancelled' AND "
      "+placed_at < ? ORDER BY id",
      end);
  while (rows.next()) {
    o.id.push_back(rows.integer(0));
    o.customer_id.push_back(rows.integer(1));
    o.placed_at.push_back(rows.integer(2));
    o.revenue.push_back(rows.integer(3));
    o.coupon_id.push_back(rows.integer(4));
    o.claimed_reward.push_back(rows.integer(5));
    o.has_lines.push_back(rows.integer(6) != 0);
    const auto r = redeemed.find(o.id.back());
    o.coupon_discount.push_back(r == redeemed.end() ? 0 : r->second);
  }
  // Lines in primary-key order walk along the orders in id order.
  std::size_t at = 0;
  auto lines = db.stream(
      "SELECT order_id, product_id, quantity, line_total FROM order_lines ORDER BY order_id, "
      "line_no");
  while (lines.next()) {
    const std::int64_t order_id = lines.integer(0);
    while (at < o.size() && o.id[at] < order_id) ++at;
    if (at == o.size()) break;
    if (o.id[at] != order_id) continue;  // cancelled or placed after `end`
    o.line_order.push_back(static_cast<std::uint32_t>(at));
    o.line_product.push_back(lines.integer(1));
    o.line_quantity.push_back(lines.integer(2));
    o.line_total.push_back(lines.integer(3));
  }
  std::vector<std::uint32_t> order(o.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return std::tie(o.customer_id[a], o.placed_at[a], o.id[a]) <
           std::tie(o.customer_id[b], o.placed_at[b], o.id[b]);
  });
  std::vector<std::uint32_t> where(o.size());  // id-order index -> new index
  for (std::uint32_t i = 0; i < order.size(); ++i) where[order[i]] = i;
  for (std::uint32_t& l : o.line_order) l = where[l];
  permute(o.id, order);
  permute(o.customer_id, order);
  permute(o.placed_at, order);
  permute(o.revenue, order);
  permute(o.coupon_id, order);
  permute(o.coupon_discount, order);
  permute(o.claimed_reward, order);
  permute(o.has_lines, order);
  return o;
}

std::int64_t max_visit_id(db::Connection& db) {
  return db.scalar("SELECT max(id) FROM visits").value_or(0);
}

VisitInputs load_visit_inputs(db::Connection& db, std::int64_t end) {
  VisitInputs v;
  v.max_visit_id = max_visit_id(db);
  for (auto rows =
           db.query("SELECT id, created_at FROM customers WHERE created_at < ? ORDER BY id", end);
       rows.next();) {
    v.customer_id.push_back(rows.integer(0));
    v.customer_created_at.push_back(rows.integer(1));
  }
  struct Visit {
    std::int64_t customer, started_at, id, campaign;
  };
  std::vector<Visit> visits;
  for (auto rows =
           db.stream("SELECT customer_id, started_at, id, coalesce(campaign_id, 0) FROM visits "
                     "WHERE +customer_id IS NOT NULL AND +started_at < ?",
                     end);
       rows.next();)
    visits.push_back({rows.integer(0), rows.integer(1), rows.integer(2), rows.integer(3)});
  std::sort(visits.begin(), visits.end(), [](const Visit& a, const Visit& b) {
    return std::tie(a.customer, a.started_at, a.id) < std::tie(b.customer, b.started_at, b.id);
  });
  v.visit_customer.reserve(visits.size());
  v.visit_started_at.reserve(visits.size());
  v.visit_campaign.reserve(visits.size());
  for (const Visit& x : visits) {
    v.visit_customer.push_back(x.customer);
    v.visit_started_at.push_back(x.started_at);
    v.visit_campaign.push_back(x.campaign);
  }
  return v;
}

std::shared_ptr<const OrderInputs> DatasetCache::orders(db::Connection& c) {
  MutexLock lock(orders_mutex_);
  const std::int64_t version = data_version(c);
  if (orders_ && version == orders_version_) return orders_;
  orders_.reset();  // free the old copy before loading the new one
  orders_ = std::make_shared<const OrderInputs>(
      load_order_inputs(c, std::numeric_limits<std::int64_t>::max()));
  orders_version_ = version;
  return orders_;
}

std::shared_ptr<const VisitInputs> DatasetCache::visits(db::Connection& c) {
  MutexLock lock(visits_mutex_);
  const std::int64_t version = data_version(c);
  if (visits_ && version == visits_version_ && visits_->max_visit_id == max_visit_id(c))
    return visits_;
  visits_.reset();
  visits_ = std::make_shared<const VisitInputs>(
      load_visit_inputs(c, std::numeric_limits<std::int64_t>::max()));
  visits_version_ = version;
  return visits_;
}

void DatasetCache::warm(db::Database& db, std::int32_t as_of_day) {
  if (columns_ != DatasetColumns::kAll) return;
  bool facts_current = false;
  {
    auto c = db.lease();
    const std::int64_t version = data_version(*c);
    // Facts of the current data at another date stay: a request asked for that date.
    MutexLock lock(mutex_);
    facts_current = data_ && version_ == version;
  }
  if (!facts_current) (void)get(db, LoadOptions{as_of_day, true});
  auto c = db.lease();
  db::Transaction snapshot(*c, db::TxMode::kRead);
  (void)orders(*c);
  (void)visits(*c);
  snapshot.commit();
}

}  // namespace cw::reports

namespace cw::reports::shop {

std::shared_ptr<const OrderInputs> order_inputs(const Context& ctx) {
  if (ctx.cache) return ctx.cache->orders(ctx.connection());
  return std::make_shared<const OrderInputs>(load_order_inputs(ctx.connection(), ctx.end()));
}

std::shared_ptr<const VisitInputs> visit_inputs(const Context& ctx) {
  if (ctx.cache) return ctx.cache->visits(ctx.connection());
  return std::make_shared<const VisitInputs>(load_visit_inputs(ctx.connection(), ctx.end()));
}

}  // namespace cw::reports::shop
