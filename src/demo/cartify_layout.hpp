#pragma once
// `cartwise generate --format cartify`: a synthetic shop written as the Cartify layout (the 15
// ';'-separated files of docs/import-formats.md "cartify"), deterministic for a seed, for trying
// and measuring `cartwise import --format cartify`. Proportions follow the layout's own sample
// (about 3 orders and 4 website sessions per customer, 1-4 lines per order, a review for most
// customers); about 1 % of orders state an amount that differs from their lines, so data-quality
// has something to show. Dates fall in 2023-2024.

#include <cstdint>
#include <string>

#include "core/error.hpp"

namespace cw::demo {

struct CartifyOptions {
  std::int64_t customers = 1000;
  std::uint64_t seed = 1;
};

struct CartifySummary {
  std::int64_t customers = 0, products = 0, orders = 0, lines = 0, campaigns = 0, coupons = 0,
               sessions = 0, reviews = 0, mismatched_amounts = 0;
};

// Writes the 15 files into `dir` (created when missing; existing files are replaced). A folder
// that cannot be written is kBadRequest "unwritable_output".
Result<CartifySummary> write_cartify(const std::string& dir, const CartifyOptions& options);

}  // namespace cw::demo
