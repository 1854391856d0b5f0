// The shop path: dispatch by report name on the live database, the "all registered" line of
// retention, and `export segment`.
#include <cstdio>

#include "reports/clv_reports.hpp"
#include "reports/shop_helpers.hpp"

namespace cw::reports {
namespace {

using ShopFn = Result<Table> (*)(const shop::ShopContext&);

struct ShopEntry {
  const char* name;
  ShopFn fn;
};

constexpr ShopEntry kShopReports[] = {
    {"visitors-without-orders", shop::visitors_without_orders},
    {"abandonment", shop::abandonment},
    {"campaigns", shop::campaigns},
    {"coupons", shop::coupons},
    {"overstock", shop::overstock},
    {"loyalty", shop::loyalty},
    {"categories", shop::categories},
    {"data-quality", shop::data_quality},
    {"recommendations", shop::recommendations},
    {"segment-migration", shop::segment_migration},
};

Result<std::shared_ptr<const Dataset>> facts_for(db::Database& db, const LoadOptions& load,
                                                 DatasetCache* cache) {
  if (cache) return cache->get(db, load);
  auto data = load_dataset(db, load);
  if (!data) return fail(data.error());
  return std::make_shared<const Dataset>(std::move(*data));
}

// Repeat rate against all registered customers (docs/analytics.md "retention"): one more row under
// "all".
void add_registered_row(db::Database& db, std::int32_t as_of_day, Table& t) {
  auto c = db.lease();
  const std::int64_t registered = c->scalar("SELECT count(*) FROM customers WHERE created_at < ?",
                                            (std::int64_t{as_of_day} + 1) * shop::kDaySeconds)
                                      .value_or(0);
  const std::size_t last = t.rows() - 1;
  const std::int64_t repeaters = t.columns[2].int_at(last);
  t.columns[0].push_text("all registered");
  t.columns[1].push_int(registered);
  t.columns[2].push_int(repeaters);
  detail::push_share(t.columns[3], static_cast<double>(repeaters), static_cast<double>(registered));
  for (std::size_t k = 4; k < t.columns.size(); ++k) t.columns[k].push_null();
}

}  // namespace

namespace shop {
std::string date_text(std::int32_t day) {
  const Civil c = civil_of(day);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.year, c.month, c.day);
  return buf;
}

Result<std::string> find_segment(const SegmentMap& map, const std::string& name) {
  std::string known;
  for (const std::string& candidate : map.names()) {
    if (segment_key(candidate) == segment_key(name)) return candidate;
    known += (known.empty() ? "" : ", ") + candidate;
  }
  return fail(Error::bad_request("unknown_segment",
                                 "unknown segment '" + name + "' (expected one of " + known + ")",
                                 "segment"));
}
}  // namespace shop

const std::vector<std::string>& shop_report_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v = report_names();
    for (const ShopEntry& e : kShopReports) v.emplace_back(e.name);
    return v;
  }();
  return names;
}

Result<Table> run_report(const std::string& name, db::Database& db, const ReportOptions& options,
                         DatasetCache* cache) {
  ReportOptions resolved = options;
  const std::int32_t as_of_day = options.as_of_day.value_or(today_utc());
  resolved.as_of_day = as_of_day;
  for (const ShopEntry& e : kShopReports) {
    if (name != e.name) continue;
    auto lease = db.lease();
    db::Transaction snapshot(*lease, db::TxMode::kRead);
    const shop::ShopContext ctx{*lease, resolved, as_of_day, [&] {
                                  return facts_for(db, LoadOptions{as_of_day, false}, cache);
                                }};
    auto table = e.fn(ctx);
    snapshot.commit();
    return table;
  }
  auto orders = needs_orders(name, resolved);
  if (!orders) return fail(orders.error());
  const std::int32_t through = orders_through_day(name, resolved, as_of_day);
  auto data = facts_for(db, LoadOptions{through, *orders}, cache);
  if (!data) return fail(data.error());
  auto table = run_report(name, **data, resolved);
  if (table && name == "retention") add_registered_row(db, as_of_day, *table);
  return table;
}

std::string segment_key(std::string_view name) {
  std::string key;
  for (char c : name) {
    if (c == ' ' || c == '-' || c == '_') continue;
    key += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return key;
}

SegmentExport::SegmentExport(std::string segment, std::int32_t as_of_day,
                             const ReportOptions& options)
    : segment_(std::move(segment)) {
  table_.report = "export-segment";
  table_.as_of_day = as_of_day;
  table_.currency = options.currency;
  table_.currency_decimals = options.currency_decimals;
  table_.add("customer_id", ColumnType::kInteger);
  table_.add("first_name", ColumnType::kText);
  table_.add("last_name", ColumnType::kText);
  table_.add("email", ColumnType::kText);
  table_.add("recency_days", ColumnType::kInteger);
  table_.add("frequency", ColumnType::kInteger);
  table_.add("monetary", ColumnType::kMoney);
  table_.add("r", ColumnType::kInteger);
  table_.add("f", ColumnType::kInteger);
  table_.add("m", ColumnType::kInteger);
  table_.add("segment", ColumnType::kText);
}

void SegmentExport::add(std::int64_t customer_id, std::string_view first_name,
                        std::string_view last_name, std::string_view email,
                        std::int64_t recency_days, std::int64_t frequency, Minor monetary, int r,
                        int f, int m) {
  auto& c = table_.columns;
  c[0].push_int(customer_id);
  c[1].push_text(first_name);
  c[2].push_text(last_name);
  c[3].push_text(email);
  c[4].push_int(recency_days);
  c[5].push_int(frequency);
  c[6].push_int(monetary);
  c[7].push_int(r);
  c[8].push_int(f);
  c[9].push_int(m);
  c[10].push_text(segment_);
}

Result<Table> export_segment(db::Database& db, const std::string& segment,
                             const ReportOptions& options, DatasetCache* cache) {
  const SegmentMap& map = options.segments;
  auto found = shop::find_segment(map, segment);
  if (!found) return fail(found.error());
  const std::string& name = *found;
  const std::int32_t as_of_day = options.as_of_day.value_or(today_utc());
  auto data = facts_for(db, LoadOptions{as_of_day, false}, cache);
  if (!data) return fail(data.error());
  const CustomerFacts& f = (*data)->facts;
  const RfmScores s = compute_rfm(f, as_of_day);
  SegmentExport out(name, as_of_day, options);
  auto c = db.lease();
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (map.at(s.r[i], s.f[i]) != name) continue;
    auto who = c->query("SELECT first_name, last_name, email FROM customers WHERE id = ?",
                        f.customer_id[i]);
    const bool known = who.next();
    out.add(f.customer_id[i], known ? who.text(0) : "", known ? who.text(1) : "",
            known ? who.opt_text(2).value_or("") : "", s.recency_days[i], f.orders[i], f.revenue[i],
            s.r[i], s.f[i], s.m[i]);
  }
  return out.take();
}

}  // namespace cw::reports
