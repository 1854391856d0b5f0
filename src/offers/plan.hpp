#pragma once
// Offer planning (docs/analytics.md "Offers"): which customers get a discount, and how deep, from
// their lifetime-value predictions, within a budget. Pure computation: no database, no model
// fitting, so the rules can be tested on hand-made inputs.
//
// The rules, as implemented:
// - CLV if alive = clv / P(alive): the model's CLV is P(alive) times the value of a customer who
//   is alive. Below kMinAlive the quotient is noise (0/0 in the limit): such a customer is taken
//   as gone, with value at risk 0 and no offer.
// - value at risk = CLV if alive x (1 - P(alive)).
// - eligible: every input finite, P(alive) < alive_threshold and value at risk > 0.
// - rank: value at risk descending, ties by customer id ascending.
// - ladder: steps l_0 < ... < l_{k-1} (percent off); the eligible customer at 0-based rank i of n
//   gets l_{k-1-floor(i*k/n)}: the ranks are cut into k groups as equal as integer division
//   allows, the top group gets the deepest step. A step of 0 is no offer.
// - expected cost = percent_off / 100 x expected value x P(alive), in minor units rounded half-up.
// - budget: in rank order an offer is kept when its expected cost fits in what is left and
//   skipped otherwise (a later, cheaper offer may still fit), so the total never exceeds it.
// The same candidates and options always give the same plan.
//
// Errors: 400 "invalid_option" with field "budget" (negative), "ladder" (empty, more than 20
// steps, a step outside 0..100, not strictly ascending) or "alive_threshold" (outside (0, 1]).

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/money.hpp"

namespace cw::offers {

inline constexpr double kMinAlive = 1e-9;

// One customer the plan may consider, with the model's predictions (money in major units, as
// clv::Predictions gives it).
struct Candidate {
  Id customer_id = 0;
  std::string email;
  std::string segment;  // RFM segment at the as-of date
  double p_alive = 0;
  double clv = 0;
  double expected_value = 0;  // expected spend per purchase
};

struct PlanOptions {
  Minor budget = 0;  // minor units
  std::vector<int> ladder{0, 5, 10, 15, 20};
  double alive_threshold = 0.9;  // no offer when P(alive) >= this
  int currency_decimals = 2;
};

struct Offer {
  Candidate customer;
  double clv_if_alive = 0;   // major units
  double value_at_risk = 0;  // major units
  int percent_off = 0;
  Minor expected_cost = 0;
};

struct Plan {
  std::vector<Offer> offers;    // in rank order
  std::size_t customers = 0;    // candidates considered
  std::size_t eligible = 0;     // ranked (see above)
  std::size_t over_budget = 0;  // given a step above 0 but skipped for the budget
  Minor expected_cost = 0;      // of all offers, <= budget
};

// "0,5,10,15,20" (spaces allowed) into steps; checked like PlanOptions::ladder.
Result<std::vector<int>> parse_ladder(std::string_view text);

// CLV if alive (see above); 0 when P(alive) < kMinAlive or an input is not finite.
double clv_if_alive(double clv, double p_alive);

Result<Plan> plan_offers(std::span<const Candidate> candidates, const PlanOptions& options);

}  // namespace cw::offers
