#pragma once
// The demo catalogue: ~120 women's shoes in nine categories, UK sizes 3-8 (some in half sizes),
// prices ending in .99, cost 40-60% of price, a popularity per product (a few slow sellers, a few
// of them overstocked) and the stock the generator tracks in memory while it writes orders.

#ifndef CW_INTERNAL_DEMO
#error "demo/catalog_builder.hpp is internal to cw_demo (src/README.md, Boundaries)"
#endif

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/money.hpp"
#include "db/database.hpp"
#include "demo/random.hpp"

namespace cw::demo {

inline constexpr int kSizeSteps = 11;  // UK 3, 3.5, ..., 8

struct ProductInfo {
  std::int64_t id = 0;
  std::int64_t category_id = 0;
  Minor price = 0;
  std::vector<std::string> sizes;  // labels in display order ("UK 5")
  bool half_sizes = false;
  std::vector<std::int64_t> stock;  // per size, current
  double popularity = 1;
  std::array<double, 12> season{};
  bool overstocked = false;
  std::int64_t restock_batch = 0;  // units per size per delivery
  std::int64_t units_sold = 0;     // in non-cancelled orders
  std::int64_t last_sold_at = 0;
};

// The size index of `product` nearest to half-size step `step` (0 = UK 3 .. 10 = UK 8).
inline std::size_t size_for(const ProductInfo& product, int step) {
  return product.half_sizes ? static_cast<std::size_t>(step) : static_cast<std::size_t>(step / 2);
}

// Writes categories, products, sizes and each size's opening stock (as demo_restocks rows
// numbered from restock_id + 1; restock_id is advanced). Call inside a write transaction.
std::vector<ProductInfo> build_catalog(db::Connection& c, Random& random, std::int64_t created_at,
                                       std::int64_t& restock_id);

}  // namespace cw::demo
