#include "offers/plan.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <unordered_set>

namespace cw::offers {
namespace {

constexpr std::size_t kMaxSteps = 20;

Error invalid_option(const std::string& field, const std::string& flag, const std::string& why) {
  return Error::bad_request("invalid_option", "--" + flag + ": " + why, field);
}

Result<bool> check_ladder(const std::vector<int>& ladder) {
  if (ladder.empty() || ladder.size() > kMaxSteps)
    return fail(invalid_option("ladder", "ladder", "give 1 to 20 steps, e.g. 0,5,10,15,20"));
  for (std::size_t i = 0; i < ladder.size(); ++i) {
    if (ladder[i] < 0 || ladder[i] > 100)
      return fail(invalid_option("ladder", "ladder", "each step is a percentage from 0 to 100"));
    if (i > 0 && ladder[i] <= ladder[i - 1])
      return fail(invalid_option("ladder", "ladder", "steps must be strictly ascending"));
  }
  return true;
}

Result<bool> check(const PlanOptions& o) {
  if (o.budget < 0) return fail(invalid_option("budget", "budget", "must be 0 or more"));
  if (!(o.alive_threshold > 0 && o.alive_threshold <= 1))
    return fail(invalid_option("alive_threshold", "alive-threshold", "must be in (0, 1]"));
  return check_ladder(o.ladder);
}

bool finite(const Candidate& c) {
  return std::isfinite(c.p_alive) && std::isfinite(c.clv) && std::isfinite(c.expected_value);
}

// percent / 100 x expected value x P(alive) in minor units, rounded half-up; nullopt when it is
// too large for any budget.
std::optional<Minor> expected_cost(int percent, const Candidate& c, double minor_per_major) {
  const double cost = static_cast<double>(percent) * std::max(c.expected_value, 0.0) *
                      minor_per_major * c.p_alive / 100.0;
  if (!(cost < 9e18)) return std::nullopt;
  return static_cast<Minor>(std::floor(cost + 0.5));
}

}  // namespace

Result<std::vector<int>> parse_ladder(std::string_view text) {
  std::vector<int> steps;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    std::string_view part = text.substr(start, comma - start);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    int step = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), step);
    if (part.empty() || ec != std::errc{} || end != part.data() + part.size())
      return fail(invalid_option("ladder", "ladder",
                                 "expected whole percentages separated by commas, e.g. 0,5,10"));
    steps.push_back(step);
    start = comma + 1;
  }
  CW_TRY(check_ladder(steps));
  return steps;
}

double clv_if_alive(double clv, double p_alive) {
  if (!std::isfinite(clv) || !std::isfinite(p_alive) || p_alive < kMinAlive) return 0;
  return clv / p_alive;
}

Result<Plan> plan_offers(std::span<const Candidate> candidates, const PlanOptions& options) {
  CW_TRY(check(options));
  Plan plan;
  plan.customers = candidates.size();
  // Ranked by position, not as Offers: at 1M candidates copying each one (two strings) into a
  // sorted vector of Offers was most of a dashboard request. Only the offers made are built.
  struct Ranked {
    double if_alive, at_risk;
    std::size_t index;
  };
  std::vector<Ranked> ranked;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const Candidate& c = candidates[i];
    if (!finite(c) || c.p_alive >= options.alive_threshold) continue;
    const double if_alive = clv_if_alive(c.clv, c.p_alive);
    const double at_risk = if_alive * (1.0 - std::clamp(c.p_alive, 0.0, 1.0));
    if (!(at_risk > 0) || !std::isfinite(at_risk)) continue;
    ranked.push_back({if_alive, at_risk, i});
  }
  std::sort(ranked.begin(), ranked.end(), [&](const Ranked& a, const Ranked& b) {
    if (a.at_risk != b.at_risk) return a.at_risk > b.at_risk;
    const Id x = candidates[a.index].customer_id, y = candidates[b.index].customer_id;
    return x != y ? x < y : a.index < b.index;
  });
  // One offer per customer even when a caller passes a customer twice: the higher-ranked entry.
  std::unordered_set<Id> seen;
  seen.reserve(ranked.size());
  std::erase_if(ranked, [&](const Ranked& r) {
    return !seen.insert(candidates[r.index].customer_id).second;
  });
  plan.eligible = ranked.size();
  const std::size_t n = ranked.size(), k = options.ladder.size();
  const double minor_per_major = std::pow(10.0, options.currency_decimals);
  Minor left = options.budget;
  for (std::size_t i = 0; i < n; ++i) {
    const Candidate& c = candidates[ranked[i].index];
    const int percent_off = options.ladder[k - 1 - i * k / n];
    if (percent_off == 0) continue;
    const auto cost = expected_cost(percent_off, c, minor_per_major);
    if (!cost || *cost > left) {
      ++plan.over_budget;
      continue;
    }
    left -= *cost;
    plan.expected_cost += *cost;
    plan.offers.push_back({c, ranked[i].if_alive, ranked[i].at_risk, percent_off, *cost});
  }
  return plan;
}

}  // namespace cw::offers
