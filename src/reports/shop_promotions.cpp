// Reports on promotions: campaigns (attributed orders, revenue, gross margin, cost, CPC, ROI) and
// coupons (uses per coupon; with vs without coupons per product; promotion-sensitive customers).
#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <tuple>
#include <unordered_map>

#include "reports/shop_helpers.hpp"

namespace cw::reports::shop {
namespace {

// A non-cancelled order up to the as-of date, with what the campaigns report needs.
struct PromoOrder {
  std::int64_t id = 0;
  std::int64_t customer_id = 0;
  std::int64_t placed_at = 0;
  Minor revenue = 0;                 // goods after discounts
  std::int64_t coupon_id = 0;        // 0: none
  std::int64_t coupon_campaign = 0;  // the campaign of its coupon, 0: none
  Minor coupon_discount = 0;         // what its coupon redemption gave
  bool cost_known = false;           // it has lines and every product's cost is known
  Minor goods_cost = 0;              // sum of quantity * cost over its lines
};

// The loaded orders (shop_inputs.hpp), by customer then time, as the campaigns report reads them:
// the orders placed before the end of the as-of day count, each with its coupon's campaign and
// its goods cost (a correlated subquery per order took minutes on a 3M-order shop). Each is
// read through at(): materialising all of them (72 bytes each) made the kernel clear 720 MB of
// fresh pages per request on 10M orders, more than the report's own work.
class PromoOrders {
 public:
  explicit PromoOrders(const Context& ctx) : orders_(order_inputs(ctx)), end_(ctx.end()) {
    db::Connection& db = ctx.connection();
    std::unordered_map<std::int64_t, std::optional<Minor>> product_cost;
    for (auto rows = db.query("SELECT id, cost FROM products"); rows.next();)
      product_cost[rows.integer(0)] =
          rows.is_null(1) ? std::nullopt : std::optional<Minor>(rows.integer(1));
    for (auto rows = db.query("SELECT id, campaign_id FROM coupons WHERE campaign_id IS NOT NULL");
         rows.next();)
      coupon_campaign_[rows.integer(0)] = rows.integer(1);
    // The cost is known when the order has lines and every line's product has a cost; the goods
    // cost sums the known ones.
    const OrderInputs& in = *orders_;
    goods_cost_.assign(in.size(), 0);
    lines_seen_.assign(in.size(), 0);
    // As in product_line_totals: each line's order is at an unpredictable place in the order
    // columns, so its cache lines are asked for a few lines ahead.
    constexpr std::size_t kAhead = 16;
    const std::size_t lines = in.line_order.size();
    for (std::size_t i = 0; i < lines; ++i) {
      if (i + kAhead < lines) {
        const std::uint32_t ahead = in.line_order[i + kAhead];
        __builtin_prefetch(&in.placed_at[ahead]);
        __builtin_prefetch(&lines_seen_[ahead], 1);
        __builtin_prefetch(&goods_cost_[ahead], 1);
      }
      const std::uint32_t o = in.line_order[i];
      if (!counts(o)) continue;
      lines_seen_[o] |= kHasLine;
      if (const auto p = product_cost.find(in.line_product[i]); p != product_cost.end()) {
        if (p->second)
          goods_cost_[o] += in.line_quantity[i] * *p->second;
        else
          lines_seen_[o] |= kUnknownCost;
      }
    }
  }

  std::size_t size() const { return orders_->size(); }
  bool counts(std::size_t i) const { return orders_->placed_at[i] < end_; }
  PromoOrder at(std::size_t i) const {
    const OrderInputs& in = *orders_;
    PromoOrder o;
    o.id = in.id[i];
    o.customer_id = in.customer_id[i];
    o.placed_at = in.placed_at[i];
    o.revenue = in.revenue[i];
    o.coupon_id = in.coupon_id[i];
    if (const auto c = coupon_campaign_.find(o.coupon_id); c != coupon_campaign_.end())
      o.coupon_campaign = c->second;
    o.coupon_discount = in.coupon_discount[i];
    o.goods_cost = goods_cost_[i];
    o.cost_known = in.has_lines[i] && lines_seen_[i] == kHasLine;
    return o;
  }

 private:
  static constexpr std::uint8_t kHasLine = 1, kUnknownCost = 2;
  std::shared_ptr<const OrderInputs> orders_;
  std::int64_t end_;
  std::unordered_map<std::int64_t, std::int64_t> coupon_campaign_;
  std::vector<Minor> goods_cost_;         // by order index
  std::vector<std::uint8_t> lines_seen_;  // kHasLine | kUnknownCost, by order index
};

struct Campaign {
  std::int64_t id = 0;
  std::string name, channel;
  Minor cost = 0;
  std::optional<std::int64_t> clicks;  // nullopt: no engagement recorded (migration 0093)
  std::string starts_on, ends_on;      // YYYY-MM-DD
};

// The ROI period of --from/--to as [first, last] days; none when neither is given.
struct Period {
  std::int32_t first = 0, last = 0;
  bool covers(std::int64_t placed_at) const {
    return placed_at >= start_of_day(first) && placed_at < end_of_day(last);
  }
  bool runs(const Campaign& c) const {
    return c.starts_on <= format_day(last) && c.ends_on >= format_day(first);
  }
};

struct CampaignVisit {
  std::int64_t customer_id;
  std::int64_t started_at;
  std::int64_t campaign_id;
};

struct CampaignInput {
  explicit CampaignInput(const Context& ctx) : orders(ctx) {}
  std::vector<Campaign> campaigns;    // ascending id
  PromoOrders orders;                 // by customer, then time
  std::vector<CampaignVisit> visits;  // visits of customers that came from a campaign, same order
};

CampaignInput load_campaigns(const Context& ctx) {
  CampaignInput in(ctx);
  {
    auto rows = ctx.connection().query(
        "SELECT id, name, channel, cost, clicks, clicks_known, starts_on, ends_on FROM campaigns "
        "ORDER BY id");
    while (rows.next()) {
      Campaign c{rows.integer(0), rows.text(1), rows.text(2), rows.integer(3),
                 std::nullopt,    rows.text(6), rows.text(7)};
      if (rows.integer(5) != 0) c.clicks = rows.integer(4);
      in.campaigns.push_back(std::move(c));
    }
  }
  // The loaded visits are by (customer, started_at, id) already (shop_inputs.hpp). Visits after
  // the as-of day never match: attribute() looks at visits up to an order, which is before it.
  const auto visits = visit_inputs(ctx);
  for (std::size_t i = 0; i < visits->visit_customer.size(); ++i)
    if (visits->visit_campaign[i] != 0)
      in.visits.push_back(
          {visits->visit_customer[i], visits->visit_started_at[i], visits->visit_campaign[i]});
  return in;
}

// The campaign visits walked beside the orders: both come by (customer, time), so each order's
// latest visit at or before it is found by moving one cursor forward instead of a binary search
// per order, whose every step missed the cache on 10M orders.
class VisitCursor {
 public:
  explicit VisitCursor(const std::vector<CampaignVisit>& visits) : visits_(visits) {}
  // The customer's last campaign visit at or before the order, or null. Orders must come in
  // (customer, placed_at) order.
  const CampaignVisit* latest_up_to(const PromoOrder& o) {
    while (next_ < visits_.size() && (visits_[next_].customer_id < o.customer_id ||
                                      (visits_[next_].customer_id == o.customer_id &&
                                       visits_[next_].started_at <= o.placed_at)))
      ++next_;
    if (next_ == 0 || visits_[next_ - 1].customer_id != o.customer_id) return nullptr;
    return &visits_[next_ - 1];
  }

 private:
  const std::vector<CampaignVisit>& visits_;
  std::size_t next_ = 0;
};

// The campaign an order belongs to (docs/analytics.md "campaigns"): its coupon's campaign;
// otherwise the campaign of the customer's latest campaign visit in the `days` days up to the
// order; otherwise 0.
std::int64_t attribute(const PromoOrder& o, VisitCursor& visits, int days) {
  if (o.coupon_campaign != 0) return o.coupon_campaign;
  const CampaignVisit* last = visits.latest_up_to(o);
  if (!last || last->started_at < o.placed_at - days * kSecondsPerDay) return 0;
  return last->campaign_id;
}

Table campaigns_table(const CampaignInput& in, const Context& ctx,
                      const std::optional<Period>& period) {
  struct Totals {
    std::int64_t orders = 0;
    Minor revenue = 0;
    Minor goods_cost = 0;
    std::int64_t orders_without_cost = 0;
    void add(const PromoOrder& o) {
      ++orders;
      revenue += o.revenue;
      goods_cost += o.goods_cost;
      orders_without_cost += !o.cost_known;
    }
  };
  std::map<std::int64_t, Totals> by_campaign;  // 0: not attributed
  Totals all;                                  // every order of the period
  VisitCursor visits(in.visits);               // the orders are by customer, then time
  for (std::size_t i = 0; i < in.orders.size(); ++i) {
    if (!in.orders.counts(i)) continue;
    const PromoOrder o = in.orders.at(i);
    if (period && !period->covers(o.placed_at)) continue;
    by_campaign[attribute(o, visits, ctx.options.attribution_days)].add(o);
    all.add(o);
  }
  Table t = new_table("campaigns", ctx);
  auto& id = t.add("campaign_id", ColumnType::kInteger);
  auto& name = t.add("name", ColumnType::kText);
  auto& channel = t.add("channel", ColumnType::kText);
  auto& orders = t.add("orders", ColumnType::kInteger);
  auto& revenue = t.add("revenue", ColumnType::kMoney);
  auto& margin = t.add("gross_margin", ColumnType::kMoney);
  auto& cost = t.add("cost", ColumnType::kMoney);
  auto& clicks = t.add("clicks", ColumnType::kInteger);
  auto& cpc = t.add("cpc", ColumnType::kMoney);
  auto& roi = t.add("roi", ColumnType::kNumber);
  auto& note = t.add("note", ColumnType::kText);
  const auto totals_row = [&](const Totals& s) {
    orders.push_int(s.orders);
    revenue.push_int(s.revenue);
    if (s.orders_without_cost == 0)
      margin.push_int(s.revenue - s.goods_cost);
    else
      margin.push_null();
  };
  const auto cost_note = [](const Totals& s) {
    return s.orders_without_cost == 0
               ? std::string()
               : "gross margin unknown: " + std::to_string(s.orders_without_cost) +
                     " orders lack lines or product costs";
  };
  Minor period_cost = 0;
  std::int64_t running = 0;
  const auto roi_of = [&](const Totals& s, Minor spent) {
    if (spent == 0 || s.orders_without_cost > 0)
      roi.push_null();
    else
      roi.push_real(static_cast<double>(s.revenue - s.goods_cost - spent) /
                    static_cast<double>(spent));
  };
  for (const Campaign& c : in.campaigns) {
    if (period && !period->runs(c)) continue;
    period_cost += c.cost;
    ++running;
    const auto found = by_campaign.find(c.id);
    const Totals s = found == by_campaign.end() ? Totals{} : found->second;
    id.push_int(c.id);
    name.push_text(c.name);
    channel.push_text(c.channel);
    totals_row(s);
    cost.push_int(c.cost);
    if (c.clicks)
      clicks.push_int(*c.clicks);
    else
      clicks.push_null();
    if (c.clicks.value_or(0) == 0)
      cpc.push_null();
    else
      cpc.push_int(mul_div_round(c.cost, 1, *c.clicks));
    roi_of(s, c.cost);
    note.push_text(cost_note(s));
  }
  const auto none = by_campaign.find(0);
  const Totals s = none == by_campaign.end() ? Totals{} : none->second;
  id.push_null();
  name.push_text("(not attributed)");
  channel.push_text("");
  totals_row(s);
  cost.push_null();
  clicks.push_null();
  cpc.push_null();
  roi.push_null();
  note.push_text(cost_note(s));
  if (period) {
    // The period's marketing ROI: the gross margin of all its orders against the cost of the
    // campaigns running in it (whole cost, not prorated).
    id.push_null();
    name.push_text("(period total)");
    channel.push_text("");
    totals_row(all);
    cost.push_int(period_cost);
    clicks.push_null();
    cpc.push_null();
    roi_of(all, period_cost);
    std::string what = format_day(period->first) + " to " + format_day(period->last) + ": " +
                       std::to_string(running) + (running == 1 ? " campaign" : " campaigns") +
                       " running";
    if (!cost_note(all).empty()) what += "; " + cost_note(all);
    note.push_text(what);
  }
  return t;
}

struct Coupon {
  std::int64_t id = 0;
  std::string code;
  std::int64_t campaign_id = 0;  // 0: none
};

// The coupon views aggregate the loaded orders (shop_inputs.hpp) in place: copying each into a
// PromoOrder, with the line walk for goods cost that only campaigns need, cost 0.8-2.4 s per
// request on 10M orders (docs/performance.md "Dashboards on the 1M shop").
struct CouponInput {
  std::vector<Coupon> coupons;  // ascending id
  std::shared_ptr<const OrderInputs> orders;
  std::int64_t end = 0;  // the orders placed before it count
  std::map<std::int64_t, std::string> product_names;
  bool counts(std::size_t order) const { return orders->placed_at[order] < end; }
};

CouponInput load_coupons(const Context& ctx) {
  CouponInput in;
  {
    auto rows = ctx.connection().query(
        "SELECT id, code, coalesce(campaign_id, 0) FROM coupons WHERE created_at < ? ORDER BY id",
        ctx.end());
    while (rows.next()) in.coupons.push_back({rows.integer(0), rows.text(1), rows.integer(2)});
  }
  in.orders = order_inputs(ctx);
  in.end = ctx.end();
  if (ctx.options.by != "product") return in;
  auto names = ctx.connection().query("SELECT id, name FROM products");
  while (names.next()) in.product_names[names.integer(0)] = names.text(1);
  return in;
}

Table coupon_uses(const CouponInput& in, const Context& ctx) {
  struct Uses {
    std::int64_t uses = 0;
    std::vector<std::int64_t> customers;
    Minor discount = 0, revenue = 0;
  };
  std::map<std::int64_t, Uses> by_coupon;
  const OrderInputs& o = *in.orders;
  for (std::size_t i = 0; i < o.size(); ++i) {
    if (o.coupon_id[i] == 0 || !in.counts(i)) continue;
    Uses& u = by_coupon[o.coupon_id[i]];
    ++u.uses;
    u.customers.push_back(o.customer_id[i]);
    u.discount += o.coupon_discount[i];
    u.revenue += o.revenue[i];
  }
  std::vector<std::pair<const Coupon*, Uses>> rows;
  for (const Coupon& c : in.coupons) {
    Uses u = by_coupon[c.id];
    std::sort(u.customers.begin(), u.customers.end());
    u.customers.erase(std::unique(u.customers.begin(), u.customers.end()), u.customers.end());
    rows.emplace_back(&c, std::move(u));
  }
  // Most used first; ties by id (the coupons are in id order already).
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.second.uses > b.second.uses; });
  Table t = new_table("coupons", ctx);
  auto& id = t.add("coupon_id", ColumnType::kInteger);
  auto& code = t.add("code", ColumnType::kText);
  auto& campaign = t.add("campaign_id", ColumnType::kInteger);
  auto& uses = t.add("uses", ColumnType::kInteger);
  auto& customers = t.add("customers", ColumnType::kInteger);
  auto& discount = t.add("discount", ColumnType::kMoney);
  auto& revenue = t.add("revenue", ColumnType::kMoney);
  for (const auto& [c, u] : rows) {
    id.push_int(c->id);
    code.push_text(c->code);
    if (c->campaign_id)
      campaign.push_int(c->campaign_id);
    else
      campaign.push_null();
    uses.push_int(u.uses);
    customers.push_int(static_cast<std::int64_t>(u.customers.size()));
    discount.push_int(u.discount);
    revenue.push_int(u.revenue);
  }
  return t;
}

struct WithWithout {
  std::int64_t orders_with = 0, orders_without = 0;
  std::int64_t units_with = 0, units_without = 0;
  Minor revenue_with = 0, revenue_without = 0;
};

Table coupons_by_product(const CouponInput& in, const Context& ctx) {
  WithWithout all;
  const OrderInputs& o = *in.orders;
  for (std::size_t i = 0; i < o.size(); ++i) {
    if (!in.counts(i)) continue;
    (o.coupon_id[i] ? all.orders_with : all.orders_without) += 1;
    (o.coupon_id[i] ? all.revenue_with : all.revenue_without) += o.revenue[i];
  }
  std::map<std::int64_t, WithWithout> by_product;
  std::map<std::int64_t, std::int64_t> last_order_counted;  // product -> order id
  // The lines come in (order id, line) order.
  for (std::size_t l = 0; l < o.line_order.size(); ++l) {
    const std::uint32_t order = o.line_order[l];
    if (!in.counts(order)) continue;
    const bool with = o.coupon_id[order] != 0;
    WithWithout& p = by_product[o.line_product[l]];
    std::int64_t& last = last_order_counted[o.line_product[l]];
    if (last != o.id[order]) {
      // An order with two lines of one product (two sizes) counts once (ids are positive).
      (with ? p.orders_with : p.orders_without) += 1;
      last = o.id[order];
    }
    (with ? p.units_with : p.units_without) += o.line_quantity[l];
    (with ? p.revenue_with : p.revenue_without) += o.line_total[l];
    (with ? all.units_with : all.units_without) += o.line_quantity[l];
  }
  Table t = new_table("coupons", ctx);
  auto& id = t.add("product_id", ColumnType::kInteger);
  auto& name = t.add("name", ColumnType::kText);
  auto& orders_with = t.add("orders_with_coupon", ColumnType::kInteger);
  auto& units_with = t.add("units_with_coupon", ColumnType::kInteger);
  auto& revenue_with = t.add("revenue_with_coupon", ColumnType::kMoney);
  auto& orders_without = t.add("orders_without_coupon", ColumnType::kInteger);
  auto& units_without = t.add("units_without_coupon", ColumnType::kInteger);
  auto& revenue_without = t.add("revenue_without_coupon", ColumnType::kMoney);
  auto& share = t.add("coupon_revenue_share", ColumnType::kFraction);
  const auto row = [&](const WithWithout& w) {
    orders_with.push_int(w.orders_with);
    units_with.push_int(w.units_with);
    revenue_with.push_int(w.revenue_with);
    orders_without.push_int(w.orders_without);
    units_without.push_int(w.units_without);
    revenue_without.push_int(w.revenue_without);
    detail::push_share(share, static_cast<double>(w.revenue_with),
                       static_cast<double>(w.revenue_with + w.revenue_without));
  };
  id.push_null();
  name.push_text("all orders");
  row(all);
  for (const auto& [product, w] : by_product) {
    id.push_int(product);
    const auto n = in.product_names.find(product);
    name.push_text(n == in.product_names.end() ? "" : n->second);
    row(w);
  }
  return t;
}

// Customers who used a coupon on every one of their orders.
Table promotion_sensitive(const CouponInput& in, const Context& ctx) {
  Table t = new_table("coupons", ctx);
  auto& id = t.add("customer_id", ColumnType::kInteger);
  auto& orders = t.add("orders", ColumnType::kInteger);
  auto& revenue = t.add("revenue", ColumnType::kMoney);
  auto& discount = t.add("coupon_discount", ColumnType::kMoney);
  // The orders are by customer: one run per customer, the orders placed after the as-of moment
  // left out.
  const OrderInputs& o = *in.orders;
  for (std::size_t i = 0; i < o.size();) {
    std::size_t j = i;
    bool every = true;
    std::int64_t counted = 0;
    Minor rev = 0, disc = 0;
    for (; j < o.size() && o.customer_id[j] == o.customer_id[i]; ++j) {
      if (!in.counts(j)) continue;
      ++counted;
      every = every && o.coupon_id[j] != 0;
      rev += o.revenue[j];
      disc += o.coupon_discount[j];
    }
    if (counted > 0 && every) {
      id.push_int(o.customer_id[i]);
      orders.push_int(counted);
      revenue.push_int(rev);
      discount.push_int(disc);
    }
    i = j;
  }
  return t;
}

}  // namespace

Result<Table> campaigns(const Context& ctx) {
  if (ctx.options.attribution_days < 0)
    return fail(detail::invalid_option("attribution-days", "must be 0 or more"));
  const CampaignInput in = load_campaigns(ctx);
  std::optional<Period> period;
  const ReportOptions& o = ctx.options;
  if (o.from_day || o.to_day) {
    // An open start is the first order's day.
    std::int32_t first = o.from_day.value_or(ctx.as_of_day);
    if (!o.from_day)
      for (std::size_t i = 0; i < in.orders.size(); ++i)
        if (in.orders.counts(i))
          first =
              std::min(first, static_cast<std::int32_t>(day_of_unix(in.orders.at(i).placed_at)));
    period = Period{first, std::min(o.to_day.value_or(ctx.as_of_day), ctx.as_of_day)};
    if (period->first > period->last)
      return fail(detail::invalid_option("from", "is after --to (or the as-of date)"));
  }
  return campaigns_table(in, ctx, period);
}

Result<Table> coupons(const Context& ctx) {
  const std::string& by = ctx.options.by;
  if (!by.empty() && by != "coupon" && by != "product" && by != "customer")
    return fail(detail::invalid_option("by", "expected coupon, product or customer"));
  const CouponInput in = load_coupons(ctx);
  if (by == "product") return coupons_by_product(in, ctx);
  if (by == "customer") return promotion_sensitive(in, ctx);
  return coupon_uses(in, ctx);
}

}  // namespace cw::reports::shop
