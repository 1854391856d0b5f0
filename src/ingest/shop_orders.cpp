// Cartwise's own tables, part 2: shop-orders, one row per order line (docs/import-formats.md).
// An order's lines share its order-level columns; customers and products must already exist.
#include <map>
#include <unordered_map>

#include "csv/input_error.hpp"
#include "csv/table_reader.hpp"
#include "ingest/import_context.hpp"

namespace cw::ingest {
namespace {

struct Line {
  std::int64_t file_line;
  std::int64_t product_id;
  std::string size;
  std::int64_t quantity;
  Minor unit_price;
  Minor discount;
};

struct Order {
  std::int64_t file_line = 0;
  std::int64_t id = 0;
  std::int64_t customer_id = 0;
  std::int64_t placed_at = 0;
  std::string status;
  Minor shipping = 0;
  std::vector<Line> lines;
};

bool known_status(std::string_view s) {
  return s == "placed" || s == "shipped" || s == "delivered" || s == "cancelled";
}

}  // namespace

Result<void> import_shop_orders(ImportContext& ctx, std::string_view bytes) {
  auto table = csv::TableReader::open(
      bytes, "shop-orders",
      {"order_id", "customer_id", "placed_at", "product_id", "size", "quantity", "unit_price"},
      {"status", "shipping", "line_discount"}, ctx.options.currency_decimals);
  CW_TRY(table);
  std::vector<Order> orders;
  std::unordered_map<std::int64_t, std::size_t> index;
  for (;;) {
    CW_ASSIGN_OR_RETURN(auto more, table->next());
    if (!more) break;
    const std::int64_t line = table->line();
    CW_ASSIGN_OR_RETURN(auto id, table->id("order_id"));
    CW_ASSIGN_OR_RETURN(auto customer, table->id("customer_id"));
    CW_ASSIGN_OR_RETURN(auto placed, table->moment("placed_at"));
    const std::string status(table->text("status").empty() ? "delivered" : table->text("status"));
    if (!known_status(status))
      return fail(table->invalid("status", "is not placed, shipped, delivered or cancelled"));
    CW_ASSIGN_OR_RETURN(auto shipping, table->optional_money("shipping"));
    CW_ASSIGN_OR_RETURN(auto product, table->id("product_id"));
    const std::string size(table->text("size"));
    if (size.empty()) return fail(table->invalid_row("size is empty", "size"));
    CW_ASSIGN_OR_RETURN(auto quantity, table->optional_integer("quantity"));
    if (!quantity || *quantity == 0)
      return fail(table->invalid("quantity", "must be a whole number of at least 1"));
    CW_ASSIGN_OR_RETURN(auto price, table->money("unit_price"));
    CW_ASSIGN_OR_RETURN(auto discount, table->optional_money("line_discount"));
    if (discount.value_or(0) > *quantity * price)
      return fail(table->invalid("line_discount", "is more than quantity x unit_price"));

    auto [it, fresh] = index.try_emplace(id, orders.size());
    if (fresh) {
      orders.push_back({line, id, customer, placed, status, shipping.value_or(0), {}});
    } else {
      const Order& first = orders[it->second];
      if (first.customer_id != customer || first.placed_at != placed || first.status != status ||
          first.shipping != shipping.value_or(0))
        return fail(table->invalid_row(
            "order " + std::to_string(id) +
                " has other customer_id, placed_at, status or shipping than on line " +
                std::to_string(first.file_line),
            "order_id"));
    }
    orders[it->second].lines.push_back(
        {line, product, size, *quantity, price, discount.value_or(0)});
  }
  ctx.summary.rows_read = table->rows();

  auto& order_rows =
      ctx.table("orders", {"id", "customer_id", "status", "placed_at", "subtotal", "discount",
                           "shipping", "total", "currency", "has_lines"});
  auto& order_events = ctx.table("order_events", {"order_id", "status", "at"});
  auto& order_lines =
      ctx.table("order_lines", {"order_id", "line_no", "product_id", "size", "quantity",
                                "unit_price", "discount", "line_total"});
  std::map<std::int64_t, std::int64_t> units_sold;  // product -> units of non-cancelled orders
  for (const Order& order : orders) {
    ctx.line = order.file_line;
    if (ctx.exists("orders", order.id))
      return fail(ctx.id_exists(order.file_line, "order", order.id, "order_id"));
    if (!ctx.exists("customers", order.customer_id))
      return fail(
          ctx.unknown_reference(order.file_line, "customer", order.customer_id, "customer_id"));
    Minor subtotal = 0, discount = 0;
    for (const Line& l : order.lines) {
      if (!ctx.exists("products", l.product_id))
        return fail(ctx.unknown_reference(l.file_line, "product", l.product_id, "product_id"));
      subtotal += l.quantity * l.unit_price;
      discount += l.discount;
    }
    ctx.add(order_rows, order.id, order.customer_id, order.status, order.placed_at, subtotal,
            discount, order.shipping, subtotal - discount + order.shipping, ctx.options.currency,
            1);
    ctx.add(order_events, order.id, order.status, order.placed_at);
    ctx.added("orders", order.id);
    ctx.count("orders");
    ctx.count("order_events");
    std::int64_t line_no = 0;
    for (const Line& l : order.lines) {
      ctx.line = l.file_line;
      ctx.add(order_lines, order.id, ++line_no, l.product_id, l.size, l.quantity, l.unit_price,
              l.discount, l.quantity * l.unit_price - l.discount);
      ctx.count("order_lines");
      if (order.status != "cancelled") units_sold[l.product_id] += l.quantity;
    }
    if (order.status != "cancelled") ctx.customers_with_orders.insert(order.customer_id);
  }
  // units_sold counts units of non-cancelled orders (catalog schema); stock is not touched:
  // these are past sales, the file of products carries today's stock. One UPDATE per product,
  // not per line; the products are already in the database.
  for (const auto& [product, units] : units_sold)
    ctx.c.exec("UPDATE products SET units_sold = units_sold + ? WHERE id = ?", units, product);
  return {};
}

}  // namespace cw::ingest
