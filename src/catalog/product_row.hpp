#pragma once
// Internal to the catalog module: the one column list every product query selects, so that the
// readers below stay in step with the SQL.

#ifndef CW_INTERNAL_CATALOG
#error "catalog/product_row.hpp is internal to cw_catalog (src/README.md, Boundaries)"
#endif

#include "catalog/catalog.hpp"

namespace cw::catalog::detail {

// Selected from `p` (products) joined with `c` (categories). CW_CATALOG_PRODUCT_WITH_SIZES adds
// s.size and s.stock from a LEFT JOIN of product_sizes.
#define CW_CATALOG_PRODUCT_COLUMNS                                                                \
  "p.id, p.name, p.description, p.category_id, c.name, p.price, p.cost, p.active, p.units_sold, " \
  "p.external_ref"
#define CW_CATALOG_PRODUCT_WITH_SIZES CW_CATALOG_PRODUCT_COLUMNS ", s.size, s.stock"

inline constexpr int kSizeColumn = 10;
inline constexpr int kStockColumn = 11;

inline Product read_product(db::Rows& rows) {
  Product p;
  p.id = rows.integer(0);
  p.name = rows.text(1);
  p.description = rows.text(2);
  p.category_id = rows.integer(3);
  p.category = rows.text(4);
  p.price = rows.integer(5);
  p.cost = rows.opt_integer(6);
  p.active = rows.integer(7) != 0;
  p.units_sold = rows.integer(8);
  p.external_ref = rows.opt_text(9);
  return p;
}

// Appends the row's size to `p` unless the product has none (the LEFT JOIN gave NULL).
inline void read_size(db::Rows& rows, Product& p) {
  if (rows.is_null(kSizeColumn)) return;
  p.sizes.push_back({rows.text(kSizeColumn), rows.integer(kStockColumn)});
}

}  // namespace cw::catalog::detail
