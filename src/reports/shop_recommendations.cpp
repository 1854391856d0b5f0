// The recommendations report: per RFM segment, the categories and products that make up the
// segment's revenue, with their lift against all customers; with --by customer, the top
// categories of each customer's segment that the customer has not bought yet.
// docs/analytics.md "recommendations" states the columns and rules as implemented.
#include <algorithm>
#include <optional>

#include "reports/shop_helpers.hpp"

namespace cw::reports::shop {
namespace {

constexpr std::size_t kTopPerSegment = 5;   // categories and products listed per segment
constexpr std::size_t kTopPerCustomer = 3;  // categories recommended to one customer

struct Named {
  std::int64_t id = 0;
  std::string name;
  std::size_t category = 0;  // products: index into RecoInput::categories
};

// Revenue (goods after discounts) of one customer on one product.
struct Sale {
  std::int64_t customer_id = 0;
  std::size_t product = 0;  // index into RecoInput::products
  Minor revenue = 0;
};

struct RecoInput {
  std::vector<Named> categories;  // ascending id
  std::vector<Named> products;    // ascending id
  std::vector<Sale> sales;        // ascending customer id, then product
};

std::size_t index_of(const std::vector<Named>& items, std::int64_t id) {
  return static_cast<std::size_t>(
      std::lower_bound(items.begin(), items.end(), id,
                       [](const Named& n, std::int64_t v) { return n.id < v; }) -
      items.begin());
}

RecoInput load_input(const Context& ctx) {
  RecoInput in;
  {
    auto rows = ctx.connection().query("SELECT id, name FROM categories ORDER BY id");
    while (rows.next()) in.categories.push_back({rows.integer(0), rows.text(1)});
  }
  {
    auto rows = ctx.connection().query("SELECT id, name, category_id FROM products ORDER BY id");
    while (rows.next())
      in.products.push_back(
          {rows.integer(0), rows.text(1), index_of(in.categories, rows.integer(2))});
  }
  auto rows = ctx.connection().query(
      "SELECT o.customer_id, l.product_id, sum(l.line_total) FROM order_lines l "
      "JOIN orders o ON o.id = l.order_id WHERE o.status <> 'cancelled' AND o.placed_at < ? "
      "GROUP BY o.customer_id, l.product_id ORDER BY o.customer_id, l.product_id",
      ctx.end());
  while (rows.next())
    in.sales.push_back({rows.integer(0), index_of(in.products, rows.integer(1)), rows.integer(2)});
  return in;
}

// Revenue by segment and item, and over all customers.
struct Totals {
  std::vector<Minor> all_categories, all_products;
  Minor all = 0;
  std::vector<std::vector<Minor>> categories, products;  // [segment][item]
  std::vector<Minor> segment;                            // [segment]
};

// The segment index (into `names`) of every customer row of `facts`.
std::vector<std::size_t> segment_of_rows(const CustomerFacts& facts, const Context& ctx,
                                         const std::vector<std::string>& names) {
  const RfmScores s = compute_rfm(facts, ctx.as_of_day);
  std::vector<std::size_t> out(facts.size());
  for (std::size_t i = 0; i < facts.size(); ++i) {
    const std::string& name = ctx.options.segments.at(s.r[i], s.f[i]);
    out[i] = static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
  }
  return out;
}

// The facts row of a customer, or nullopt when the customer has no facts at the as-of date.
std::optional<std::size_t> row_of(const CustomerFacts& facts, std::int64_t customer_id) {
  auto it = std::lower_bound(facts.customer_id.begin(), facts.customer_id.end(), customer_id);
  if (it == facts.customer_id.end() || *it != customer_id) return std::nullopt;
  return static_cast<std::size_t>(it - facts.customer_id.begin());
}

Totals totals_of(const RecoInput& in, const CustomerFacts& facts,
                 const std::vector<std::size_t>& segment_of, std::size_t segments) {
  Totals t;
  t.all_categories.assign(in.categories.size(), 0);
  t.all_products.assign(in.products.size(), 0);
  t.categories.assign(segments, std::vector<Minor>(in.categories.size(), 0));
  t.products.assign(segments, std::vector<Minor>(in.products.size(), 0));
  t.segment.assign(segments, 0);
  for (const Sale& sale : in.sales) {
    const auto row = row_of(facts, sale.customer_id);
    if (!row || sale.product >= in.products.size()) continue;
    const std::size_t s = segment_of[*row];
    const std::size_t c = in.products[sale.product].category;
    t.all += sale.revenue;
    t.all_products[sale.product] += sale.revenue;
    t.products[s][sale.product] += sale.revenue;
    t.segment[s] += sale.revenue;
    if (c >= in.categories.size()) continue;
    t.all_categories[c] += sale.revenue;
    t.categories[s][c] += sale.revenue;
  }
  return t;
}

// The items with revenue in the segment, most revenue (= highest segment share) first, ties by id.
std::vector<std::size_t> ranked(const std::vector<Minor>& revenue,
                                const std::vector<Named>& items) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < revenue.size(); ++i)
    if (revenue[i] > 0) out.push_back(i);
  std::sort(out.begin(), out.end(), [&](std::size_t a, std::size_t b) {
    return revenue[a] != revenue[b] ? revenue[a] > revenue[b] : items[a].id < items[b].id;
  });
  return out;
}

double share(Minor part, Minor whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

Table segment_table(const RecoInput& in, const Totals& t, const std::vector<std::string>& names,
                    const std::optional<std::size_t>& only, const Context& ctx) {
  Table table = new_table("recommendations", ctx);
  auto& segment = table.add("segment", ColumnType::kText);
  auto& kind = table.add("kind", ColumnType::kText);
  auto& rank = table.add("rank", ColumnType::kInteger);
  auto& id = table.add("id", ColumnType::kInteger);
  auto& name = table.add("name", ColumnType::kText);
  auto& revenue = table.add("revenue", ColumnType::kMoney);
  auto& segment_share = table.add("segment_share", ColumnType::kFraction);
  auto& overall_share = table.add("overall_share", ColumnType::kFraction);
  auto& lift = table.add("lift", ColumnType::kNumber);
  const auto rows = [&](std::size_t s, const char* what, const std::vector<Minor>& in_segment,
                        const std::vector<Minor>& overall, const std::vector<Named>& items) {
    const std::vector<std::size_t> order = ranked(in_segment, items);
    for (std::size_t k = 0; k < order.size() && k < kTopPerSegment; ++k) {
      const std::size_t i = order[k];
      segment.push_text(names[s]);
      kind.push_text(what);
      rank.push_int(static_cast<std::int64_t>(k + 1));
      id.push_int(items[i].id);
      name.push_text(items[i].name);
      revenue.push_int(in_segment[i]);
      detail::push_share(segment_share, static_cast<double>(in_segment[i]),
                         static_cast<double>(t.segment[s]));
      detail::push_share(overall_share, static_cast<double>(overall[i]),
                         static_cast<double>(t.all));
      detail::push_share(lift, share(in_segment[i], t.segment[s]), share(overall[i], t.all));
    }
  };
  for (std::size_t s = 0; s < names.size(); ++s) {
    if (only && s != *only) continue;
    rows(s, "category", t.categories[s], t.all_categories, in.categories);
    rows(s, "product", t.products[s], t.all_products, in.products);
  }
  return table;
}

Table customer_table(const RecoInput& in, const Totals& t, const CustomerFacts& facts,
                     const std::vector<std::size_t>& segment_of,
                     const std::vector<std::string>& names, const std::optional<std::size_t>& only,
                     const Context& ctx) {
  std::vector<std::vector<std::size_t>> by_segment(names.size());
  for (std::size_t s = 0; s < names.size(); ++s)
    by_segment[s] = ranked(t.categories[s], in.categories);
  Table table = new_table("recommendations", ctx);
  auto& customer = table.add("customer_id", ColumnType::kInteger);
  auto& segment = table.add("segment", ColumnType::kText);
  auto& rank = table.add("rank", ColumnType::kInteger);
  auto& category_id = table.add("category_id", ColumnType::kInteger);
  auto& category = table.add("category", ColumnType::kText);
  auto& segment_share = table.add("segment_share", ColumnType::kFraction);
  std::vector<bool> bought(in.categories.size(), false);
  std::size_t next_sale = 0;
  for (std::size_t row = 0; row < facts.size(); ++row) {
    const std::int64_t id = facts.customer_id[row];
    std::vector<std::size_t> touched;
    while (next_sale < in.sales.size() && in.sales[next_sale].customer_id < id) ++next_sale;
    for (; next_sale < in.sales.size() && in.sales[next_sale].customer_id == id; ++next_sale) {
      const Sale& sale = in.sales[next_sale];
      if (sale.product >= in.products.size()) continue;
      const std::size_t c = in.products[sale.product].category;
      if (c < bought.size() && !bought[c]) {
        bought[c] = true;
        touched.push_back(c);
      }
    }
    const std::size_t s = segment_of[row];
    if (!only || s == *only) {
      std::int64_t k = 0;
      for (std::size_t c : by_segment[s]) {
        if (bought[c]) continue;
        customer.push_int(id);
        segment.push_text(names[s]);
        rank.push_int(++k);
        category_id.push_int(in.categories[c].id);
        category.push_text(in.categories[c].name);
        detail::push_share(segment_share, static_cast<double>(t.categories[s][c]),
                           static_cast<double>(t.segment[s]));
        if (static_cast<std::size_t>(k) == kTopPerCustomer) break;
      }
    }
    for (std::size_t c : touched) bought[c] = false;
  }
  return table;
}

}  // namespace

Result<Table> recommendations(const Context& ctx) {
  const std::string& by = ctx.options.by;
  if (!by.empty() && by != "segment" && by != "customer")
    return fail(detail::invalid_option("by", "expected segment or customer"));
  const std::vector<std::string> names = ctx.options.segments.names();
  std::optional<std::size_t> only;
  if (!ctx.options.segment.empty()) {
    CW_ASSIGN_OR_RETURN(auto name, find_segment(ctx.options.segments, ctx.options.segment));
    only = static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
  }
  CW_ASSIGN_OR_RETURN(auto data, ctx.facts());
  const CustomerFacts& facts = data->facts;
  const RecoInput in = load_input(ctx);
  const std::vector<std::size_t> segment_of = segment_of_rows(facts, ctx, names);
  const Totals t = totals_of(in, facts, segment_of, names.size());
  if (by == "customer") return customer_table(in, t, facts, segment_of, names, only, ctx);
  return segment_table(in, t, names, only, ctx);
}

}  // namespace cw::reports::shop
