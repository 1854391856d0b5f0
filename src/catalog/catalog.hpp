#pragma once
// The catalogue: categories, products with price and cost, sizes with stock; search.
// Owns tables categories, products, product_sizes.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/money.hpp"
#include "core/time.hpp"
#include "db/database.hpp"

namespace cw::catalog {

struct SizeStock {
  std::string size;  // a label, matched exactly ("UK 5")
  std::int64_t stock = 0;
};

struct Product {
  Id id = 0;
  std::string name;
  std::string description;
  Id category_id = 0;
  std::string category;  // the category's name
  Minor price = 0;
  std::optional<Minor> cost;
  bool active = true;
  std::int64_t units_sold = 0;
  // The key of an imported shop (Cartify product id), kept as written; nullopt when none.
  std::optional<std::string> external_ref;
  std::vector<SizeStock> sizes;  // in display order
};

// A category with its number of active products (the catalogue's filter choices).
struct Category {
  Id id = 0;
  std::string name;
  std::int64_t products = 0;
};

enum class SortOrder { kId, kPriceAscending, kPriceDescending, kName };

struct SearchQuery {
  std::string text;                     // substring of name or description, case-insensitive
  std::optional<std::string> category;  // a category name (case-insensitive) or its numeric id
  std::optional<std::string> size;      // products having this size label (any stock)
  std::optional<Minor> min_price;       // inclusive
  std::optional<Minor> max_price;       // inclusive
  SortOrder sort = SortOrder::kId;
  int page = 1;        // 1-based
  int page_size = 20;  // 1..100
  bool include_inactive = false;
};

struct SearchResult {
  std::vector<Product> items;
  std::int64_t total = 0;  // all matches, not just this page
  // The catalogue version the page was read at (grows with every change to products, sizes,
  // stock and categories): lets callers reuse what they derived from an unchanged product.
  std::int64_t version = 0;
};

struct NewProduct {
  std::string name;
  std::string description;
  std::string category;  // created when missing
  Minor price = 0;
  std::optional<Minor> cost;
  std::vector<SizeStock> sizes;
  bool active = true;
};

class SearchCache;
struct CatalogSnapshot;

// A current in-memory copy of the catalogue (Catalog::loaded): searching it reads nothing.
class LoadedCatalog {
 public:
  explicit LoadedCatalog(std::shared_ptr<const CatalogSnapshot> snapshot);
  std::int64_t version() const;
  // As Catalog::search, on this copy.
  Result<SearchResult> search(const SearchQuery& query) const;

 private:
  std::shared_ptr<const CatalogSnapshot> snapshot_;
};

// Search answers from an in-memory copy of the catalogue, checked against a version that
// triggers bump on any change to categories, products or sizes (stock included, from any module
// or process). A change committed by this process shows in the next search; one committed by
// another process (the CLI, an import) within kOtherProcessesLag of its commit, because the
// version is read again only when this process has committed since the last read or that read
// is that old. Keep one Catalog per database for
// the life of a server so that the copy is shared; copies of a Catalog share it. Thread-safe.
class Catalog {
 public:
  static constexpr std::chrono::milliseconds kOtherProcessesLag{2};

  Catalog(db::Database& db, const Clock& clock);

  // Errors: 400 invalid_parameter (field named) for page < 1, page_size outside 1..100,
  // min_price > max_price (field "min_price"). An unknown category or size simply matches
  // nothing. `text` is matched literally (% _ \ are not wildcards); case folding is ASCII.
  // Sorting by name ignores case; every order breaks ties by id. A page past the end is empty
  // and still reports the total.
  Result<SearchResult> search(const SearchQuery& query) const;
  // The in-memory copy when it is as new as the database (at most one short read: the version),
  // for callers that must not wait, e.g. an I/O thread; nullopt, having read nothing else, when
  // it would have to be reloaded first (a read of the whole catalogue).
  std::optional<LoadedCatalog> loaded() const;

  // 404 when no such product (inactive products are found).
  Result<Product> get(Id product_id) const;

  // Every category (empty ones too) by name ignoring case, then id.
  std::vector<Category> categories() const;

  // Adds a product with its sizes in one transaction. 422 invalid_product (field named) for an
  // empty name, a negative price or cost, no sizes, a duplicate or empty size label, negative
  // stock. Also an empty category (field "category"). Fields: "name", "category", "price", "cost",
  // "sizes", "sizes[i].size", "sizes[i].stock". Sizes keep the order given.
  Result<Product> add(const NewProduct& product);

  // Returns the id of the category with this name, creating it when missing (inside `c`'s
  // current transaction, if any).
  static Id ensure_category(db::Connection& c, const std::string& name);

  // The product as `c` sees it (inside its current transaction, if any); nullopt when unknown.
  static std::optional<Product> load(db::Connection& c, Id product_id);

 private:
  db::Database& db_;
  const Clock& clock_;
  std::shared_ptr<SearchCache> cache_;
};

}  // namespace cw::catalog
