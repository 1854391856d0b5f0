// `export segment`: the customers of one RFM segment, and the matching of segment names.
#include <algorithm>

#include "reports/shop_helpers.hpp"

namespace cw::reports {

namespace shop {
Result<std::string> find_segment(const SegmentMap& map, const std::string& name) {
  const std::vector<std::string> names = map.names();
  CW_ASSIGN_OR_RETURN(const std::size_t k, match_segment(names, name));
  return names[k];
}
}  // namespace shop

std::string segment_key(std::string_view name) {
  std::string key;
  for (char c : name) {
    if (c == ' ' || c == '-' || c == '_') continue;
    key += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return key;
}

Result<std::size_t> match_segment(const std::vector<std::string>& names, const std::string& name) {
  std::string known;
  for (std::size_t k = 0; k < names.size(); ++k) {
    if (segment_key(names[k]) == segment_key(name)) return k;
    known += (known.empty() ? "" : ", ") + names[k];
  }
  return fail(Error::bad_request("unknown_segment",
                                 "unknown segment '" + name + "' (expected one of " + known + ")",
                                 "segment"));
}

SegmentExport::SegmentExport(std::string segment, std::int32_t as_of_day,
                             const ReportOptions& options)
    : segment_(std::move(segment)),
      table_(new_table("export-segment", options, as_of_day)),
      with_external_ref_(options.external_ref) {
  table_.add("customer_id", ColumnType::kInteger);
  if (with_external_ref_) table_.add("external_ref", ColumnType::kText);
  table_.add("first_name", ColumnType::kText);
  table_.add("last_name", ColumnType::kText);
  table_.add("email", ColumnType::kText);
  table_.add("recency_days", ColumnType::kInteger);
  table_.add("frequency", ColumnType::kInteger);
  table_.add("monetary", ColumnType::kMoney);
  table_.add("r", ColumnType::kInteger);
  table_.add("f", ColumnType::kInteger);
  table_.add("m", ColumnType::kInteger);
  table_.add("segment", ColumnType::kText);
}

void SegmentExport::add(const Customer& customer, std::int64_t recency_days, std::int64_t frequency,
                        Minor monetary, int r, int f, int m) {
  auto column = table_.columns.begin();
  (column++)->push_int(customer.id);
  if (with_external_ref_) (column++)->push_text(customer.external_ref);
  (column++)->push_text(customer.first_name);
  (column++)->push_text(customer.last_name);
  (column++)->push_text(customer.email);
  (column++)->push_int(recency_days);
  (column++)->push_int(frequency);
  (column++)->push_int(monetary);
  (column++)->push_int(r);
  (column++)->push_int(f);
  (column++)->push_int(m);
  column->push_text(segment_);
}

Result<Table> export_segment(db::Database& db, const std::string& segment,
                             const ReportOptions& options, const Clock& clock,
                             DatasetCache* cache) {
  const SegmentMap& map = options.segments;
  CW_ASSIGN_OR_RETURN(auto found, shop::find_segment(map, segment));
  const std::string& name = found;
  const std::int32_t as_of_day = options.as_of_day.value_or(today(clock));
  CW_ASSIGN_OR_RETURN(const auto data, shop::facts_for(db, LoadOptions{as_of_day, false}, cache));
  const CustomerFacts& f = data->facts;
  const RfmScores s = compute_rfm(f, as_of_day);
  SegmentExport out(name, as_of_day, options);
  std::vector<std::size_t> members;  // indexes into the facts, ascending customer id
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (map.at(s.r[i], s.f[i]) == name) members.push_back(i);
  }
  std::sort(members.begin(), members.end(),
            [&](std::size_t a, std::size_t b) { return f.customer_id[a] < f.customer_id[b]; });
  // The segment's names and e-mails in id ranges of kChunk members: one query per chunk rather
  // than per customer (a large segment is hundreds of thousands of round trips on PostgreSQL),
  // and no query reads more rows than the customers between its first and last member.
  constexpr std::size_t kChunk = 1000;
  auto c = db.lease();
  for (std::size_t from = 0; from < members.size(); from += kChunk) {
    const std::size_t to = std::min(members.size(), from + kChunk);
    auto who = c->stream(
        "SELECT id, external_ref, first_name, last_name, email FROM customers "
        "WHERE id >= ? AND id <= ? ORDER BY id",
        f.customer_id[members[from]], f.customer_id[members[to - 1]]);
    bool more = who.next();
    for (std::size_t k = from; k < to; ++k) {
      const std::size_t i = members[k];
      while (more && who.integer(0) < f.customer_id[i]) more = who.next();
      const bool known = more && who.integer(0) == f.customer_id[i];
      const auto text = [&](int column) {
        return known ? who.opt_text(column).value_or("") : std::string();
      };
      out.add({f.customer_id[i], text(1), text(2), text(3), text(4)}, s.recency_days[i],
              f.orders[i], f.revenue[i], s.r[i], s.f[i], s.m[i]);
    }
  }
  return out.take();
}

}  // namespace cw::reports
