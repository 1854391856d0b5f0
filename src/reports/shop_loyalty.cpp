// The loyalty report, by view (--by): rewards (allocated vs claimed overall and per category, time
// to claim), customers (new vs repeating), customer (rewards per customer), product (boost and
// trending, most trending first) and least-trending (the same, least trending first).
#include <algorithm>
#include <map>
#include <optional>

#include "reports/shop_helpers.hpp"

namespace cw::reports::shop {
namespace {

enum class RewardState { kOpen, kClaimed, kExpired, kRevoked };

struct Reward {
  std::int64_t customer_id = 0;
  std::int64_t id = 0;
  int category = 0;
  RewardState state = RewardState::kOpen;
  double days_to_claim = 0;  // when claimed
};

// Rewards allocated before the end of the as-of day, in their state at that moment, by customer
// and id. Sorted here rather than by ORDER BY: SQLite would walk the customer index and fetch each
// row from the table at random (4.2 s for 1.6M rewards, mostly page reads) where a scan of the
// table in storage order and a sort in memory take 0.3 s.
std::vector<Reward> load_rewards(const Context& ctx) {
  const std::int64_t end = ctx.end();
  std::vector<Reward> out;
  auto rows = ctx.connection().stream(
      "SELECT customer_id, category, allocated_at, expires_at, claimed_at, revoked_at, id "
      "FROM rewards WHERE allocated_at < ?",
      end);
  while (rows.next()) {
    Reward r;
    r.customer_id = rows.integer(0);
    r.id = rows.integer(6);
    r.category = static_cast<int>(rows.integer(1));
    const std::int64_t allocated = rows.integer(2);
    const auto claimed = rows.opt_integer(4);
    const auto revoked = rows.opt_integer(5);
    if (claimed && *claimed < end) {
      r.state = RewardState::kClaimed;
      r.days_to_claim = static_cast<double>(*claimed - allocated) / kSecondsPerDay;
    } else if (revoked && *revoked < end) {
      r.state = RewardState::kRevoked;
    } else if (rows.integer(3) < end) {
      r.state = RewardState::kExpired;
    }
    out.push_back(r);
  }
  std::sort(out.begin(), out.end(), [](const Reward& a, const Reward& b) {
    return a.customer_id != b.customer_id ? a.customer_id < b.customer_id : a.id < b.id;
  });
  return out;
}

struct RewardCounts {
  std::int64_t allocated = 0, claimed = 0, open = 0, expired = 0, revoked = 0;
  double days_sum = 0;
  std::optional<double> fastest;
  void add(const Reward& r) {
    ++allocated;
    switch (r.state) {
      case RewardState::kOpen:
        ++open;
        break;
      case RewardState::kExpired:
        ++expired;
        break;
      case RewardState::kRevoked:
        ++revoked;
        break;
      case RewardState::kClaimed:
        ++claimed;
        days_sum += r.days_to_claim;
        fastest = std::min(fastest.value_or(r.days_to_claim), r.days_to_claim);
        break;
    }
  }
};

// Columns shared by the rewards and customer views, after the key column(s).
struct RewardColumns {
  Column &allocated, &claimed, &open, &expired, &revoked, &rate, &mean_days, &fastest;
  explicit RewardColumns(Table& t)
      : allocated(t.add("allocated", ColumnType::kInteger)),
        claimed(t.add("claimed", ColumnType::kInteger)),
        open(t.add("open", ColumnType::kInteger)),
        expired(t.add("expired", ColumnType::kInteger)),
        revoked(t.add("revoked", ColumnType::kInteger)),
        rate(t.add("claim_rate", ColumnType::kFraction)),
        mean_days(t.add("mean_days_to_claim", ColumnType::kNumber)),
        fastest(t.add("fastest_days_to_claim", ColumnType::kNumber)) {}
  void push(const RewardCounts& c) {
    allocated.push_int(c.allocated);
    claimed.push_int(c.claimed);
    open.push_int(c.open);
    expired.push_int(c.expired);
    revoked.push_int(c.revoked);
    detail::push_share(rate, static_cast<double>(c.claimed), static_cast<double>(c.allocated));
    if (c.claimed) {
      mean_days.push_real(c.days_sum / static_cast<double>(c.claimed));
      fastest.push_real(*c.fastest);
    } else {
      mean_days.push_null();
      fastest.push_null();
    }
  }
};

Table rewards_table(const std::vector<Reward>& rewards, const Context& ctx) {
  RewardCounts all;
  std::array<RewardCounts, 5> by_category{};
  for (const Reward& r : rewards) {
    all.add(r);
    if (r.category >= 1 && r.category <= 5) by_category[r.category - 1].add(r);
  }
  Table t = new_table("loyalty", ctx);
  auto& group = t.add("rewards", ColumnType::kText);
  RewardColumns cols(t);
  group.push_text("all");
  cols.push(all);
  for (int c = 0; c < 5; ++c) {
    group.push_text("category " + std::to_string(c + 1));
    cols.push(by_category[c]);
  }
  return t;
}

Table per_customer_table(const std::vector<Reward>& rewards, const Context& ctx) {
  Table t = new_table("loyalty", ctx);
  auto& id = t.add("customer_id", ColumnType::kInteger);
  RewardColumns cols(t);
  for (std::size_t i = 0; i < rewards.size();) {
    RewardCounts c;
    std::size_t j = i;
    for (; j < rewards.size() && rewards[j].customer_id == rewards[i].customer_id; ++j)
      c.add(rewards[j]);
    id.push_int(rewards[i].customer_id);
    cols.push(c);
    i = j;
  }
  return t;
}

// New customers have exactly one order, repeating ones two or more (docs/analytics.md).
Table new_vs_repeating(const CustomerFacts& f, const Context& ctx) {
  std::array<std::int64_t, 2> customers{}, orders{};
  std::array<Minor, 2> revenue{};
  for (std::size_t i = 0; i < f.size(); ++i) {
    const int k = f.orders[i] >= 2;
    ++customers[k];
    orders[k] += f.orders[i];
    revenue[k] += f.revenue[i];
  }
  Table t = new_table("loyalty", ctx);
  auto& group = t.add("customers", ColumnType::kText);
  auto& count = t.add("count", ColumnType::kInteger);
  auto& share = t.add("customer_share", ColumnType::kFraction);
  auto& order_count = t.add("orders", ColumnType::kInteger);
  auto& rev = t.add("revenue", ColumnType::kMoney);
  auto& rev_share = t.add("revenue_share", ColumnType::kFraction);
  const std::array<const char*, 2> names = {"new (1 order)", "repeating (2+ orders)"};
  for (int k = 0; k < 2; ++k) {
    group.push_text(names[k]);
    count.push_int(customers[k]);
    detail::push_share(share, static_cast<double>(customers[k]), static_cast<double>(f.size()));
    order_count.push_int(orders[k]);
    rev.push_int(revenue[k]);
    detail::push_share(rev_share, static_cast<double>(revenue[k]),
                       static_cast<double>(revenue[0] + revenue[1]));
  }
  return t;
}

struct ProductUnits {
  std::int64_t id = 0;
  std::string name;
  std::int64_t units = 0;
  std::int64_t units_with_reward = 0;
};

// Every product with its units in non-cancelled orders up to the as-of date, and of those the
// units on lines of orders that claimed a reward for that very product.
std::vector<ProductUnits> load_product_units(const Context& ctx) {
  const auto sold = product_line_totals(ctx);
  std::vector<ProductUnits> out;
  for (auto rows = ctx.connection().query("SELECT id, name FROM products ORDER BY id");
       rows.next();) {
    ProductUnits p{rows.integer(0), rows.text(1)};
    if (const auto s = sold->find(p.id); s != sold->end()) {
      p.units = s->second.units;
      p.units_with_reward = s->second.units_with_reward;
    }
    out.push_back(std::move(p));
  }
  return out;
}

Table products_table(std::vector<ProductUnits> products, bool least_first, const Context& ctx) {
  // Trending = most units sold without a reward; ties by id. Least trending is the reverse order
  // of units, ties still by id.
  std::stable_sort(products.begin(), products.end(),
                   [&](const ProductUnits& a, const ProductUnits& b) {
                     const std::int64_t ua = a.units - a.units_with_reward;
                     const std::int64_t ub = b.units - b.units_with_reward;
                     return least_first ? ua < ub : ua > ub;
                   });
  Table t = new_table("loyalty", ctx);
  auto& rank = t.add("rank", ColumnType::kInteger);
  auto& id = t.add("product_id", ColumnType::kInteger);
  auto& name = t.add("name", ColumnType::kText);
  auto& units = t.add("units", ColumnType::kInteger);
  auto& with = t.add("units_with_reward", ColumnType::kInteger);
  auto& without = t.add("units_without_reward", ColumnType::kInteger);
  auto& boost = t.add("boost", ColumnType::kNumber);
  for (std::size_t k = 0; k < products.size(); ++k) {
    const ProductUnits& p = products[k];
    rank.push_int(static_cast<std::int64_t>(k) + 1);
    id.push_int(p.id);
    name.push_text(p.name);
    units.push_int(p.units);
    with.push_int(p.units_with_reward);
    without.push_int(p.units - p.units_with_reward);
    if (p.units - p.units_with_reward == 0)
      boost.push_null();
    else
      boost.push_real(static_cast<double>(p.units_with_reward) /
                      static_cast<double>(p.units - p.units_with_reward));
  }
  return t;
}

}  // namespace

Result<Table> loyalty(const Context& ctx) {
  const std::string& by = ctx.options.by;
  if (by.empty() || by == "rewards") return rewards_table(load_rewards(ctx), ctx);
  if (by == "customer") return per_customer_table(load_rewards(ctx), ctx);
  if (by == "customers") {
    CW_ASSIGN_OR_RETURN(auto facts, ctx.facts());
    return new_vs_repeating(facts->facts, ctx);
  }
  if (by == "product" || by == "least-trending")
    return products_table(load_product_units(ctx), by == "least-trending", ctx);
  return fail(detail::invalid_option(
      "by", "expected rewards, customers, customer, product or least-trending"));
}

}  // namespace cw::reports::shop
