// Reading snapshots: the list, one snapshot's figures, its customers, and who got worse.
#include <algorithm>

#include "reports/snapshot_tables.hpp"
#include "snapshots/clv_figures.hpp"
#include "snapshots/snapshots.hpp"

namespace cw::snapshots {
namespace {

constexpr const char* kSummaryColumns = "id, as_of_day, taken_at, customers";

Summary summary_of(db::Rows& rows) {
  return Summary{rows.integer(0), static_cast<std::int32_t>(rows.integer(1)),
                 from_unix(rows.integer(2)), rows.integer(3)};
}

// The snapshot `ref` names (the latest when it names none): 404 "no_snapshot" otherwise.
Result<Id> resolve(db::Connection& c, SnapshotRef ref) {
  if (ref.id) {
    if (!c.scalar("SELECT 1 FROM snapshots WHERE id = ?", *ref.id))
      return fail(reports::no_snapshot("snapshot " + std::to_string(*ref.id) + " not found"));
    return *ref.id;
  }
  const auto latest = reports::latest_snapshot_ids(c, 1);
  if (latest.empty())
    return fail(reports::no_snapshot("no snapshot yet (take one with 'cartwise snapshot take')"));
  return latest[0];
}

Headline headline_of(db::Connection& c, Id id) {
  auto rows = c.query(
      "SELECT revenue, orders, customers, aov, repeat_rate, abandonment_rate FROM snapshots "
      "WHERE id = ?",
      id);
  rows.next();
  Headline h;
  h.revenue = rows.integer(0);
  h.orders = rows.integer(1);
  h.customers = rows.integer(2);
  h.aov = rows.opt_integer(3);
  if (!rows.is_null(4)) h.repeat_rate = rows.real(4);
  if (!rows.is_null(5)) h.abandonment_rate = rows.real(5);
  return h;
}

// The snapshot's segment names by code.
std::vector<std::string> segment_names(db::Connection& c, Id id) {
  std::vector<std::string> names;
  auto rows = c.query("SELECT name FROM snapshot_segments WHERE snapshot_id = ? ORDER BY code", id);
  while (rows.next()) names.push_back(rows.text(0));
  return names;
}

// The activity codes a filter matches: [low, high]. "inactive" includes dormant customers.
Result<std::pair<int, int>> activity_range(const std::string& activity) {
  if (activity.empty()) return std::pair{0, 3};
  if (activity == "active") return std::pair{0, 0};
  if (activity == "cooling") return std::pair{1, 1};
  if (activity == "inactive") return std::pair{2, 3};
  if (activity == "dormant") return std::pair{3, 3};
  return fail(Error::bad_request("invalid_parameter",
                                 "activity must be one of active, cooling, inactive, dormant",
                                 "activity"));
}

struct Person {
  std::string first_name, last_name, email;
};

Person person(db::Connection& c, Id customer_id) {
  auto who =
      c.query("SELECT first_name, last_name, email FROM customers WHERE id = ?", customer_id);
  if (!who.next()) return {};
  return {who.text(0), who.text(1), who.opt_text(2).value_or("")};
}

}  // namespace

Result<Id> detail::resolve_snapshot(db::Connection& c, SnapshotRef ref) {
  return resolve(c, ref);
}

std::string_view activity_name(Activity activity) {
  switch (activity) {
    case Activity::kActive:
      return "active";
    case Activity::kCooling:
      return "cooling";
    case Activity::kInactive:
      return "inactive";
    case Activity::kDormant:
      return "dormant";
  }
  return "inactive";
}

std::optional<int> segment_rank(std::string_view segment) {
  static constexpr const char* kRank[] = {
      "Champions",      "Loyal",          "Potential loyalist", "New",     "Promising",
      "Need attention", "About to sleep", "Cannot lose",        "At risk", "Hibernating"};
  for (int k = 0; k < static_cast<int>(std::size(kRank)); ++k)
    if (segment == kRank[k]) return k + 1;
  return std::nullopt;
}

Snapshots::Snapshots(db::Database& db, const Config& config, const Clock& clock,
                     db::Database* analytics)
    : db_(db), reads_(analytics ? *analytics : db), config_(config), clock_(clock) {}

std::vector<Summary> Snapshots::list() {
  auto c = db_.lease();
  std::vector<Summary> out;
  auto rows = c->query(std::string("SELECT ") + kSummaryColumns +
                       " FROM snapshots ORDER BY as_of_day DESC, id DESC");
  while (rows.next()) out.push_back(summary_of(rows));
  return out;
}

std::optional<std::int32_t> Snapshots::latest_as_of_day() {
  auto c = db_.lease();
  const auto day = c->scalar("SELECT max(as_of_day) FROM snapshots");
  if (!day) return std::nullopt;
  return static_cast<std::int32_t>(*day);
}

Result<Detail> Snapshots::detail(SnapshotRef ref) {
  auto c = db_.lease();
  db::Transaction read(*c, db::TxMode::kRead);
  CW_ASSIGN_OR_RETURN(auto id, resolve(*c, ref));
  Detail d;
  {
    auto rows = c->query(std::string("SELECT ") + kSummaryColumns +
                             ", currency, active, cooling, inactive, dormant, top_tier_customers, "
                             "top_tier_revenue_share, clv_fitted FROM snapshots WHERE id = ?",
                         id);
    rows.next();
    d.summary = summary_of(rows);
    d.currency = rows.text(4);
    for (int k = 0; k < 4; ++k) d.activity[k] = rows.integer(5 + k);
    d.top_tier_customers = rows.integer(9);
    if (!rows.is_null(10)) d.top_tier_revenue_share = rows.real(10);
    d.clv_fitted = rows.integer(11) != 0;
  }
  d.headline = headline_of(*c, id);
  if (const auto previous = reports::previous_snapshot_id(*c, id)) {
    auto rows = c->query(std::string("SELECT ") + kSummaryColumns + " FROM snapshots WHERE id = ?",
                         *previous);
    rows.next();
    d.previous = summary_of(rows);
    d.previous_headline = headline_of(*c, *previous);
  }
  const std::vector<std::string> names = segment_names(*c, id);
  d.segments.resize(names.size());
  for (std::size_t k = 0; k < names.size(); ++k) d.segments[k].segment = names[k];
  auto cells = c->query(
      "SELECT r, f, segment, customers, revenue FROM snapshot_cells WHERE snapshot_id = ? "
      "ORDER BY r DESC, f DESC",
      id);
  while (cells.next()) {
    const GridCell cell{static_cast<int>(cells.integer(0)), static_cast<int>(cells.integer(1)),
                        cells.integer(3), cells.integer(4)};
    d.grid.push_back(cell);
    SegmentFigure& s = d.segments.at(static_cast<std::size_t>(cells.integer(2)));
    s.customers += cell.customers;
    s.revenue += cell.revenue;
  }
  for (SegmentFigure& s : d.segments)
    if (d.headline.revenue != 0)
      s.revenue_share = static_cast<double>(s.revenue) / static_cast<double>(d.headline.revenue);
  read.commit();
  return d;
}

Result<CustomerPage> Snapshots::customers(SnapshotRef ref, const std::string& segment,
                                          const std::string& activity, Page page,
                                          CustomerOrder order) {
  CW_ASSIGN_OR_RETURN(auto range, activity_range(activity));
  auto c = db_.lease();
  db::Transaction read(*c, db::TxMode::kRead);
  CW_ASSIGN_OR_RETURN(auto id, resolve(*c, ref));
  const std::vector<std::string> names = segment_names(*c, id);
  std::optional<std::int64_t> code;
  if (!segment.empty()) {
    CW_ASSIGN_OR_RETURN(auto found, reports::match_segment(names, segment));
    code = static_cast<std::int64_t>(found);
  }
  static constexpr const char* kWhere =
      " WHERE snapshot_id = ? AND (CAST(? AS BIGINT) IS NULL OR segment = ?) AND activity BETWEEN "
      "? AND ?";
  // Null CLVs last on both databases (PostgreSQL puts them first in a descending order).
  const auto order_by = [order](const std::string& p) {
    return order == CustomerOrder::kClv ? p + "clv IS NULL, " + p + "clv DESC, " + p + "customer_id"
                                        : p + "monetary DESC, " + p + "customer_id";
  };
  CustomerPage out;
  out.total = *c->scalar(std::string("SELECT count(*) FROM snapshot_customers") + kWhere, id, code,
                         code, range.first, range.second);
  auto rows = c->query(
      std::string("SELECT s.customer_id, c.first_name, c.last_name, c.email, s.recency_days, "
                  "s.frequency, s.monetary, s.r, s.f, s.m, s.segment, s.activity, s.clv "
                  "FROM (SELECT * FROM snapshot_customers") +
          kWhere + " ORDER BY " + order_by("") +
          " LIMIT ? OFFSET ?) s "
          "LEFT JOIN customers c ON c.id = s.customer_id ORDER BY " +
          order_by("s."),
      id, code, code, range.first, range.second, page.page_size, (page.page - 1) * page.page_size);
  while (rows.next()) {
    CustomerRow row;
    row.customer_id = rows.integer(0);
    row.first_name = rows.opt_text(1).value_or("");
    row.last_name = rows.opt_text(2).value_or("");
    row.email = rows.opt_text(3).value_or("");
    row.recency_days = static_cast<std::int32_t>(rows.integer(4));
    row.frequency = rows.integer(5);
    row.monetary = rows.integer(6);
    row.r = static_cast<int>(rows.integer(7));
    row.f = static_cast<int>(rows.integer(8));
    row.m = static_cast<int>(rows.integer(9));
    row.segment = names.at(static_cast<std::size_t>(rows.integer(10)));
    row.activity = static_cast<Activity>(rows.integer(11));
    row.clv = rows.opt_integer(12);
    out.items.push_back(std::move(row));
  }
  read.commit();
  return out;
}

Result<Snapshots::SegmentRows> Snapshots::segment_export(SnapshotRef ref,
                                                         const std::string& segment,
                                                         bool with_external_ref) {
  auto c = db_.lease();
  db::Transaction read(*c, db::TxMode::kRead);
  CW_ASSIGN_OR_RETURN(auto id, resolve(*c, ref));
  const std::vector<std::string> names = segment_names(*c, id);
  CW_ASSIGN_OR_RETURN(auto code, reports::match_segment(names, segment));
  const auto as_of_day =
      static_cast<std::int32_t>(*c->scalar("SELECT as_of_day FROM snapshots WHERE id = ?", id));
  reports::ReportOptions options;
  options.currency = config_.currency;
  options.currency_decimals = config_.currency_decimals;
  options.external_ref = with_external_ref;
  reports::SegmentExport out(names[code], as_of_day, options);
  auto rows = c->query(
      "SELECT s.customer_id, c.external_ref, c.first_name, c.last_name, c.email, "
      "s.recency_days, s.frequency, s.monetary, s.r, s.f, s.m FROM snapshot_customers s "
      "LEFT JOIN customers c ON c.id = s.customer_id "
      "WHERE s.snapshot_id = ? AND s.segment = ? ORDER BY s.customer_id",
      id, code);
  while (rows.next()) {
    const auto text = [&](int column) { return rows.opt_text(column).value_or(""); };
    const std::string external_ref = text(1), first_name = text(2), last_name = text(3),
                      email = text(4);
    out.add({rows.integer(0), external_ref, first_name, last_name, email}, rows.integer(5),
            rows.integer(6), rows.integer(7), static_cast<int>(rows.integer(8)),
            static_cast<int>(rows.integer(9)), static_cast<int>(rows.integer(10)));
  }
  read.commit();
  return SegmentRows{names[code], out.take()};
}

Result<MovedPage> Snapshots::worse(SnapshotRef from, SnapshotRef to, Page page) {
  auto c = db_.lease();
  db::Transaction read(*c, db::TxMode::kRead);
  CW_ASSIGN_OR_RETURN(auto pair, reports::migration_pair(*c, from.id, to.id));
  CW_ASSIGN_OR_RETURN(auto before, reports::read_snapshot_segments(*c, pair.from));
  CW_ASSIGN_OR_RETURN(auto after, reports::read_snapshot_segments(*c, pair.to));
  const auto ranks = [](const std::vector<std::string>& names) {
    std::vector<std::optional<int>> out;
    for (const auto& name : names) out.push_back(segment_rank(name));
    return out;
  };
  const auto rank_before = ranks(before.names), rank_after = ranks(after.names);
  struct Move {
    std::size_t before_row, after_row;
  };
  std::vector<Move> moves;
  std::size_t j = 0;
  for (std::size_t i = 0; i < after.customer_id.size(); ++i) {
    while (j < before.customer_id.size() && before.customer_id[j] < after.customer_id[i]) ++j;
    if (j == before.customer_id.size() || before.customer_id[j] != after.customer_id[i]) continue;
    const auto& was = rank_before[before.segment[j]];
    const auto& now = rank_after[after.segment[i]];
    if (was && now && *now > *was) moves.push_back({j, i});
  }
  std::sort(moves.begin(), moves.end(), [&](const Move& a, const Move& b) {
    const Minor ma = after.monetary[a.after_row], mb = after.monetary[b.after_row];
    return ma != mb ? ma > mb : a.after_row < b.after_row;  // rows are in id order
  });
  MovedPage out;
  out.from = pair.from;
  out.to = pair.to;
  out.total = static_cast<std::int64_t>(moves.size());
  const auto first =
      static_cast<std::size_t>(std::min<std::int64_t>((page.page - 1) * page.page_size, out.total));
  const auto last =
      static_cast<std::size_t>(std::min<std::int64_t>(first + page.page_size, out.total));
  for (std::size_t k = first; k < last; ++k) {
    const Move& move = moves[k];
    const Id customer = after.customer_id[move.after_row];
    Person p = person(*c, customer);
    out.items.push_back({customer, std::move(p.first_name), std::move(p.last_name),
                         std::move(p.email), before.names[before.segment[move.before_row]],
                         after.names[after.segment[move.after_row]],
                         after.monetary[move.after_row]});
  }
  read.commit();
  return out;
}

}  // namespace cw::snapshots
