// data-quality: problems listed before analysis, never fixed. On the shop database: duplicate
// customers, orders without customers, negative or zero amounts, dates after the as-of date and
// totals that do not match their lines. On an `orders` or Online Retail file: every problem row
// with its line number, read leniently (a bad row is listed and reading goes on).
#include <unordered_map>

#include "csv/csv_reader.hpp"
#include "csv/field_parsers.hpp"
#include "csv/header_map.hpp"
#include "csv/input_error.hpp"
#include "csv/mapped_file.hpp"
#include "reports/shop_helpers.hpp"

namespace cw::reports {
namespace {

struct Problem {
  std::string check;
  std::string table;
  std::optional<std::int64_t> id;
  std::optional<std::int64_t> line;
  std::string detail;
};

Table problems_table(const std::vector<Problem>& problems, Table t) {
  auto& check = t.add("check", ColumnType::kText);
  auto& table = t.add("table", ColumnType::kText);
  auto& id = t.add("id", ColumnType::kInteger);
  auto& line = t.add("line", ColumnType::kInteger);
  auto& detail = t.add("detail", ColumnType::kText);
  for (const Problem& p : problems) {
    check.push_text(p.check);
    table.push_text(p.table);
    if (p.id)
      id.push_int(*p.id);
    else
      id.push_null();
    if (p.line)
      line.push_int(*p.line);
    else
      line.push_null();
    detail.push_text(p.detail);
  }
  return t;
}

// The N of an input error's "line N: ..." message.
std::optional<std::int64_t> line_of_message(const std::string& message) {
  std::int64_t line = 0;
  if (message.rfind("line ", 0) != 0) return std::nullopt;
  if (csv::parse_integer(message.substr(5, message.find(':') - 5), line) != csv::NumberError::kNone)
    return std::nullopt;
  return line;
}

std::string money(Minor amount, const ReportOptions& o) {
  return format_money(amount, o.currency_decimals);
}

}  // namespace

namespace shop {

Result<Table> data_quality(const Context& ctx) {
  db::Connection& c = ctx.connection();
  const ReportOptions& o = ctx.options;
  std::vector<Problem> out;
  {
    auto rows = c.query(
        "SELECT id, first FROM (SELECT id, min(id) OVER (PARTITION BY lower(trim(email))) AS first "
        "FROM customers WHERE email IS NOT NULL AND trim(email) <> '') AS d WHERE id <> first "
        "ORDER BY id");
    while (rows.next())
      out.push_back({"duplicate_customer", "customers", rows.integer(0), std::nullopt,
                     "same e-mail as customer " + std::to_string(rows.integer(1))});
  }
  {
    auto rows = c.query(
        "SELECT id, first FROM (SELECT id, min(id) OVER (PARTITION BY lower(trim(first_name)), "
        "lower(trim(last_name)), date_of_birth) AS first FROM customers "
        "WHERE date_of_birth IS NOT NULL AND trim(first_name) <> '' AND trim(last_name) <> '') AS "
        "d "
        "WHERE id <> first ORDER BY id");
    while (rows.next())
      out.push_back({"duplicate_customer", "customers", rows.integer(0), std::nullopt,
                     "same name and date of birth as customer " + std::to_string(rows.integer(1))});
  }
  {
    auto rows = c.query(
        "SELECT o.id, o.customer_id FROM orders o LEFT JOIN customers c ON c.id = o.customer_id "
        "WHERE c.id IS NULL ORDER BY o.id");
    while (rows.next())
      out.push_back({"order_without_customer", "orders", rows.integer(0), std::nullopt,
                     "customer " + std::to_string(rows.integer(1)) + " does not exist"});
  }
  {
    auto rows = c.query(
        "SELECT id, subtotal - discount FROM orders WHERE subtotal - discount <= 0 ORDER BY id");
    while (rows.next()) {
      const Minor amount = rows.integer(1);
      out.push_back({amount < 0 ? "negative_amount" : "zero_amount", "orders", rows.integer(0),
                     std::nullopt, "goods after discounts " + money(amount, o)});
    }
  }
  {
    auto rows = c.query(
        "SELECT order_id, line_no, unit_price, line_total FROM order_lines "
        "WHERE unit_price < 0 OR line_total < 0 ORDER BY order_id, line_no");
    while (rows.next())
      out.push_back({"negative_amount", "order_lines", rows.integer(0), std::nullopt,
                     "line " + std::to_string(rows.integer(1)) + ": unit price " +
                         money(rows.integer(2), o) + ", line total " + money(rows.integer(3), o)});
  }
  {
    auto rows =
        c.query("SELECT id, placed_at FROM orders WHERE placed_at >= ? ORDER BY id", ctx.end());
    while (rows.next())
      out.push_back({"future_date", "orders", rows.integer(0), std::nullopt,
                     "placed on " + format_day(day_of_unix(rows.integer(1))) +
                         ", after the as-of date " + format_day(ctx.as_of_day)});
  }
  {
    auto rows = c.query(
        "SELECT o.id, o.subtotal, o.discount, count(l.line_no), "
        "coalesce(sum(l.quantity * l.unit_price), 0), coalesce(sum(l.discount), 0) "
        "FROM orders o LEFT JOIN order_lines l ON l.order_id = o.id WHERE o.has_lines = 1 "
        "GROUP BY o.id HAVING count(l.line_no) = 0 OR o.subtotal <> sum(l.quantity * l.unit_price) "
        "OR o.discount <> sum(l.discount) ORDER BY o.id");
    while (rows.next()) {
      std::string why;
      if (rows.integer(3) == 0)
        why = "the order has no lines";
      else
        why = "subtotal " + money(rows.integer(1), o) + " and discount " +
              money(rows.integer(2), o) + " but its lines add up to " + money(rows.integer(4), o) +
              " and " + money(rows.integer(5), o);
      out.push_back({"total_mismatch", "orders", rows.integer(0), std::nullopt, why});
    }
  }
  {
    auto rows = c.query(
        "SELECT order_id, line_no, quantity, unit_price, discount, line_total FROM order_lines "
        "WHERE line_total <> quantity * unit_price - discount ORDER BY order_id, line_no");
    while (rows.next())
      out.push_back({"total_mismatch", "order_lines", rows.integer(0), std::nullopt,
                     "line " + std::to_string(rows.integer(1)) + ": " +
                         std::to_string(rows.integer(2)) + " x " + money(rows.integer(3), o) +
                         " - " + money(rows.integer(4), o) + " is not " +
                         money(rows.integer(5), o)});
  }
  {
    // Imported orders keep the amount their file stated; their own total comes from the lines.
    auto rows = c.query(
        "SELECT id, coalesce(external_ref, ''), declared_amount, total FROM orders "
        "WHERE declared_amount IS NOT NULL AND declared_amount <> total ORDER BY id");
    while (rows.next()) {
      const std::string ref = rows.text(1);
      out.push_back({"amount_mismatch", "orders", rows.integer(0), std::nullopt,
                     "the imported file states " + money(rows.integer(2), o) +
                         (ref.empty() ? "" : " for order " + ref) + " but its total is " +
                         money(rows.integer(3), o)});
    }
  }
  return problems_table(out, new_table("data-quality", ctx));
}

}  // namespace shop

namespace {

Table file_table(const ReportOptions& options, std::int32_t as_of_day) {
  Table t;
  t.report = "data-quality";
  t.as_of_day = as_of_day;
  t.currency = options.currency;
  t.currency_decimals = options.currency_decimals;
  return t;
}

// The rest of a file that cannot be split into rows reliably is one problem; reading stops.
void add_unreadable_rest(std::vector<Problem>& out, const char* table, const Error& error) {
  out.push_back({error.code, table, std::nullopt, line_of_message(error.message), error.message});
}

// Online Retail, leniently: every row the strict reader would refuse or skip, and the invoices
// whose lines disagree. Cancellation invoices ('C' prefix) are not problems and are not listed.
Result<Table> online_retail_quality(csv::CsvReader& reader, const ReportOptions& options,
                                    std::int32_t as_of_day) {
  CW_ASSIGN_OR_RETURN(const auto header, reader.read_header());
  const csv::HeaderMap columns(header);
  const auto invoice_col = columns.find("InvoiceNo"), quantity_col = columns.find("Quantity"),
             date_col = columns.find("InvoiceDate"), price_col = columns.find("UnitPrice"),
             customer_col = columns.find("CustomerID");
  if (!invoice_col || !quantity_col || !date_col || !price_col || !customer_col)
    return fail(csv::input_error("invalid_header", reader.line(),
                                 "the Online Retail header needs InvoiceNo, Quantity, InvoiceDate, "
                                 "UnitPrice and CustomerID"));
  std::vector<Problem> out;
  struct FirstSeen {
    std::int64_t customer;
    std::int64_t line;
  };
  std::unordered_map<std::string, FirstSeen> invoices;
  std::vector<std::string_view> fields;
  const auto add = [&](const char* check, std::string detail) {
    out.push_back({check, "invoice_lines", std::nullopt, reader.line(), std::move(detail)});
  };
  while (true) {
    auto more = reader.next(fields);
    if (!more) {
      add_unreadable_rest(out, "invoice_lines", more.error());
      break;
    }
    if (!*more) break;
    if (fields.size() != header.size()) {
      add("malformed_row", std::to_string(fields.size()) + " fields, the header has " +
                               std::to_string(header.size()));
      continue;
    }
    const std::string_view invoice = csv::trim(fields[*invoice_col]);
    if (invoice.empty()) add("missing_invoice", "InvoiceNo is empty");
    const bool cancellation =
        !invoice.empty() && (invoice.front() == 'C' || invoice.front() == 'c');
    std::int64_t value = 0;
    std::optional<std::int64_t> customer;
    const std::string_view customer_text = csv::trim(fields[*customer_col]);
    if (customer_text.empty())
      add("row_without_customer", "no CustomerID: the row is left out of every report");
    else if (auto e = csv::parse_id(customer_text, value); e != csv::NumberError::kNone)
      add("invalid_customer_id",
          "CustomerID " + csv::quoted_excerpt(customer_text) + " " + csv::describe(e));
    else
      customer = value;
    const std::string_view quantity_text = csv::trim(fields[*quantity_col]);
    if (auto e = csv::parse_integer(quantity_text, value); e != csv::NumberError::kNone)
      add("invalid_quantity",
          "Quantity " + csv::quoted_excerpt(quantity_text) + " " + csv::describe(e));
    else if (value < 0 && !cancellation)
      add("negative_quantity", "Quantity " + std::to_string(value) + " outside a cancellation");
    else if (value == 0)
      add("zero_quantity", "Quantity is zero");
    const std::string_view price_text = csv::trim(fields[*price_col]);
    if (auto e = csv::parse_scaled(price_text, 6, value); e != csv::NumberError::kNone)
      add("invalid_price", "UnitPrice " + csv::quoted_excerpt(price_text) + " " + csv::describe(e));
    else if (value < 0)
      add("negative_price", "UnitPrice " + csv::quoted_excerpt(price_text) + " is negative");
    else if (value == 0)
      add("zero_price", "UnitPrice is zero");
    const std::string_view date = csv::trim(fields[*date_col]);
    if (auto moment = csv::parse_retail_moment(date); !moment)
      add("invalid_date", "InvoiceDate " + csv::quoted_excerpt(date) + " is not a date-time");
    else if (moment->day > as_of_day)
      add("future_date",
          "dated " + format_day(moment->day) + ", after the as-of date " + format_day(as_of_day));
    if (cancellation || invoice.empty() || !customer) continue;
    auto [it, fresh] =
        invoices.try_emplace(std::string(invoice), FirstSeen{*customer, reader.line()});
    if (!fresh && it->second.customer != *customer)
      add("invoice_customer_mismatch", "invoice " + std::string(invoice) + " belongs to customer " +
                                           std::to_string(it->second.customer) + " on line " +
                                           std::to_string(it->second.line));
  }
  return problems_table(out, file_table(options, as_of_day));
}

// data-quality on an input file (the analyst's path), read leniently: every problem row with its
// line number, nothing fixed.
Result<Table> data_quality_of_file(const ReportInput& input, const ReportOptions& options,
                                   std::int32_t as_of_day) {
  if (input.format == InputFormat::kCustomerSummary)
    return fail(detail::missing_data(
        "data-quality",
        "an orders log or an Online Retail file when run on a file; a customer summary is "
        "checked by `report` itself, which names the first bad line"));
  CW_ASSIGN_OR_RETURN(auto file, csv::MappedFile::open(input.path));
  csv::CsvReader reader(file.bytes());
  if (input.format == InputFormat::kOnlineRetail)
    return online_retail_quality(reader, options, as_of_day);
  CW_ASSIGN_OR_RETURN(const auto header, reader.read_header());
  const csv::HeaderMap columns(header);
  const auto id_col = columns.find("order_id"), customer_col = columns.find("customer_id"),
             date_col = columns.find("order_date"), amount_col = columns.find("amount");
  if (!id_col || !customer_col || !date_col || !amount_col)
    return fail(csv::input_error("invalid_header", reader.line(),
                                 "expected the columns order_id,customer_id,order_date,amount"));
  std::vector<Problem> out;
  std::unordered_map<std::int64_t, std::int64_t> line_of_order;
  std::vector<std::string_view> fields;
  const auto add = [&](const char* check, std::optional<std::int64_t> id, std::string detail) {
    out.push_back({check, "orders", id, reader.line(), std::move(detail)});
  };
  while (true) {
    auto more = reader.next(fields);
    if (!more) {
      add_unreadable_rest(out, "orders", more.error());
      break;
    }
    if (!*more) break;
    if (fields.size() != header.size()) {
      add("malformed_row", std::nullopt,
          std::to_string(fields.size()) + " fields, the header has " +
              std::to_string(header.size()));
      continue;
    }
    std::optional<std::int64_t> order_id;
    std::int64_t value = 0;
    const std::string_view id_text = csv::trim(fields[*id_col]);
    if (auto e = csv::parse_id(id_text, value); e != csv::NumberError::kNone) {
      add("invalid_order_id", std::nullopt,
          "order_id " + csv::quoted_excerpt(id_text) + " " + csv::describe(e));
    } else {
      order_id = value;
      auto [it, fresh] = line_of_order.emplace(value, reader.line());
      if (!fresh)
        add("duplicate_order_id", order_id,
            "order " + std::to_string(value) + " is also on line " + std::to_string(it->second));
    }
    const std::string_view customer = csv::trim(fields[*customer_col]);
    if (customer.empty())
      add("order_without_customer", order_id, "no customer_id");
    else if (auto e = csv::parse_id(customer, value); e != csv::NumberError::kNone)
      add("invalid_customer_id", order_id,
          "customer_id " + csv::quoted_excerpt(customer) + " " + csv::describe(e));
    const std::string_view date = csv::trim(fields[*date_col]);
    if (auto moment = csv::parse_iso_moment(date); !moment)
      add("invalid_date", order_id, "order_date " + csv::quoted_excerpt(date) + " is not a date");
    else if (moment->day > as_of_day)
      add("future_date", order_id,
          "dated " + format_day(moment->day) + ", after the as-of date " + format_day(as_of_day));
    const std::string_view amount_text = csv::trim(fields[*amount_col]);
    std::int64_t amount = 0;
    const csv::NumberError e = csv::parse_amount(amount_text, options.currency_decimals, amount);
    if (e == csv::NumberError::kNegative)
      add("negative_amount", order_id,
          "amount " + csv::quoted_excerpt(amount_text) + " is negative");
    else if (e != csv::NumberError::kNone)
      add("invalid_amount", order_id,
          "amount " + csv::quoted_excerpt(amount_text) + " " + csv::describe(e));
    else if (amount == 0)
      add("zero_amount", order_id, "amount is zero");
  }
  return problems_table(out, file_table(options, as_of_day));
}

}  // namespace

namespace detail {

Result<Table> data_quality(const Context& ctx) {
  if (ctx.snapshot) return shop::data_quality(ctx);
  return data_quality_of_file(*ctx.input, ctx.options, ctx.as_of_day);
}

}  // namespace detail

}  // namespace cw::reports
