#pragma once
// Internal to the catalog module: the in-memory copy of the catalogue that search reads.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
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
  std::shared_ptr<const CatalogSnapshot> current(db::Database& db);
  // The copy when it is as new as the database's version, else nullptr. Reads at most the
  // version (one short read), and nothing when no commit of this process has landed since the
  // last read and that read is younger than Catalog::kOtherProcessesLag.
  std::shared_ptr<const CatalogSnapshot> current_if_loaded(db::Database& db);

 private:
  // The database's version as read at `at`, when this process had made `local_commits` commits.
  struct VersionRead {
    std::uint64_t local_commits;
    std::int64_t version;
    std::chrono::steady_clock::time_point at;
  };
  void note_read(std::optional<std::uint64_t> local_commits, std::int64_t version,
                 std::chrono::steady_clock::time_point at) EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  std::shared_ptr<const CatalogSnapshot> snapshot_if_current(std::int64_t version)
      EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  Mutex reload_mutex_;  // one reload at a time; searches over the current copy do not wait for it
  Mutex mutex_;
  std::shared_ptr<const CatalogSnapshot> snapshot_ GUARDED_BY(mutex_);
  std::optional<VersionRead> last_read_ GUARDED_BY(mutex_);
};

// ASCII lower case: what SQLite's NOCASE, lower() and LIKE fold, nothing more.
std::string fold_case(std::string_view text);

}  // namespace cw::catalog
