// The lifetime-value offer plan over HTTP (the dashboards' plan and its "create the coupons"
// button): the API face of `cartwise offers plan [--create-coupons]`.
#include <map>

#include "core/money.hpp"
#include "http/fields.hpp"
#include "http/handlers.hpp"
#include "offers/offers.hpp"
#include "reports/options.hpp"
#include "reports/render.hpp"

namespace cw::http::handlers {
namespace {

// The plan's own inputs; every other parameter is a report option of the clv model (as_of,
// segment, time_unit, horizon, margin, discount_rate).
struct PlanRequest {
  reports::ReportOptions report;
  offers::PlanOptions plan;
};

Result<PlanRequest> plan_request(const std::map<std::string, std::string>& params,
                                 const Config& config) {
  PlanRequest request;
  request.report.currency = config.currency;
  request.report.currency_decimals = config.currency_decimals;
  request.plan.alive_threshold = config.offers_alive_threshold;
  request.plan.currency_decimals = config.currency_decimals;
  bool has_budget = false;
  for (const auto& [name, value] : params) {
    if (name == "budget") {
      auto budget = parse_money(value, config.currency_decimals);
      if (!budget || *budget < 0) {
        return fail(Error::bad_request(
            "invalid_option", "budget must be a non-negative amount such as 500.00", "budget"));
      }
      request.plan.budget = *budget;
      has_budget = true;
    } else if (name == "ladder") {
      CW_ASSIGN_OR_RETURN(request.plan.ladder, offers::parse_ladder(value));
    } else if (name == "alive_threshold") {
      try {
        std::size_t used = 0;
        request.plan.alive_threshold = std::stod(value, &used);
        if (used != value.size()) throw std::invalid_argument(value);
      } catch (const std::exception&) {
        return fail(Error::bad_request("invalid_option", "alive_threshold must be a number",
                                       "alive_threshold"));
      }
    } else {
      CW_TRY(reports::set_report_option(request.report, name, value));
    }
  }
  if (!has_budget) {
    return fail(
        Error::bad_request("missing_parameter", "budget is required, e.g. 500.00", "budget"));
  }
  return request;
}

// The candidates come from the server's cache: the dashboard asks for the plan again with other
// budgets and ladders, and only a data change or other model options need a new fit.
Result<offers::Plan> make_plan(Services& services, const PlanRequest& request) {
  CW_ASSIGN_OR_RETURN(const auto candidates,
                      services.offer_candidates.get(services.analytics, request.report,
                                                    services.clock, &services.analytics_cache));
  return offers::plan_offers(*candidates, request.plan);
}

// A report table as the analytics endpoints answer it: {report, as_of, currency, columns, rows}.
Json table_json(const reports::Table& table) {
  return Json::parse(reports::render(table, reports::Format::kJson));
}

}  // namespace

Result<Reply> offer_plan(Services& services, const Call& call) {
  std::map<std::string, std::string> params;
  for (const auto& [name, value] : call.request.params) params[name] = value;
  CW_ASSIGN_OR_RETURN(const PlanRequest request, plan_request(params, services.config));
  CW_ASSIGN_OR_RETURN(const offers::Plan plan, make_plan(services, request));
  const int decimals = services.config.currency_decimals;
  Json body = table_json(offers::plan_table(plan, request.report));
  body["budget"] = format_money(request.plan.budget, decimals);
  body["expected_cost"] = format_money(plan.expected_cost, decimals);
  body["customers"] = plan.customers;
  body["eligible"] = plan.eligible;
  body["over_budget"] = plan.over_budget;
  return Reply{200, std::move(body)};
}

Result<Reply> create_offer_coupons(Services& services, const Call& call) {
  if (call.principal->role != customers::Role::kAdmin) {
    return fail(Error::forbidden("Only an admin may issue the plan's coupons."));
  }
  CW_ASSIGN_OR_RETURN(auto body, parse_object(call.request.body));
  Fields fields(body);
  const std::string campaign = fields.text("campaign");
  const int valid_days = static_cast<int>(fields.optional_integer("valid_days").value_or(30));
  std::map<std::string, std::string> params;
  params["budget"] = fields.text("budget");
  for (const char* key : {"ladder", "segment", "as_of", "time_unit"}) {
    if (auto text = fields.optional_text(key)) params[key] = *text;
  }
  if (fields.error()) return fail(*fields.error());
  CW_ASSIGN_OR_RETURN(const PlanRequest request, plan_request(params, services.config));
  CW_ASSIGN_OR_RETURN(const offers::Plan plan, make_plan(services, request));
  CW_ASSIGN_OR_RETURN(const auto batch, offers::issue_coupons(services.db, plan.offers,
                                                              {.campaign = campaign,
                                                               .valid_days = valid_days,
                                                               .now = services.clock.now()}));
  std::size_t reused = 0;
  for (const auto& coupon : batch.coupons) reused += coupon.reused;
  Json reply = table_json(offers::coupon_table(batch, request.report));
  reply["campaign_id"] = batch.campaign_id;
  reply["campaign_created"] = batch.campaign_created;
  reply["created"] = batch.coupons.size() - reused;
  reply["reused"] = reused;
  return Reply{201, std::move(reply)};
}

}  // namespace cw::http::handlers
