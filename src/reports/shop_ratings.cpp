// Reports on ratings and places: ratings (average product rating and count per product, per
// category, per RFM segment of the rating customers) and places (revenue by region and city of
// the customers' default addresses).
#include <algorithm>
#include <map>

#include "reports/shop_helpers.hpp"

namespace cw::reports::shop {
namespace {

struct Rating {
  std::int64_t customer_id = 0;
  std::int64_t product_id = 0;
  std::string product, product_ref;
  std::int64_t category_id = 0;
  std::string category;
  std::int64_t rating = 0;
};

// Ratings given by the end of the as-of day, by product id then rating id.
std::vector<Rating> load_ratings(const Context& ctx) {
  std::vector<Rating> out;
  auto rows = ctx.connection().query(
      "SELECT r.customer_id, p.id, p.name, coalesce(p.external_ref, ''), k.id, k.name, r.rating "
      "FROM ratings r JOIN products p ON p.id = r.product_id JOIN categories k ON "
      "k.id = p.category_id WHERE r.rated_on <= ? ORDER BY p.id, r.id",
      format_day(ctx.as_of_day));
  while (rows.next())
    out.push_back({rows.integer(0), rows.integer(1), rows.text(2), rows.text(3), rows.integer(4),
                   rows.text(5), rows.integer(6)});
  return out;
}

struct Tally {
  std::int64_t ratings = 0, sum = 0;
  std::string name, ref;
  void add(std::int64_t rating) {
    ++ratings;
    sum += rating;
  }
};

// The RFM segment of each customer with an order by the as-of date.
Result<std::map<std::int64_t, std::string>> segments_of(const Context& ctx) {
  CW_ASSIGN_OR_RETURN(auto data, ctx.facts());
  const CustomerFacts& facts = data->facts;
  const RfmScores s = compute_rfm(facts, ctx.as_of_day);
  std::map<std::int64_t, std::string> out;
  for (std::size_t i = 0; i < facts.size(); ++i)
    out.emplace(facts.customer_id[i], ctx.options.segments.at(s.r[i], s.f[i]));
  return out;
}

}  // namespace

Result<Table> ratings(const Context& ctx) {
  const std::string& by = ctx.options.by;
  if (!by.empty() && by != "product" && by != "category" && by != "segment")
    return fail(detail::invalid_option("by", "expected product, category or segment"));
  const std::vector<Rating> all = load_ratings(ctx);
  // Keyed so that rows come out in a stable order: products and categories by id, segments in
  // the map's order with customers without orders last.
  std::map<std::pair<std::int64_t, std::string>, Tally> groups;
  if (by == "segment") {
    CW_ASSIGN_OR_RETURN(auto segment_of, segments_of(ctx));
    const std::vector<std::string> names = ctx.options.segments.names();
    for (const Rating& r : all) {
      const auto found = segment_of.find(r.customer_id);
      const std::string name = found == segment_of.end() ? "(no orders)" : found->second;
      const auto rank = std::find(names.begin(), names.end(), name) - names.begin();
      Tally& t = groups[{rank, name}];
      t.name = name;
      t.add(r.rating);
    }
  } else {
    for (const Rating& r : all) {
      Tally& t = by == "category" ? groups[{r.category_id, ""}] : groups[{r.product_id, ""}];
      t.name = by == "category" ? r.category : r.product;
      if (by != "category") t.ref = r.product_ref;
      t.add(r.rating);
    }
  }
  Table t = new_table("ratings", ctx);
  const bool named_by_id = by != "segment";
  Column* id = named_by_id
                   ? &t.add(by == "category" ? "category_id" : "product_id", ColumnType::kInteger)
                   : nullptr;
  Column* ref = by.empty() || by == "product" ? &t.add("external_ref", ColumnType::kText) : nullptr;
  auto& name = t.add(by == "segment" ? "segment" : "name", ColumnType::kText);
  auto& count = t.add("ratings", ColumnType::kInteger);
  auto& average = t.add("average_rating", ColumnType::kNumber);
  Tally total;
  for (const auto& [key, g] : groups) {
    if (id) id->push_int(key.first);
    if (ref) ref->push_text(g.ref);
    name.push_text(g.name);
    count.push_int(g.ratings);
    average.push_real(static_cast<double>(g.sum) / static_cast<double>(g.ratings));
    total.ratings += g.ratings;
    total.sum += g.sum;
  }
  if (id) id->push_null();
  if (ref) ref->push_text("");
  name.push_text("all");
  count.push_int(total.ratings);
  if (total.ratings == 0)
    average.push_null();
  else
    average.push_real(static_cast<double>(total.sum) / static_cast<double>(total.ratings));
  return t;
}

Result<Table> places(const Context& ctx) {
  // Non-cancelled orders by the end of the as-of day, placed by customers, grouped by the region
  // and city of the customer's default address (unknown when it has none or names no region).
  auto rows = ctx.connection().query(
      "SELECT coalesce(a.region, ''), coalesce(a.city, ''), count(DISTINCT o.customer_id), "
      "count(o.id), coalesce(sum(o.subtotal - o.discount), 0) FROM orders o "
      "LEFT JOIN addresses a ON a.customer_id = o.customer_id AND a.is_default = 1 "
      "WHERE o.status <> 'cancelled' AND o.placed_at < ? GROUP BY 1, 2 ORDER BY 1, 2",
      ctx.end());
  struct Place {
    std::string region, city;
    std::int64_t customers = 0, orders = 0;
    Minor revenue = 0;
  };
  std::vector<Place> cities;
  Minor all = 0;
  while (rows.next()) {
    cities.push_back(
        {rows.text(0), rows.text(1), rows.integer(2), rows.integer(3), rows.integer(4)});
    all += cities.back().revenue;
  }
  Table t = new_table("places", ctx);
  auto& kind = t.add("level", ColumnType::kText);
  auto& region = t.add("region", ColumnType::kText);
  auto& city = t.add("city", ColumnType::kText);
  auto& customers = t.add("customers", ColumnType::kInteger);
  auto& orders = t.add("orders", ColumnType::kInteger);
  auto& revenue = t.add("revenue", ColumnType::kMoney);
  auto& share = t.add("revenue_share", ColumnType::kFraction);
  const auto unknown = [](const std::string& s) { return s.empty() ? "unknown" : s; };
  const auto row = [&](const char* level, const std::string& r, const std::string& c,
                       const Place& p) {
    kind.push_text(level);
    region.push_text(unknown(r));
    city.push_text(c);
    customers.push_int(p.customers);
    orders.push_int(p.orders);
    revenue.push_int(p.revenue);
    detail::push_share(share, static_cast<double>(p.revenue), static_cast<double>(all));
  };
  // A customer has one default address, so city rows add up to their region's row.
  for (std::size_t i = 0; i < cities.size();) {
    Place sum;
    std::size_t j = i;
    for (; j < cities.size() && cities[j].region == cities[i].region; ++j) {
      sum.customers += cities[j].customers;
      sum.orders += cities[j].orders;
      sum.revenue += cities[j].revenue;
    }
    row("region", cities[i].region, "", sum);
    for (; i < j; ++i) row("city", cities[i].region, unknown(cities[i].city), cities[i]);
  }
  return t;
}

}  // namespace cw::reports::shop

namespace cw::reports::shop {

Result<Table> overview(const Context& ctx) {
  CW_ASSIGN_OR_RETURN(auto data, ctx.facts());
  const CustomerFacts& facts = data->facts;
  std::int64_t orders = 0, repeaters = 0;
  Minor revenue = 0;
  for (std::size_t i = 0; i < facts.size(); ++i) {
    orders += facts.orders[i];
    repeaters += facts.orders[i] >= 2;
    revenue += facts.revenue[i];
  }
  const std::int64_t registered =
      ctx.connection()
          .scalar("SELECT count(*) FROM customers WHERE created_at < ?", ctx.end())
          .value_or(0);
  const auto ordering = static_cast<std::int64_t>(facts.size());
  Table t = new_table("overview", ctx);
  t.add("registered_customers", ColumnType::kInteger).push_int(registered);
  t.add("ordering_customers", ColumnType::kInteger).push_int(ordering);
  t.add("orders", ColumnType::kInteger).push_int(orders);
  auto& per_customer = t.add("orders_per_ordering_customer", ColumnType::kNumber);
  detail::push_share(per_customer, static_cast<double>(orders), static_cast<double>(ordering));
  t.add("repeat_customers", ColumnType::kInteger).push_int(repeaters);
  auto& repeat = t.add("repeat_rate", ColumnType::kFraction);
  detail::push_share(repeat, static_cast<double>(repeaters), static_cast<double>(ordering));
  auto& repeat_registered = t.add("repeat_rate_registered", ColumnType::kFraction);
  detail::push_share(repeat_registered, static_cast<double>(repeaters),
                     static_cast<double>(registered));
  t.add("revenue", ColumnType::kMoney).push_int(revenue);
  auto& aov = t.add("aov", ColumnType::kMoney);
  if (orders == 0)
    aov.push_null();
  else
    aov.push_int(mul_div_round(revenue, 1, orders));
  return t;
}

}  // namespace cw::reports::shop
