#pragma once
// The JSON text of catalogue products, rendered once per catalogue version and reused by every
// search page until the catalogue changes. Building and destroying a JSON tree per product was
// most of a search request's CPU time (docs/performance.md, "Catalogue search").

#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
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

// Whole anonymous search pages by request target, kept per catalogue version: a repeated search
// over an unchanged catalogue is a lookup instead of a scan, copies and JSON. At most kMaxPages
// per version, so arbitrary queries cannot grow it without bound. Thread-safe.
class SearchPageCache {
 public:
  static constexpr std::size_t kMaxPages = 1024;

  // The page kept for `target` at catalogue `version`, if any.
  std::optional<std::string> find(std::int64_t version, std::string_view target) const;
  // Keeps `page` for `target` at `version`; a newer version drops every older page, and a page of
  // an older version than the cache's is not kept.
  void keep(std::int64_t version, std::string_view target, std::string page);

 private:
  mutable std::shared_mutex mutex_;
  std::int64_t version_ = -1;
  std::unordered_map<std::string, std::string> pages_;
};

}  // namespace cw::http
