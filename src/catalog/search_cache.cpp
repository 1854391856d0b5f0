// Loading the catalogue copy that search reads. A reload is one consistent read transaction.
#include "catalog/search_cache.hpp"

#include <algorithm>

#include "catalog/product_row.hpp"

namespace cw::catalog {
namespace {

std::shared_ptr<const CatalogSnapshot> load(db::Connection& c) {
  auto snapshot = std::make_shared<CatalogSnapshot>();
  db::Transaction tx(c, db::TxMode::kRead);
  snapshot->version = c.scalar("SELECT version FROM catalog_version WHERE id = 1").value_or(0);
  {
    auto rows = c.query("SELECT id, name FROM categories ORDER BY id");
    while (rows.next()) snapshot->categories.push_back({rows.integer(0), fold_case(rows.text(1))});
  }
  {
    auto rows = c.query("SELECT " CW_CATALOG_PRODUCT_WITH_SIZES
                        " FROM products p JOIN categories c ON c.id = p.category_id"
                        " LEFT JOIN product_sizes s ON s.product_id = p.id"
                        " ORDER BY p.id, s.position, s.size");
    auto& entries = snapshot->entries;
    while (rows.next()) {
      if (entries.empty() || entries.back().product.id != rows.integer(0)) {
        Product p = detail::read_product(rows);
        std::string name = fold_case(p.name);
        std::string description = fold_case(p.description);
        std::string ref = fold_case(p.external_ref.value_or(""));
        entries.push_back({std::move(p), std::move(name), std::move(description), std::move(ref)});
      }
      detail::read_size(rows, entries.back().product);
    }
  }
  tx.commit();

  const auto& e = snapshot->entries;
  std::vector<std::uint32_t> order(e.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  // Entries are in id order, so a stable sort keeps ties by id.
  snapshot->by_price = order;
  std::stable_sort(snapshot->by_price.begin(), snapshot->by_price.end(),
                   [&](auto a, auto b) { return e[a].product.price < e[b].product.price; });
  snapshot->by_price_descending = order;
  std::stable_sort(snapshot->by_price_descending.begin(), snapshot->by_price_descending.end(),
                   [&](auto a, auto b) { return e[a].product.price > e[b].product.price; });
  snapshot->by_name = order;
  std::stable_sort(snapshot->by_name.begin(), snapshot->by_name.end(),
                   [&](auto a, auto b) { return e[a].name_folded < e[b].name_folded; });
  return snapshot;
}

}  // namespace

std::string fold_case(std::string_view text) {
  std::string out(text);
  for (char& ch : out)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return out;
}

std::shared_ptr<const CatalogSnapshot> SearchCache::current(db::Database& db) {
  if (auto loaded = current_if_loaded(db)) return loaded;
  MutexLock reloading(reload_mutex_);
  // Another caller may have reloaded while this one waited.
  if (auto loaded = current_if_loaded(db)) return loaded;
  const auto local_commits = db.local_commit_count();
  const auto at = std::chrono::steady_clock::now();
  auto snapshot = [&] {
    auto c = db.lease();
    return load(*c);
  }();
  MutexLock lock(mutex_);
  snapshot_ = snapshot;
  note_read(local_commits, snapshot->version, at);
  return snapshot;
}

std::shared_ptr<const CatalogSnapshot> SearchCache::current_if_loaded(db::Database& db) {
  // Read before the version: a commit counted after this shows in the version read below or
  // moves the count on, so a count that has not moved since a read proves that read current.
  const auto local_commits = db.local_commit_count();
  const auto at = std::chrono::steady_clock::now();
  if (local_commits) {
    MutexLock lock(mutex_);
    if (last_read_ && last_read_->local_commits == *local_commits &&
        at - last_read_->at < Catalog::kOtherProcessesLag)
      return snapshot_if_current(last_read_->version);
  }
  std::int64_t version = 0;
  {
    auto c = db.lease();
    version = c->scalar("SELECT version FROM catalog_version WHERE id = 1").value_or(0);
  }
  MutexLock lock(mutex_);
  note_read(local_commits, version, at);
  return snapshot_if_current(version);
}

void SearchCache::note_read(std::optional<std::uint64_t> local_commits, std::int64_t version,
                            std::chrono::steady_clock::time_point at) {
  // Concurrent reads may finish out of order: keep the one that started last.
  if (local_commits && (!last_read_ || last_read_->at <= at))
    last_read_ = VersionRead{*local_commits, version, at};
}

std::shared_ptr<const CatalogSnapshot> SearchCache::snapshot_if_current(std::int64_t version) {
  // Versions only grow: a copy at least as new as what was read is current enough.
  if (snapshot_ && snapshot_->version >= version) return snapshot_;
  return nullptr;
}

}  // namespace cw::catalog
