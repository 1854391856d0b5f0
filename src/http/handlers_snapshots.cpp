// /api/v1/snapshots: the dashboards' data (docs/api.md "Snapshots"). Money leaves as decimal
// strings next to `currency`, shares as fractions 0..1, dates as YYYY-MM-DD.
#include "http/handlers.hpp"
#include "reports/render.hpp"
#include "reports/snapshot_tables.hpp"
#include "snapshots/clv_figures.hpp"

namespace cw::http::handlers {
namespace {

constexpr std::int64_t kMaxPageSize = 1000;

Json nullable(const std::optional<double>& v) {
  return v ? Json(*v) : Json(nullptr);
}

Json summary_json(const snapshots::Summary& s) {
  return {{"id", s.id},
          {"as_of", format_day(s.as_of_day)},
          {"taken_at", format_timestamp(s.taken_at)},
          {"customers", s.customers}};
}

Json headline_json(const snapshots::Headline& h, const Money& money) {
  return {{"revenue", money(h.revenue)},
          {"orders", h.orders},
          {"customers", h.customers},
          {"aov", h.aov ? Json(money(*h.aov)) : Json(nullptr)},
          {"repeat_rate", nullable(h.repeat_rate)},
          {"abandonment_rate", nullable(h.abandonment_rate)}};
}

// {id} is a positive id or the word "latest"; anything else names no snapshot.
Result<snapshots::SnapshotRef> snapshot_ref(std::string_view segment) {
  if (segment == "latest") return snapshots::SnapshotRef{};
  if (auto id = parse_id(segment)) return snapshots::SnapshotRef{*id};
  return fail(reports::no_snapshot("snapshot " + std::string(segment) + " not found"));
}

Result<snapshots::Page> page_of(Query& query) {
  snapshots::Page page;
  page.page = query.integer("page", 1, 1'000'000'000).value_or(1);
  page.page_size = query.integer("page_size", 1, kMaxPageSize).value_or(50);
  if (query.error()) return fail(*query.error());
  return page;
}

Json page_json(const snapshots::Page& page, std::int64_t total, const Config& config) {
  return {{"total", total},
          {"page", page.page},
          {"page_size", page.page_size},
          {"currency", config.currency},
          {"items", Json::array()}};
}

// Who a customer row is, and its monetary: the fields both customer lists share.
template <typename Row>
Json person_json(const Row& row, std::string monetary) {
  return {{"customer_id", row.customer_id},
          {"first_name", row.first_name},
          {"last_name", row.last_name},
          {"email", row.email},
          {"monetary", std::move(monetary)}};
}

// "At risk" -> "at-risk": the segment part of a download's file name.
std::string file_slug(const std::string& name) {
  std::string slug;
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (keep)
      slug += c;
    else if (!slug.empty() && slug.back() != '-')
      slug += '-';
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug.empty() ? "segment" : slug;
}

// format=csv: the rows of `cartwise export segment` for the snapshot's as-of date, all of them.
Result<Reply> segment_csv(Services& services, snapshots::SnapshotRef ref, Query& query) {
  const auto segment = query.text("segment");
  if (!segment || segment->empty())
    return fail(Error::bad_request(
        "missing_parameter", "format=csv exports one segment: segment is required.", "segment"));
  if (query.text("activity"))
    return fail(Error::bad_request("invalid_parameter",
                                   "format=csv exports a whole segment; activity does not apply.",
                                   "activity"));
  const auto external_ref = query.text("external_ref");
  if (external_ref && *external_ref != "true" && *external_ref != "false")
    return fail(Error::bad_request("invalid_parameter", "external_ref must be true or false.",
                                   "external_ref"));
  CW_ASSIGN_OR_RETURN(auto rows,
                      services.snapshots.segment_export(ref, *segment, external_ref == "true"));
  Reply reply;
  reply.stored_body = reports::render(rows.table, reports::Format::kCsv);
  reply.content_type = "text/csv";
  reply.headers.emplace_back("Content-Disposition",
                             "attachment; filename=\"" + file_slug(rows.segment) + "-" +
                                 format_day(rows.table.as_of_day) + ".csv\"");
  return reply;
}

}  // namespace

Result<Reply> list_snapshots(Services& services, const Call&) {
  Json items = Json::array();
  for (const auto& s : services.snapshots.list()) items.push_back(summary_json(s));
  return Reply{200, {{"items", std::move(items)}}};
}

Result<Reply> take_snapshot(Services& services, const Call& call) {
  std::optional<std::int32_t> as_of;
  if (!call.request.body.empty()) {
    CW_ASSIGN_OR_RETURN(auto body, parse_object(call.request.body));
    Fields fields(body);
    const auto date = fields.optional_date("as_of");
    if (fields.error()) return fail(*fields.error());
    if (date) as_of = static_cast<std::int32_t>(day_number(*date));
  }
  CW_ASSIGN_OR_RETURN(auto taken, services.snapshots.take(as_of, &services.analytics_cache));
  services.warmup.nudge();  // the dashboards move to the new as-of date
  return Reply{201, summary_json(taken)};
}

Result<Reply> get_snapshot(Services& services, const Call& call) {
  CW_ASSIGN_OR_RETURN(auto ref, snapshot_ref(call.path_params[0]));
  CW_ASSIGN_OR_RETURN(auto d, services.snapshots.detail(ref));
  const Money money{services.config};
  Json body = summary_json(d.summary);
  body.erase("customers");
  body["currency"] = d.currency;
  body["headline"] = headline_json(d.headline, money);
  body["previous"] = nullptr;
  if (d.previous)
    body["previous"] = {{"id", d.previous->id},
                        {"as_of", format_day(d.previous->as_of_day)},
                        {"headline", headline_json(*d.previous_headline, money)}};
  Json segments = Json::array();
  for (const auto& s : d.segments)
    segments.push_back({{"segment", s.segment},
                        {"customers", s.customers},
                        {"revenue", money(s.revenue)},
                        {"revenue_share", nullable(s.revenue_share)}});
  body["segments"] = std::move(segments);
  static constexpr const char* kClasses[] = {"active", "cooling", "inactive", "dormant"};
  Json activity = Json::array();
  for (int k = 0; k < 4; ++k)
    activity.push_back({{"class", kClasses[k]}, {"customers", d.activity[k]}});
  body["activity"] = std::move(activity);
  Json grid = Json::array();
  for (const auto& cell : d.grid)
    grid.push_back({{"r", cell.r},
                    {"f", cell.f},
                    {"customers", cell.customers},
                    {"revenue", money(cell.revenue)}});
  body["rfm_grid"] = std::move(grid);
  body["top_tier"] = {{"customers", d.top_tier_customers},
                      {"revenue_share", nullable(d.top_tier_revenue_share)}};
  body["clv_fitted"] = d.clv_fitted;
  return Reply{200, std::move(body)};
}

Result<Reply> snapshot_customers(Services& services, const Call& call) {
  CW_ASSIGN_OR_RETURN(auto ref, snapshot_ref(call.path_params[0]));
  Query query(call.request);
  const auto format = query.text("format").value_or("json");
  if (format == "csv") return segment_csv(services, ref, query);
  if (format != "json")
    return fail(Error::bad_request("invalid_parameter", "format must be json or csv.", "format"));
  const auto sort = query.text("sort").value_or("monetary");
  if (sort != "monetary" && sort != "clv")
    return fail(Error::bad_request("invalid_parameter", "sort must be monetary or clv.", "sort"));
  CW_ASSIGN_OR_RETURN(auto page, page_of(query));
  using Order = snapshots::Snapshots::CustomerOrder;
  CW_ASSIGN_OR_RETURN(auto found,
                      services.snapshots.customers(ref, query.text("segment").value_or(""),
                                                   query.text("activity").value_or(""), page,
                                                   sort == "clv" ? Order::kClv : Order::kMonetary));
  const Money money{services.config};
  Json body = page_json(page, found.total, services.config);
  for (const auto& row : found.items) {
    Json item = person_json(row, money(row.monetary));
    item.update({{"recency_days", row.recency_days},
                 {"frequency", row.frequency},
                 {"r", row.r},
                 {"f", row.f},
                 {"m", row.m},
                 {"segment", row.segment},
                 {"activity", snapshots::activity_name(row.activity)},
                 {"clv", row.clv ? Json(money(*row.clv)) : Json(nullptr)}});
    body["items"].push_back(std::move(item));
  }
  return Reply{200, std::move(body)};
}

Result<Reply> snapshot_clv(Services& services, const Call& call) {
  CW_ASSIGN_OR_RETURN(auto ref, snapshot_ref(call.path_params[0]));
  reports::ReportOptions options;
  options.currency = services.config.currency;
  options.currency_decimals = services.config.currency_decimals;
  CW_ASSIGN_OR_RETURN(
      auto d,
      snapshots::clv_distribution(
          services.db, ref, snapshots::default_clv_edges(options.currency_decimals), options));
  const Money money{services.config};
  Json body = summary_json(d.summary);
  body["currency"] = services.config.currency;
  body["clv_fitted"] = d.clv_fitted;
  body["customers_with_clv"] = d.customers_with_clv;
  body["total_clv"] = money(d.total_clv);
  Json buckets = Json::array();
  for (const auto& b : d.buckets)
    buckets.push_back({{"from", money(b.from)},
                       {"to", b.to ? Json(money(*b.to)) : Json(nullptr)},
                       {"customers", b.customers},
                       {"clv", money(b.clv)},
                       {"monetary", money(b.monetary)}});
  body["buckets"] = std::move(buckets);
  Json points = Json::array();
  for (const auto& p : d.points)
    points.push_back({{"customer_id", p.customer_id},
                      {"recency_days", p.recency_days},
                      {"p_alive", p.p_alive},
                      {"clv", money(p.clv)}});
  body["points"] = std::move(points);
  const auto table = [](const std::optional<reports::Table>& t) {
    return t ? Json::parse(reports::render(*t, reports::Format::kJson)) : Json(nullptr);
  };
  body["model"] = table(d.model);
  body["holdout"] = table(d.holdout);
  return Reply{200, std::move(body)};
}

Result<Reply> migration_customers(Services& services, const Call& call) {
  Query query(call.request);
  const auto max_id = std::numeric_limits<std::int64_t>::max();
  const auto from = query.integer("from", 1, max_id);
  const auto to = query.integer("to", 1, max_id);
  CW_ASSIGN_OR_RETURN(auto page, page_of(query));
  CW_ASSIGN_OR_RETURN(auto moved, services.snapshots.worse({from}, {to}, page));
  const Money money{services.config};
  Json body = page_json(page, moved.total, services.config);
  body["from"] = moved.from;
  body["to"] = moved.to;
  for (const auto& row : moved.items) {
    Json item = person_json(row, money(row.monetary));
    item.update({{"from_segment", row.from_segment}, {"to_segment", row.to_segment}});
    body["items"].push_back(std::move(item));
  }
  return Reply{200, std::move(body)};
}

}  // namespace cw::http::handlers
