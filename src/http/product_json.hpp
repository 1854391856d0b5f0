#pragma once
// The JSON text of catalogue products, rendered once per catalogue version and reused by every
// search page until the catalogue changes. Building and destroying a JSON tree per product was
// most of a search request's CPU time (docs/performance.md, "Catalogue search").

#include <cstdint>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "catalog/catalog.hpp"
#include "http/mapping.hpp"

namespace cw::http {

class ProductJsonCache {
 public:
  // Appends to `out` the JSON object of `product` (exactly what to_json(product) dumps) as of
  // catalogue `version`. Thread-safe. A newer version drops every text kept for older ones; a
  // caller holding an older version than the cache is served without caching.
  void append(std::string& out, std::int64_t version, const catalog::Product& product,
              const Money& money);

 private:
  std::shared_mutex mutex_;
  std::int64_t version_ = -1;
  std::unordered_map<Id, std::string> texts_;
};

}  // namespace cw::http
