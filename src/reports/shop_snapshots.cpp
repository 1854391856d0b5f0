// The segment-migration report: customers per (from segment, to segment) between two snapshots.
#include <algorithm>
#include <map>

#include "reports/shop_helpers.hpp"
#include "reports/snapshot_tables.hpp"

namespace cw::reports {
namespace shop {

Result<Table> segment_migration(const Context& ctx) {
  CW_ASSIGN_OR_RETURN(auto pair, migration_pair(ctx.connection(), ctx.options.from_snapshot,
                                                ctx.options.to_snapshot));
  CW_ASSIGN_OR_RETURN(auto from, read_snapshot_segments(ctx.connection(), pair.from));
  CW_ASSIGN_OR_RETURN(auto to, read_snapshot_segments(ctx.connection(), pair.to));
  // counts[from code + 1][to code]; row 0 is "(new)": customers absent from `from`.
  std::vector<std::vector<std::int64_t>> counts(from.names.size() + 1,
                                                std::vector<std::int64_t>(to.names.size(), 0));
  std::size_t j = 0;
  for (std::size_t i = 0; i < to.customer_id.size(); ++i) {
    while (j < from.customer_id.size() && from.customer_id[j] < to.customer_id[i]) ++j;
    const bool known = j < from.customer_id.size() && from.customer_id[j] == to.customer_id[i];
    ++counts[known ? from.segment[j] + 1u : 0u][to.segment[i]];
  }
  Table t = new_table("segment-migration", ctx);
  t.as_of_day = to.as_of_day;
  auto& from_segment = t.add("from_segment", ColumnType::kText);
  auto& to_segment = t.add("to_segment", ColumnType::kText);
  auto& customers = t.add("customers", ColumnType::kInteger);
  // The from snapshot's segments in their map order, "(new)" last; to segments in theirs.
  for (std::size_t k = 1; k <= counts.size(); ++k) {
    const std::size_t row = k % counts.size();
    for (std::size_t code = 0; code < to.names.size(); ++code) {
      if (counts[row][code] == 0) continue;
      from_segment.push_text(row == 0 ? "(new)" : from.names[row - 1]);
      to_segment.push_text(to.names[code]);
      customers.push_int(counts[row][code]);
    }
  }
  return t;
}

}  // namespace shop
}  // namespace cw::reports
