#pragma once
// The route handlers, one function per route (see routes.cpp for methods, paths and roles).
// Each answers a Reply or the domain's Error; the router turns errors into problem+json.

#include "http/router.hpp"

namespace cw::http::handlers {

// handlers_meta.cpp
Result<Reply> health(Services&, const Call&);
Result<Reply> openapi(Services&, const Call&);
// The embedded web application: its files, and index.html for its pages (web_assets.hpp).
Result<Reply> web_app(Services&, const Call&);

// handlers_accounts.cpp
Result<Reply> register_customer(Services&, const Call&);
Result<Reply> login(Services&, const Call&);
Result<Reply> logout(Services&, const Call&);
Result<Reply> get_me(Services&, const Call&);
Result<Reply> update_me(Services&, const Call&);
Result<Reply> my_orders(Services&, const Call&);
// Staff: the customer with an external reference (`?external_ref=`), as a list of zero or one.
Result<Reply> find_customers(Services&, const Call&);

// handlers_catalog.cpp
Result<Reply> search_products(Services&, const Call&);
// Its deferred form: an anonymous search on SQLite answered on the I/O thread when the catalogue
// copy is current (one short read), without a hand-off to the worker pool and back.
bool search_products_now(Services&, const Call&, Answer answer);
Result<Reply> get_product(Services&, const Call&);
Result<Reply> list_categories(Services&, const Call&);

// handlers_orders.cpp
Result<Reply> place_order(Services&, const Call&);
// place_order's deferred form (router.hpp): no worker thread waits while the group commit runs.
// Declines a keyed (Idempotency-Key) checkout, and any when the writer's queue is full.
bool place_order_later(Services&, const Call&, Answer answer);
Result<Reply> get_order(Services&, const Call&);
Result<Reply> ship_order(Services&, const Call&);
Result<Reply> deliver_order(Services&, const Call&);
Result<Reply> cancel_order(Services&, const Call&);

// handlers_warehouse.cpp
Result<Reply> warehouse_orders(Services&, const Call&);
Result<Reply> purge_orders(Services&, const Call&);
Result<Reply> stock(Services&, const Call&);
Result<Reply> restock(Services&, const Call&);

// handlers_promotions.cpp
Result<Reply> create_coupon(Services&, const Call&);
Result<Reply> list_coupons(Services&, const Call&);
Result<Reply> get_coupon(Services&, const Call&);
Result<Reply> update_coupon(Services&, const Call&);
Result<Reply> create_campaign(Services&, const Call&);
Result<Reply> list_campaigns(Services&, const Call&);
Result<Reply> get_campaign(Services&, const Call&);
Result<Reply> update_campaign(Services&, const Call&);
Result<Reply> my_rewards(Services&, const Call&);

// handlers_analytics.cpp
Result<Reply> analytics_report(Services&, const Call&);

// handlers_snapshots.cpp
Result<Reply> list_snapshots(Services&, const Call&);
Result<Reply> take_snapshot(Services&, const Call&);
Result<Reply> get_snapshot(Services&, const Call&);
Result<Reply> snapshot_customers(Services&, const Call&);
Result<Reply> snapshot_clv(Services&, const Call&);
Result<Reply> migration_customers(Services&, const Call&);

// handlers_offers.cpp
Result<Reply> offer_plan(Services&, const Call&);
Result<Reply> create_offer_coupons(Services&, const Call&);

// handlers_activity.cpp
Result<Reply> start_visit(Services&, const Call&);
Result<Reply> record_event(Services&, const Call&);

}  // namespace cw::http::handlers
