// The analyst's formats: each file is first read by the report reader of src/reports, so that
// `import` accepts exactly the files `report --input` accepts, with the same errors; then its
// rows are written as amount-only orders (has_lines = 0) and customers created by id.
#include <algorithm>
#include <climits>
#include <map>
#include <unordered_map>

#include "csv/csv_reader.hpp"
#include "csv/field_parsers.hpp"
#include "csv/header_map.hpp"
#include "csv/input_error.hpp"
#include "csv/table_reader.hpp"
#include "db/copy.hpp"
#include "ingest/import_context.hpp"
#include "reports/readers.hpp"

namespace cw::ingest {
namespace {

struct AmountOrder {
  std::int64_t line = 0;
  std::optional<std::int64_t> id;  // none: the file's number is not integral (auto id)
  std::int64_t customer_id = 0;
  std::int64_t placed_at = 0;
  Minor amount = 0;
};

reports::LoadOptions validation_options(const ImportContext& ctx) {
  reports::LoadOptions options;
  options.as_of_day = INT32_MAX;  // an import keeps every order, whatever its date
  options.threads = 1;
  options.currency_decimals = ctx.options.currency_decimals;
  return options;
}

std::int64_t unix_of(const csv::Moment& m) {
  return start_of_day(m.day) + (m.second < 0 ? 0 : m.second);
}

// Creates the customers that do not exist yet (created when their first order was placed) and
// writes the orders; every order id is checked against the database first.
Result<void> write_amount_orders(ImportContext& ctx, const std::vector<AmountOrder>& orders) {
  std::map<std::int64_t, std::pair<std::int64_t, std::int64_t>> first_order;  // at, line
  for (const AmountOrder& o : orders) {
    auto [it, inserted] = first_order.try_emplace(o.customer_id, o.placed_at, o.line);
    if (!inserted && o.placed_at < it->second.first) it->second = {o.placed_at, o.line};
  }
  for (const AmountOrder& o : orders) {
    if (o.id && ctx.exists("orders", *o.id))
      return fail(ctx.id_exists(o.line, "order", *o.id, "order_id"));
  }
  auto& customers = ctx.table("customers", {"id", "created_at"});
  for (const auto& [customer, first] : first_order) {
    if (ctx.exists("customers", customer)) continue;  // a known customer gets more orders
    ctx.line = first.second;
    ctx.add(customers, customer, first.first);
    ctx.added("customers", customer);
    ctx.count("customers");
  }
  // Integral ids first, so that the ids the database assigns to the others cannot take theirs:
  // SQLite takes the largest id + 1; PostgreSQL's identity sequence is first moved past them,
  // so both assign the same ids (the rows with ids are flushed before the sequence moves).
  auto& with_id = ctx.table("orders", {"id", "customer_id", "status", "placed_at", "subtotal",
                                       "discount", "shipping", "total", "currency", "has_lines"});
  for (const AmountOrder& o : orders) {
    if (!o.id) continue;
    ctx.line = o.line;
    ctx.add(with_id, *o.id, o.customer_id, "delivered", o.placed_at, o.amount, 0, 0, o.amount,
            ctx.options.currency, 0);
    ctx.customers_with_orders.insert(o.customer_id);
  }
  if (ctx.c.dialect() == db::Dialect::kPostgres) {
    ctx.writer.flush();
    db::move_sequences_past(ctx.c, "orders");
  }
  auto& without_id =
      ctx.table("orders", {"customer_id", "status", "placed_at", "subtotal", "discount", "shipping",
                           "total", "currency", "has_lines"});
  for (const AmountOrder& o : orders) {
    if (o.id) continue;
    ctx.line = o.line;
    ctx.add(without_id, o.customer_id, "delivered", o.placed_at, o.amount, 0, 0, o.amount,
            ctx.options.currency, 0);
    ctx.customers_with_orders.insert(o.customer_id);
  }
  ctx.count("orders", static_cast<std::int64_t>(orders.size()));
  return {};
}

}  // namespace

Result<void> import_orders_log(ImportContext& ctx, std::string_view bytes) {
  CW_TRY(reports::read_orders(bytes, validation_options(ctx)));
  auto table =
      csv::TableReader::open(bytes, "orders", {"order_id", "customer_id", "order_date", "amount"},
                             {}, ctx.options.currency_decimals);
  CW_TRY(table);
  std::vector<AmountOrder> orders;
  std::unordered_map<std::int64_t, std::int64_t> line_of_id;
  for (;;) {
    CW_ASSIGN_OR_RETURN(auto more, table->next());
    if (!more) break;
    AmountOrder o{.line = table->line()};
    CW_ASSIGN_OR_RETURN(auto id, table->id("order_id"));
    CW_ASSIGN_OR_RETURN(auto customer, table->id("customer_id"));
    CW_ASSIGN_OR_RETURN(auto at, table->moment("order_date"));
    CW_ASSIGN_OR_RETURN(auto amount, table->money("amount"));
    if (auto [it, inserted] = line_of_id.try_emplace(id, o.line); !inserted)
      return fail(csv::input_error("duplicate_order_id", o.line,
                                   "order_id " + std::to_string(id) + " was already used on line " +
                                       std::to_string(it->second),
                                   "order_id"));
    o.id = id;
    o.customer_id = customer;
    o.placed_at = at;
    o.amount = amount;
    orders.push_back(o);
  }
  ctx.summary.rows_read = table->rows();
  return write_amount_orders(ctx, orders);
}

Result<void> import_online_retail(ImportContext& ctx, std::string_view bytes) {
  CW_ASSIGN_OR_RETURN(auto valid, reports::read_online_retail(bytes, validation_options(ctx)));
  auto table = csv::TableReader::open(bytes, "online-retail",
                                      {"InvoiceNo", "StockCode", "Description", "Quantity",
                                       "InvoiceDate", "UnitPrice", "CustomerID", "Country"},
                                      {}, ctx.options.currency_decimals);
  CW_TRY(table);

  // Prices are summed exactly at 6 decimals and each invoice rounded once (docs/import-formats.md
  // "online-retail").
  constexpr int kScale = 6;
  std::int64_t unit = 1;
  for (int i = ctx.options.currency_decimals; i < kScale; ++i) unit *= 10;
  struct Invoice {
    AmountOrder order;
    std::int64_t total_scaled = 0;
  };
  std::vector<Invoice> invoices;
  std::unordered_map<std::string, std::size_t> index;
  std::int64_t cancelled_rows = 0, rows_without_customer = 0;
  for (;;) {
    CW_ASSIGN_OR_RETURN(auto more, table->next());
    if (!more) break;
    const std::string number(table->text("InvoiceNo"));
    if (!number.empty() && (number.front() == 'C' || number.front() == 'c')) {
      ++cancelled_rows;
      continue;
    }
    if (table->text("CustomerID").empty()) {
      ++rows_without_customer;
      continue;
    }
    CW_ASSIGN_OR_RETURN(auto customer, table->id("CustomerID"));
    CW_ASSIGN_OR_RETURN(auto quantity,
                        table->optional_integer("Quantity", /*allow_negative=*/true));
    std::int64_t price = 0;
    if (csv::parse_scaled(table->text("UnitPrice"), kScale, price) != csv::NumberError::kNone)
      return fail(table->invalid("UnitPrice", "is not a price"));
    const auto moment = csv::parse_retail_moment(table->text("InvoiceDate"));
    if (!moment) return fail(table->invalid("InvoiceDate", "is not a date-time"));
    auto [it, inserted] = index.try_emplace(number, invoices.size());
    if (inserted) {
      Invoice inv;
      inv.order.line = table->line();
      inv.order.customer_id = customer;
      inv.order.placed_at = unix_of(*moment);
      std::int64_t id = 0;
      if (csv::parse_id(number, id) == csv::NumberError::kNone) inv.order.id = id;
      invoices.push_back(inv);
    }
    Invoice& inv = invoices[it->second];
    inv.order.placed_at = std::min(inv.order.placed_at, unix_of(*moment));
    inv.total_scaled += quantity.value_or(0) * price;
  }
  std::vector<AmountOrder> orders;
  orders.reserve(invoices.size());
  std::unordered_map<std::int64_t, std::int64_t> line_of_id;
  for (Invoice& inv : invoices) {
    const std::int64_t magnitude = inv.total_scaled < 0 ? -inv.total_scaled : inv.total_scaled;
    const std::int64_t rounded = (magnitude + unit / 2) / unit;
    inv.order.amount = inv.total_scaled < 0 ? -rounded : rounded;
    // "536365" and "536365.0" are different invoice numbers but the same order id.
    if (inv.order.id) {
      if (auto [it, fresh] = line_of_id.try_emplace(*inv.order.id, inv.order.line); !fresh)
        return fail(csv::input_error("duplicate_order_id", inv.order.line,
                                     "invoice " + std::to_string(*inv.order.id) +
                                         " was already used on line " + std::to_string(it->second),
                                     "InvoiceNo"));
    }
    orders.push_back(inv.order);
  }
  ctx.summary.rows_read = table->rows();
  ctx.summary.cancellations = valid.cancellations;
  if (cancelled_rows > 0) ctx.summary.skipped["cancellation_rows"] = cancelled_rows;
  if (rows_without_customer > 0)
    ctx.summary.skipped["rows_without_customer"] = rows_without_customer;
  return write_amount_orders(ctx, orders);
}

Result<void> import_customer_summary(ImportContext& ctx, std::string_view bytes) {
  CW_TRY(reports::read_customer_summary(bytes, validation_options(ctx)));
  auto table = csv::TableReader::open(
      bytes, "customer-summary", {"CUSTOMER_ID"},
      {"EMAIL_ID", "FIRST_NAME", "LAST_NAME", "OCCUPATION", "FIRST_ORDER_DATE"},
      ctx.options.currency_decimals, /*ignore_other_columns=*/true);
  CW_TRY(table);
  std::unordered_map<std::int64_t, std::int64_t> line_of_id;
  auto& customers = ctx.table(
      "customers", {"id", "email", "first_name", "last_name", "occupation", "created_at"});
  for (;;) {
    CW_ASSIGN_OR_RETURN(auto more, table->next());
    if (!more) break;
    ctx.line = table->line();
    CW_ASSIGN_OR_RETURN(const auto id, table->id("CUSTOMER_ID"));
    if (auto [it, fresh] = line_of_id.try_emplace(id, ctx.line); !fresh)
      return fail(csv::input_error("duplicate_id", ctx.line,
                                   "CUSTOMER_ID " + std::to_string(id) +
                                       " was already used on line " + std::to_string(it->second),
                                   "CUSTOMER_ID"));
    if (ctx.exists("customers", id))
      return fail(ctx.id_exists(ctx.line, "customer", id, "CUSTOMER_ID"));
    std::int64_t created_at = ctx.now();
    if (const auto first = table->text("FIRST_ORDER_DATE"); !first.empty()) {
      const auto day = csv::parse_dmy_day(first);
      if (!day) return fail(table->invalid("FIRST_ORDER_DATE", "is not a date (dd-mm-yyyy)"));
      created_at = start_of_day(*day);
    }
    ctx.add(customers, id, table->optional_text("EMAIL_ID"), table->text("FIRST_NAME"),
            table->text("LAST_NAME"), table->optional_text("OCCUPATION"), created_at);
    ctx.added("customers", id);
    ctx.count("customers");
  }
  ctx.summary.rows_read = table->rows();
  return {};
}

}  // namespace cw::ingest
