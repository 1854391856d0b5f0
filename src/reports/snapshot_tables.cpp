// Reading the snapshot tables; see snapshot_tables.hpp.
#include "reports/snapshot_tables.hpp"

namespace cw::reports {

std::vector<std::int64_t> latest_snapshot_ids(db::Connection& connection, int n) {
  std::vector<std::int64_t> ids;
  auto rows =
      connection.query("SELECT id FROM snapshots ORDER BY as_of_day DESC, id DESC LIMIT ?", n);
  while (rows.next()) ids.push_back(rows.integer(0));
  return ids;
}

Error no_snapshot(const std::string& message) {
  return Error{ErrorKind::kNotFound, "no_snapshot", message, {}};
}

std::optional<std::int64_t> previous_snapshot_id(db::Connection& connection, std::int64_t id) {
  return connection.scalar(
      "SELECT p.id FROM snapshots s JOIN snapshots p "
      "ON p.as_of_day < s.as_of_day OR (p.as_of_day = s.as_of_day AND p.id < s.id) "
      "WHERE s.id = ? ORDER BY p.as_of_day DESC, p.id DESC LIMIT 1",
      id);
}

Result<SnapshotSegments> read_snapshot_segments(db::Connection& connection, std::int64_t id) {
  SnapshotSegments out;
  out.id = id;
  {
    auto head = connection.query("SELECT as_of_day, customers FROM snapshots WHERE id = ?", id);
    if (!head.next()) return fail(no_snapshot("snapshot " + std::to_string(id) + " not found"));
    out.as_of_day = static_cast<std::int32_t>(head.integer(0));
    const auto n = static_cast<std::size_t>(head.integer(1));
    out.customer_id.reserve(n);
    out.segment.reserve(n);
    out.monetary.reserve(n);
  }
  auto names = connection.query(
      "SELECT code, name FROM snapshot_segments WHERE snapshot_id = ? ORDER BY code", id);
  while (names.next()) {
    const auto code = static_cast<std::size_t>(names.integer(0));
    if (out.names.size() <= code) out.names.resize(code + 1);
    out.names[code] = names.text(1);
  }
  auto rows = connection.query(
      "SELECT customer_id, segment, monetary FROM snapshot_customers WHERE snapshot_id = ? "
      "ORDER BY customer_id",
      id);
  while (rows.next()) {
    out.customer_id.push_back(rows.integer(0));
    out.segment.push_back(static_cast<std::uint8_t>(rows.integer(1)));
    out.monetary.push_back(rows.integer(2));
  }
  return out;
}

Result<SnapshotPair> migration_pair(db::Connection& connection, std::optional<std::int64_t> from,
                                    std::optional<std::int64_t> to) {
  if (!to) {
    const auto latest = latest_snapshot_ids(connection, 1);
    if (latest.empty())
      return fail(no_snapshot("no snapshot yet (take one with 'cartwise snapshot take')"));
    to = latest[0];
  } else if (!connection.scalar("SELECT 1 FROM snapshots WHERE id = ?", *to)) {
    return fail(no_snapshot("snapshot " + std::to_string(*to) + " not found"));
  }
  if (!from) {
    from = previous_snapshot_id(connection, *to);
    if (!from)
      return fail(no_snapshot("segment migration needs a snapshot before snapshot " +
                              std::to_string(*to) + " (take one with 'cartwise snapshot take')"));
  } else if (!connection.scalar("SELECT 1 FROM snapshots WHERE id = ?", *from)) {
    return fail(no_snapshot("snapshot " + std::to_string(*from) + " not found"));
  }
  return SnapshotPair{*from, *to};
}

}  // namespace cw::reports
