// The offer candidates of the shop: the lifetime-value models fitted on every customer's orders up
// to the as-of date, joined with each customer's RFM segment and e-mail address.
#include <algorithm>
#include <cstdio>
#include <unordered_set>

#include "clv/clv.hpp"
#include "offers/offers.hpp"
#include "reports/clv_reports.hpp"
#include "reports/shop.hpp"

namespace cw::offers {
namespace {

// The customers of one segment, via `export segment` (which matches the name and says when it is
// unknown), from the already loaded facts in `cache`.
Result<std::unordered_set<Id>> segment_members(db::Database& db,
                                               const reports::ReportOptions& options,
                                               const Clock& clock, reports::DatasetCache& cache) {
  CW_ASSIGN_OR_RETURN(auto table,
                      reports::export_segment(db, options.segment, options, clock, &cache));
  std::unordered_set<Id> members;
  const reports::Column& id = *table.find("customer_id");
  for (std::size_t i = 0; i < table.rows(); ++i) members.insert(id.int_at(i));
  return members;
}

// E-mail addresses of `ids` (ascending), "" when a customer has none.
std::vector<std::string> emails_of(db::Database& db, const std::vector<Id>& ids) {
  std::vector<std::string> out(ids.size());
  auto lease = db.lease();
  auto rows = lease->query("SELECT id, coalesce(email, '') FROM customers ORDER BY id");
  std::size_t i = 0;
  while (i < ids.size() && rows.next()) {
    const Id id = rows.integer(0);
    while (i < ids.size() && ids[i] < id) ++i;
    if (i < ids.size() && ids[i] == id) out[i++] = rows.text(1);
  }
  return out;
}

// Everything of `options` that shop_candidates() reads, as text (doubles in hex, exactly). The
// segment map is not part of it: nothing a request sends changes it.
std::string candidates_key(const reports::ReportOptions& options, std::int32_t as_of) {
  const auto optional_real = [](const std::optional<double>& v) {
    if (!v) return std::string("-");
    char text[40];
    std::snprintf(text, sizeof text, "%a", *v);
    return std::string(text);
  };
  return std::to_string(as_of) + "|" + options.time_unit + "|" + optional_real(options.horizon) +
         "|" + optional_real(options.margin) + "|" + optional_real(options.discount_rate) + "|" +
         std::to_string(options.currency_decimals) + "|" + options.segment;
}

}  // namespace

Result<std::shared_ptr<const std::vector<Candidate>>> CandidateCache::get(
    db::Database& db, const reports::ReportOptions& options, const Clock& clock,
    reports::DatasetCache* data) {
  const std::string key = candidates_key(options, options.as_of_day.value_or(today(clock)));
  MutexLock lock(mutex_);
  // Read before computing: data changed meanwhile only makes this entry miss next time.
  const std::int64_t version = reports::data_version(*db.lease());
  if (candidates_ && version == version_ && key == key_) return candidates_;
  CW_ASSIGN_OR_RETURN(auto computed, shop_candidates(db, options, clock, data));
  candidates_ = std::make_shared<const std::vector<Candidate>>(std::move(computed));
  version_ = version;
  key_ = key;
  return candidates_;
}

Result<std::vector<Candidate>> shop_candidates(db::Database& db,
                                               const reports::ReportOptions& input,
                                               const Clock& clock, reports::DatasetCache* data) {
  reports::ReportOptions options = input;
  const std::int32_t as_of = options.as_of_day.value_or(today(clock));
  options.as_of_day = as_of;
  CW_ASSIGN_OR_RETURN(auto model, reports::clv_options(options));
  reports::DatasetCache local;
  reports::DatasetCache& cache = data ? *data : local;
  CW_ASSIGN_OR_RETURN(const auto dataset,
                      cache.get(db, reports::LoadOptions{.as_of_day = as_of, .keep_orders = true}));
  std::optional<std::unordered_set<Id>> members;
  if (!options.segment.empty()) {
    CW_ASSIGN_OR_RETURN(auto found, segment_members(db, options, clock, cache));
    members = std::move(found);
  }
  CW_ASSIGN_OR_RETURN(auto summary,
                      reports::clv_summary(*dataset, as_of, model.unit, options.currency_decimals));
  CW_ASSIGN_OR_RETURN(auto fitted, clv::fit_and_predict(summary, model));
  const clv::Predictions& p = fitted.predictions;
  const reports::CustomerFacts& facts = dataset->facts;
  const reports::RfmScores rfm = reports::compute_rfm(facts, as_of);
  const std::vector<std::string> emails = emails_of(db, summary.customer_id);
  std::vector<Candidate> out;
  for (std::size_t i = 0; i < summary.size(); ++i) {
    const Id id = summary.customer_id[i];
    if (members && !members->contains(id)) continue;
    const auto row = std::lower_bound(facts.customer_id.begin(), facts.customer_id.end(), id) -
                     facts.customer_id.begin();
    const bool has_facts =
        static_cast<std::size_t>(row) < facts.size() && facts.customer_id[row] == id;
    out.push_back({.customer_id = id,
                   .email = emails[i],
                   .segment = has_facts ? options.segments.at(rfm.r[row], rfm.f[row]) : "",
                   .p_alive = p.p_alive[i],
                   .clv = p.clv[i],
                   .expected_value = p.expected_value[i]});
  }
  return out;
}

}  // namespace cw::offers
