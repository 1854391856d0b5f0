// Reports on products: overstock (stock above a threshold, with weeks of cover at the recent
// sales rate) and categories (revenue, cost of goods and margin per category).
#include <algorithm>
#include <optional>

#include "reports/shop_helpers.hpp"

namespace cw::reports::shop {
namespace {

struct StockedProduct {
  std::int64_t id = 0;
  std::string name, category;
  std::int64_t stock = 0;         // over all sizes, now (stock has no history)
  std::int64_t recent_units = 0;  // sold in non-cancelled orders in the recent window
};

std::vector<StockedProduct> load_stock(const Context& ctx) {
  const std::int64_t from = start_of_day(std::int64_t{ctx.as_of_day} - ctx.options.recent_days + 1);
  std::vector<StockedProduct> out;
  auto rows = ctx.connection().query(
      "SELECT p.id, p.name, c.name, "
      "(SELECT coalesce(sum(s.stock), 0) FROM product_sizes s WHERE s.product_id = p.id), "
      "(SELECT coalesce(sum(l.quantity), 0) FROM order_lines l JOIN orders o ON o.id = l.order_id "
      " WHERE l.product_id = p.id AND o.status <> 'cancelled' AND o.placed_at >= ? "
      " AND o.placed_at < ?) "
      "FROM products p JOIN categories c ON c.id = p.category_id ORDER BY p.id",
      from, ctx.end());
  while (rows.next())
    out.push_back({rows.integer(0), rows.text(1), rows.text(2), rows.integer(3), rows.integer(4)});
  return out;
}

Result<Table> overstock_table(std::vector<StockedProduct> products, const Context& ctx) {
  const ReportOptions& o = ctx.options;
  std::erase_if(products,
                [&](const StockedProduct& p) { return p.stock <= o.overstock_threshold; });
  // weeks of cover = stock / (recent units / (recent days / 7)) = days * stock / (7 * units);
  // with the default 28 days: stock / (units / 4).
  const auto cover = [&](const StockedProduct& p) -> std::optional<double> {
    if (p.recent_units == 0) return std::nullopt;
    return static_cast<double>(o.recent_days) * static_cast<double>(p.stock) /
           (7.0 * static_cast<double>(p.recent_units));
  };
  // The slowest to sell first: no recent sales, then the most weeks of cover, then id.
  std::stable_sort(products.begin(), products.end(),
                   [&](const StockedProduct& a, const StockedProduct& b) {
                     const auto ca = cover(a), cb = cover(b);
                     if (!ca || !cb) return !ca && cb;
                     return *ca > *cb;
                   });
  Table t = new_table("overstock", ctx);
  auto& id = t.add("product_id", ColumnType::kInteger);
  auto& name = t.add("name", ColumnType::kText);
  auto& category = t.add("category", ColumnType::kText);
  auto& stock = t.add("stock", ColumnType::kInteger);
  auto& recent =
      t.add("units_last_" + std::to_string(o.recent_days) + "_days", ColumnType::kInteger);
  auto& weeks = t.add("weeks_of_cover", ColumnType::kNumber);
  for (const StockedProduct& p : products) {
    id.push_int(p.id);
    name.push_text(p.name);
    category.push_text(p.category);
    stock.push_int(p.stock);
    recent.push_int(p.recent_units);
    if (auto c = cover(p))
      weeks.push_real(*c);
    else
      weeks.push_null();
  }
  return t;
}

struct CategorySales {
  std::int64_t id = 0;
  std::string name;
  std::int64_t products_sold = 0;
  std::int64_t products_without_cost = 0;  // sold, with an unknown cost
  std::int64_t units = 0;
  Minor revenue = 0;
  Minor cost = 0;  // of the products whose cost is known
};

struct CategoryInput {
  std::vector<CategorySales> categories;  // ascending name
  std::int64_t orders_without_lines = 0;
  Minor revenue_without_lines = 0;
};

CategoryInput load_categories(const Context& ctx) {
  CategoryInput in;
  {
    auto rows = ctx.connection().query("SELECT id, name FROM categories ORDER BY name, id");
    while (rows.next()) in.categories.push_back({rows.integer(0), rows.text(1)});
  }
  // Revenue per product from its lines (goods after discounts); cost at today's product cost.
  const auto orders = order_inputs(ctx);
  const auto sold = product_line_totals(ctx, *orders);
  auto rows = ctx.connection().query("SELECT id, category_id, cost FROM products");
  while (rows.next()) {
    const auto s = sold->find(rows.integer(0));
    if (s == sold->end()) continue;
    const std::int64_t category = rows.integer(1);
    auto it = std::find_if(in.categories.begin(), in.categories.end(),
                           [&](const CategorySales& c) { return c.id == category; });
    if (it == in.categories.end()) continue;
    const std::int64_t units = s->second.units;
    ++it->products_sold;
    it->units += units;
    it->revenue += s->second.revenue;
    if (rows.is_null(2))
      ++it->products_without_cost;
    else
      it->cost += units * rows.integer(2);
  }
  // Orders imported with an amount only, from the loaded orders (not a scan of the table).
  const std::int64_t end = ctx.end();
  for (std::size_t o = 0; o < orders->size(); ++o) {
    if (orders->has_lines[o] || orders->placed_at[o] >= end) continue;
    ++in.orders_without_lines;
    in.revenue_without_lines += orders->revenue[o];
  }
  return in;
}

Table categories_table(const CategoryInput& in, const Context& ctx) {
  Table t = new_table("categories", ctx);
  auto& name = t.add("category", ColumnType::kText);
  auto& products = t.add("products_sold", ColumnType::kInteger);
  auto& units = t.add("units", ColumnType::kInteger);
  auto& revenue = t.add("revenue", ColumnType::kMoney);
  auto& cost = t.add("cost", ColumnType::kMoney);
  auto& margin = t.add("margin", ColumnType::kMoney);
  auto& margin_rate = t.add("margin_rate", ColumnType::kFraction);
  auto& note = t.add("note", ColumnType::kText);
  CategorySales all;
  const auto row = [&](const std::string& label, const CategorySales& c) {
    name.push_text(label);
    products.push_int(c.products_sold);
    units.push_int(c.units);
    revenue.push_int(c.revenue);
    if (c.products_without_cost > 0) {
      cost.push_null();
      margin.push_null();
      margin_rate.push_null();
      note.push_text("cost unknown for " + std::to_string(c.products_without_cost) + " of " +
                     std::to_string(c.products_sold) + " products sold");
      return;
    }
    cost.push_int(c.cost);
    margin.push_int(c.revenue - c.cost);
    detail::push_share(margin_rate, static_cast<double>(c.revenue - c.cost),
                       static_cast<double>(c.revenue));
    note.push_text("");
  };
  for (const CategorySales& c : in.categories) {
    row(c.name, c);
    all.products_sold += c.products_sold;
    all.products_without_cost += c.products_without_cost;
    all.units += c.units;
    all.revenue += c.revenue;
    all.cost += c.cost;
  }
  if (in.orders_without_lines > 0) {
    // Imported orders carry only their amount: no category, no cost.
    name.push_text("(orders without lines)");
    products.push_null();
    units.push_null();
    revenue.push_int(in.revenue_without_lines);
    cost.push_null();
    margin.push_null();
    margin_rate.push_null();
    note.push_text(std::to_string(in.orders_without_lines) +
                   " imported orders carry only their amount (no products, no cost)");
  }
  row("all categories", all);
  return t;
}

}  // namespace

Result<Table> overstock(const Context& ctx) {
  if (ctx.options.overstock_threshold < 0)
    return fail(detail::invalid_option("overstock-threshold", "must be 0 or more"));
  if (ctx.options.recent_days < 1)
    return fail(detail::invalid_option("recent-days", "must be 1 or more"));
  return overstock_table(load_stock(ctx), ctx);
}

Result<Table> categories(const Context& ctx) {
  return categories_table(load_categories(ctx), ctx);
}

}  // namespace cw::reports::shop
