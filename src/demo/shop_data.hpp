#pragma once
// The fixed vocabulary of the demo shop (a UK women's shoe shop): categories with price ranges and
// seasonality, product name parts, UK names, occupations, cities with postcode areas.

#ifndef CW_INTERNAL_DEMO
#error "demo/shop_data.hpp is internal to cw_demo (src/README.md, Boundaries)"
#endif

#include <array>
#include <string_view>
#include <vector>

namespace cw::demo::data {

struct CategoryInfo {
  std::string_view name;
  std::vector<std::string_view> styles;  // "Stiletto Court", ...
  int min_price_pounds;
  int max_price_pounds;
  int products;                   // how many products the shop carries
  std::array<double, 12> season;  // demand multiplier per month, January first
};

struct City {
  std::string_view name;
  std::vector<std::string_view> postcode_areas;  // "M", "SW", ...
  double weight;                                 // roughly the population share
};

const std::vector<CategoryInfo>& categories();
const std::vector<std::string_view>& product_names();  // "Camden", "Richmond", ...
const std::vector<std::string_view>& materials();      // "Suede", "Leather", ...
const std::vector<std::string_view>& colours();
const std::vector<std::string_view>& female_first_names();
const std::vector<std::string_view>& male_first_names();
const std::vector<std::string_view>& last_names();
const std::vector<std::string_view>& occupations();
const std::vector<std::string_view>& streets();
const std::vector<City>& cities();
const std::vector<std::string_view>& visit_sources();
const std::vector<std::string_view>& email_domains();

}  // namespace cw::demo::data
