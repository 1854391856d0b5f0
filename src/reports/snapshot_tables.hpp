#pragma once
// Reading the snapshot tables (src/snapshots, schema 0080). They live here, below src/snapshots,
// because the segment-migration report of the report engine reads them too, and src/snapshots
// depends on src/reports (a snapshot is the engine's reports at one date), not the reverse.
// "Latest" orders snapshots by as-of date, then id.
// Errors: 404 "no_snapshot" as stated per function. Database failures throw cw::Failure.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/money.hpp"
#include "db/database.hpp"

namespace cw::reports {

// The ids of the `n` latest snapshots, newest first.
std::vector<std::int64_t> latest_snapshot_ids(db::Connection& connection, int n);
// The snapshot just before `id` in that order; nullopt for the first.
std::optional<std::int64_t> previous_snapshot_id(db::Connection& connection, std::int64_t id);
// 404 "no_snapshot" with this message.
Error no_snapshot(const std::string& message);

// One snapshot's customers with their segment codes, ascending customer id.
struct SnapshotSegments {
  std::int64_t id = 0;
  std::int32_t as_of_day = 0;
  std::vector<std::string> names;  // segment name by code
  std::vector<std::int64_t> customer_id;
  std::vector<std::uint8_t> segment;
  std::vector<Minor> monetary;
};
// 404 "no_snapshot" when `id` is unknown.
Result<SnapshotSegments> read_snapshot_segments(db::Connection& connection, std::int64_t id);

// The snapshots segment-migration compares: `to` defaults to the latest, `from` to the snapshot
// just before `to`. 404 "no_snapshot" for an unknown id or when there is no such snapshot.
struct SnapshotPair {
  std::int64_t from = 0, to = 0;
};
Result<SnapshotPair> migration_pair(db::Connection& connection, std::optional<std::int64_t> from,
                                    std::optional<std::int64_t> to);

}  // namespace cw::reports
