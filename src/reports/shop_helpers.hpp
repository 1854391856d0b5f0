#pragma once
// Shared pieces of the reports that read the shop's own tables (internal to src/reports). Each
// report is a loader (SQL into plain structs, non-cancelled orders placed up to the end of the
// as-of day) and a pure function of those structs and the options that builds the Table.

#ifndef CW_INTERNAL_REPORTS
#error "reports/shop_helpers.hpp is internal to cw_reports (src/README.md, Boundaries)"
#endif

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "core/time.hpp"
#include "db/database.hpp"
#include "reports/report_helpers.hpp"
#include "reports/shop.hpp"
#include "reports/shop_inputs.hpp"

namespace cw::reports::shop {

using detail::Context;
using detail::new_table;

// The customer facts of `load` from `cache` when given, else loaded for this call (engine.cpp).
Result<std::shared_ptr<const Dataset>> facts_for(db::Database& db, const LoadOptions& load,
                                                 DatasetCache* cache);

// The orders and visits of shop_inputs.hpp: the cache's copy (every date) when the context has a
// cache, else loaded up to the end of the as-of day for this call. Callers filter by ctx.end().
std::shared_ptr<const OrderInputs> order_inputs(const Context& ctx);
std::shared_ptr<const VisitInputs> visit_inputs(const Context& ctx);

// Per product id, only the products with lines of non-cancelled orders placed before the end of
// the as-of day (shop_product_lines.cpp), from `orders` (order_inputs(ctx), for a caller that
// reads them too) or loaded for the call; computed once per as-of day for one copy of the orders
// (OrderMemo, shop_inputs.hpp).
std::shared_ptr<const ProductLineSums> product_line_totals(const Context& ctx,
                                                           const OrderInputs& orders);
std::shared_ptr<const ProductLineSums> product_line_totals(const Context& ctx);

Result<Table> visitors_without_orders(const Context& ctx);
Result<Table> abandonment(const Context& ctx);
Result<Table> overstock(const Context& ctx);
Result<Table> categories(const Context& ctx);
Result<Table> campaigns(const Context& ctx);
Result<Table> coupons(const Context& ctx);
Result<Table> loyalty(const Context& ctx);
Result<Table> data_quality(const Context& ctx);
Result<Table> recommendations(const Context& ctx);
// ratings: average rating and count per product (default), --by category, --by segment.
Result<Table> ratings(const Context& ctx);
// overview: the shop's headline figures (orders per ordering customer, both repeat rates).
Result<Table> overview(const Context& ctx);
// places: revenue by region and city of the customers' default addresses.
Result<Table> places(const Context& ctx);
// segment-migration: customers per (from segment, to segment) between two snapshots.
Result<Table> segment_migration(const Context& ctx);

// The segment of `map` whose name matches `name` by segment_key(); otherwise 400
// "unknown_segment" (field "segment") listing the known names.
Result<std::string> find_segment(const SegmentMap& map, const std::string& name);

}  // namespace cw::reports::shop
