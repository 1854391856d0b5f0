// The route table: every route the API answers, with who may call it. The OpenAPI document must
// list each route under /api/ and /healthz (tests/http checks it against this table); the web
// application's catch-all is not part of the API.
#include "http/handlers.hpp"
#include "http/server.hpp"

namespace cw::http {

const std::vector<Route>& route_table() {
  using enum Access;
  namespace h = handlers;
  static const std::vector<Route> routes = {
      {"GET", "/healthz", kPublic, h::health, Runs::kIoThread},
      {"GET", "/api/v1/openapi.json", kPublic, h::openapi, Runs::kIoThread},
      {"POST", "/api/v1/customers", kPublic, h::register_customer},
      {"GET", "/api/v1/customers", kMarketing, h::find_customers},
      {"POST", "/api/v1/sessions", kPublic, h::login},
      {"DELETE", "/api/v1/sessions", kAuthenticated, h::logout},
      {"GET", "/api/v1/me", kCustomer, h::get_me},
      {"PATCH", "/api/v1/me", kCustomer, h::update_me},
      {"GET", "/api/v1/me/orders", kCustomer, h::my_orders},
      {"GET", "/api/v1/me/rewards", kCustomer, h::my_rewards},
      // A customer's valid token adds reward_percent_off; without one no auth work is done.
      {"GET", "/api/v1/products", kViewer, h::search_products, Runs::kWorker,
       h::search_products_now},
      {"GET", "/api/v1/products/{id}", kViewer, h::get_product},
      {"GET", "/api/v1/categories", kPublic, h::list_categories},
      {"POST", "/api/v1/orders", kCustomer, h::place_order, Runs::kWorker, h::place_order_later},
      {"GET", "/api/v1/orders/{id}", kAuthenticated, h::get_order},
      {"POST", "/api/v1/orders/{id}/ship", kWarehouse, h::ship_order},
      {"POST", "/api/v1/orders/{id}/deliver", kWarehouse, h::deliver_order},
      {"POST", "/api/v1/orders/{id}/cancel", kAuthenticated, h::cancel_order},
      {"GET", "/api/v1/warehouse/orders", kWarehouse, h::warehouse_orders},
      {"DELETE", "/api/v1/warehouse/orders", kWarehouse, h::purge_orders},
      {"GET", "/api/v1/warehouse/stock", kWarehouse, h::stock},
      {"POST", "/api/v1/warehouse/stock", kWarehouse, h::restock},
      {"POST", "/api/v1/coupons", kMarketing, h::create_coupon},
      {"GET", "/api/v1/coupons", kMarketing, h::list_coupons},
      {"GET", "/api/v1/coupons/{id}", kMarketing, h::get_coupon},
      {"PATCH", "/api/v1/coupons/{id}", kMarketing, h::update_coupon},
      {"POST", "/api/v1/campaigns", kMarketing, h::create_campaign},
      {"GET", "/api/v1/campaigns", kMarketing, h::list_campaigns},
      {"GET", "/api/v1/campaigns/{id}", kMarketing, h::get_campaign},
      {"PATCH", "/api/v1/campaigns/{id}", kMarketing, h::update_campaign},
      {"GET", "/api/v1/analytics/{report}", kMarketing, h::analytics_report},
      {"GET", "/api/v1/snapshots", kMarketing, h::list_snapshots},
      {"POST", "/api/v1/snapshots", kAdmin, h::take_snapshot},
      // Before /snapshots/{id}/customers, which would take "migration" for an id.
      {"GET", "/api/v1/snapshots/migration/customers", kMarketing, h::migration_customers},
      {"GET", "/api/v1/snapshots/{id}", kMarketing, h::get_snapshot},
      {"GET", "/api/v1/snapshots/{id}/customers", kMarketing, h::snapshot_customers},
      {"GET", "/api/v1/snapshots/{id}/clv", kMarketing, h::snapshot_clv},
      {"GET", "/api/v1/offers/plan", kMarketing, h::offer_plan},
      // Admin only (the handler refuses an analyst): it issues real coupons.
      {"POST", "/api/v1/offers/coupons", kMarketing, h::create_offer_coupons},
      {"POST", "/api/v1/visits", kOptional, h::start_visit},
      {"POST", "/api/v1/visits/{id}/events", kOptional, h::record_event},
      // Last: the web application answers every other GET (its files, and index.html for its
      // pages, so a reload of /products/7 works); unknown /api/ paths still get a JSON 404.
      {"GET", "/{path...}", kPublic, h::web_app, Runs::kIoThread},
  };
  return routes;
}

std::vector<RouteInfo> route_list() {
  std::vector<RouteInfo> list;
  for (const Route& route : route_table()) {
    list.push_back({std::string(route.method), std::string(route.path)});
  }
  return list;
}

}  // namespace cw::http
