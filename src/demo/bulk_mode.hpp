#pragma once
// Bulk loading, per dialect. SQLite: while it lasts, no journal, no fsync, no foreign-key checks,
// a large page cache, and the secondary indexes of the loaded tables dropped (rebuilding an index
// once by sorting is far cheaper than millions of random B-tree inserts). PostgreSQL: commits do
// not wait for the WAL flush (synchronous_commit off, this session only); finish() moves the
// identity sequences past the ids the generator chose and runs ANALYZE. finish()
// rebuilds the indexes and restores the connection's settings; the destructor does it too when
// finish() was not reached. Only for a database nobody else uses meanwhile: a crash leaves it
// unusable.

#ifndef CW_INTERNAL_DEMO
#error "demo/bulk_mode.hpp is internal to cw_demo (src/README.md, Boundaries)"
#endif

#include <string>
#include <utility>
#include <vector>

#include "core/config.hpp"
#include "db/database.hpp"

namespace cw::demo {

class BulkMode {
 public:
  BulkMode(db::Connection& c, Durability durability, const std::vector<std::string>& tables);
  ~BulkMode();
  BulkMode(const BulkMode&) = delete;
  BulkMode& operator=(const BulkMode&) = delete;

  void finish();

 private:
  db::Connection& c_;
  Durability durability_;
  std::vector<std::pair<std::string, std::string>> dropped_;  // index name, CREATE statement
  bool finished_ = false;
};

}  // namespace cw::demo
