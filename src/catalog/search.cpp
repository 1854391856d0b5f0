// Catalogue search over the in-memory copy (see search_cache.hpp): one small query checks the
// copy is current, then filtering, sorting and paging are plain loops. Matching follows the SQL
// the copy was loaded with: ASCII case folding, like SQLite's LIKE, lower() and NOCASE.
#include <algorithm>
#include <charconv>

#include "catalog/catalog.hpp"
#include "catalog/search_cache.hpp"

namespace cw::catalog {
namespace {

// A category given as digits may be an id; anything else is only a name.
std::optional<Id> category_id_of(const std::string& category) {
  Id id = 0;
  const char* end = category.data() + category.size();
  const auto [ptr, ec] = std::from_chars(category.data(), end, id);
  if (ec != std::errc() || ptr != end || id <= 0) return std::nullopt;
  return id;
}

// The ids a category parameter names: the category of that name and the one of that id.
std::vector<Id> matching_categories(const CatalogSnapshot& s, const std::string& category) {
  const std::string folded = fold_case(category);
  const auto id = category_id_of(category);
  std::vector<Id> ids;
  for (const auto& c : s.categories)
    if (c.name_folded == folded || (id && c.id == *id)) ids.push_back(c.id);
  return ids;
}

struct Filter {
  const SearchQuery& query;
  std::string text;  // folded; empty matches everything
  std::vector<Id> categories;

  bool matches(const CatalogSnapshot::Entry& e) const {
    const Product& p = e.product;
    if (!p.active && !query.include_inactive) return false;
    if (query.min_price && p.price < *query.min_price) return false;
    if (query.max_price && p.price > *query.max_price) return false;
    if (query.category &&
        std::find(categories.begin(), categories.end(), p.category_id) == categories.end())
      return false;
    if (query.size) {
      bool has_size = false;
      for (const auto& s : p.sizes) has_size = has_size || s.size == *query.size;
      if (!has_size) return false;
    }
    // An imported product is also found by its external key, whole (P1 is not P12).
    if (!text.empty() && e.name_folded.find(text) == std::string::npos &&
        e.description_folded.find(text) == std::string::npos && e.external_ref_folded != text)
      return false;
    return true;
  }
};

std::optional<Error> validate(const SearchQuery& q) {
  if (q.page < 1) return Error::bad_request("invalid_parameter", "page must be 1 or more.", "page");
  if (q.page_size < 1 || q.page_size > 100)
    return Error::bad_request("invalid_parameter", "page_size must be from 1 to 100.", "page_size");
  if (q.min_price && q.max_price && *q.min_price > *q.max_price)
    return Error::bad_request("invalid_parameter", "min_price must not exceed max_price.",
                              "min_price");
  return std::nullopt;
}

}  // namespace

Result<SearchResult> Catalog::search(const SearchQuery& query) const {
  if (auto error = validate(query)) return fail(std::move(*error));  // before reading anything
  return LoadedCatalog(cache_->current(db_)).search(query);
}

std::optional<LoadedCatalog> Catalog::loaded() const {
  auto snapshot = cache_->current_if_loaded(db_);
  if (!snapshot) return std::nullopt;
  return LoadedCatalog(std::move(snapshot));
}

LoadedCatalog::LoadedCatalog(std::shared_ptr<const CatalogSnapshot> snapshot)
    : snapshot_(std::move(snapshot)) {}

std::int64_t LoadedCatalog::version() const {
  return snapshot_->version;
}

Result<SearchResult> LoadedCatalog::search(const SearchQuery& query) const {
  if (auto error = validate(query)) return fail(std::move(*error));
  const CatalogSnapshot& s = *snapshot_;
  Filter filter{query, fold_case(query.text), {}};
  if (query.category) filter.categories = matching_categories(s, *query.category);

  const std::int64_t first = static_cast<std::int64_t>(query.page - 1) * query.page_size;
  const std::int64_t end = first + query.page_size;
  SearchResult result;
  result.version = s.version;
  auto visit = [&](const CatalogSnapshot::Entry& e) {
    if (!filter.matches(e)) return;
    if (result.total >= first && result.total < end) result.items.push_back(e.product);
    ++result.total;
  };
  const std::vector<std::uint32_t>* order = nullptr;
  switch (query.sort) {
    case SortOrder::kPriceAscending:
      order = &s.by_price;
      break;
    case SortOrder::kPriceDescending:
      order = &s.by_price_descending;
      break;
    case SortOrder::kName:
      order = &s.by_name;
      break;
    case SortOrder::kId:
      break;
  }
  if (order) {
    for (std::uint32_t i : *order) visit(s.entries[i]);
  } else {
    for (const auto& e : s.entries) visit(e);
  }
  return result;
}

}  // namespace cw::catalog
