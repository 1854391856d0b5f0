#pragma once
// Internal to the catalog module: the in-memory copy of the catalogue that search reads.

#include <cstdint>
#include <memory>
#include <vector>

#include "catalog/catalog.hpp"
#include "core/mutex.hpp"

namespace cw::catalog {

struct CatalogSnapshot {
  struct Entry {
    Product product;
    std::string name_folded;  // ASCII lower case, as SQL lower() and LIKE fold
    std::string description_folded;
    std::string external_ref_folded;  // "" when none
  };
  struct Category {
    Id id;
    std::string name_folded;
  };
  std::int64_t version = -1;
  std::vector<Entry> entries;  // by id
  std::vector<Category> categories;
  // Indexes into `entries` in each non-id sort order, ties broken by id.
  std::vector<std::uint32_t> by_price, by_price_descending, by_name;
};

class SearchCache {
 public:
  // The copy as of the database's current catalogue version, reloaded when it changed.
  std::shared_ptr<const CatalogSnapshot> current(db::Connection& c);
  // The copy when it is as new as the database's version (one short read), else nullptr.
  std::shared_ptr<const CatalogSnapshot> current_if_loaded(db::Connection& c);

 private:
  Mutex mutex_;
  std::shared_ptr<const CatalogSnapshot> snapshot_ GUARDED_BY(mutex_);
};

// ASCII lower case: what SQLite's NOCASE, lower() and LIKE fold, nothing more.
std::string fold_case(std::string_view text);

}  // namespace cw::catalog
