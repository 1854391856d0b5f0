// GET /api/v1/analytics/{report} (analyst or admin): every report of the engine as JSON, with the
// CLI's options as query parameters (--foo-bar is foo_bar).
#include "http/handlers.hpp"
#include "reports/options.hpp"
#include "reports/render.hpp"
#include "reports/shop.hpp"

namespace cw::http::handlers {

Result<Reply> analytics_report(Services& services, const Call& call) {
  reports::ReportOptions options;
  options.currency = services.config.currency;
  options.currency_decimals = services.config.currency_decimals;
  for (const auto& [name, value] : call.request.params) {
    CW_TRY(reports::set_report_option(options, name, value));
  }
  const std::string name(call.path_params[0]);
  CW_ASSIGN_OR_RETURN(const reports::Table table,
                      reports::run_report(name, services.analytics, options, services.clock,
                                          &services.analytics_cache));
  Reply reply;
  reply.stored_body = reports::render(table, reports::Format::kJson);
  reply.content_type = "application/json";
  return reply;
}

}  // namespace cw::http::handlers
