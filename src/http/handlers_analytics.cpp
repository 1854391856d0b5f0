// GET /api/v1/analytics/{report} (analyst or admin): every report of the engine as JSON, with the
// CLI's options as query parameters (--foo-bar is foo_bar); `page` / `page_size` cut the rows to
// one page (the whole-table reports have a million rows on a large shop).
#include "http/fields.hpp"
#include "http/handlers.hpp"
#include "reports/options.hpp"
#include "reports/render.hpp"
#include "reports/shop.hpp"

namespace cw::http::handlers {
namespace {

constexpr std::int64_t kMaxPageSize = 1000;  // as the snapshot's customer pages

// The page asked for; nullopt when neither `page` nor `page_size` was given (the whole table).
Result<std::optional<reports::JsonPage>> page_of(const Request& request) {
  if (!request.params.contains("page") && !request.params.contains("page_size"))
    return std::optional<reports::JsonPage>();
  Query query(request);
  reports::JsonPage page;
  page.page = query.integer("page", 1, 1'000'000'000).value_or(1);
  page.page_size = query.integer("page_size", 1, kMaxPageSize).value_or(50);
  if (query.error()) return fail(*query.error());
  return std::optional(page);
}

}  // namespace

Result<Reply> analytics_report(Services& services, const Call& call) {
  reports::ReportOptions options;
  options.currency = services.config.currency;
  options.currency_decimals = services.config.currency_decimals;
  for (const auto& [name, value] : call.request.params) {
    if (name == "page" || name == "page_size") continue;
    CW_TRY(reports::set_report_option(options, name, value));
  }
  CW_ASSIGN_OR_RETURN(const auto page, page_of(call.request));
  const std::string name(call.path_params[0]);
  CW_ASSIGN_OR_RETURN(const reports::Table table,
                      reports::run_report(name, services.analytics, options, services.clock,
                                          &services.analytics_cache));
  Reply reply;
  reply.stored_body = page ? reports::render_json_page(table, *page)
                           : reports::render(table, reports::Format::kJson);
  reply.content_type = "application/json";
  return reply;
}

}  // namespace cw::http::handlers
