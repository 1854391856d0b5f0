#pragma once
// Loyalty rewards: allocation after an order, the claim at checkout, reversal on cancel, and the
// customer's view. Functions that write run inside the caller's write transaction (the checkout
// or the cancel), so a reward changes together with the order or not at all.
//
// Stored status is unclaimed, claimed or revoked. "Expired" is derived: an unclaimed reward with
// now >= expires_at (expires_at = allocated_at + expiry). A claim is one conditional UPDATE
// (`... WHERE id = ? AND status = 'unclaimed' AND expires_at > now`), so a token is claimed at
// most once whatever the concurrency.

#include <array>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/money.hpp"
#include "core/time.hpp"
#include "db/database.hpp"
#include "promotions/priced_line.hpp"

namespace cw::loyalty {

struct Rules {
  // Category k (1..5) when the goods after discounts are MORE than thresholds[k-1] (minor units,
  // ascending); at or below thresholds[0] there is no reward. Defaults: 250, 500, 750, 1000, 1250
  // major units of a two-decimal currency.
  std::array<Minor, 5> thresholds{25'000, 50'000, 75'000, 100'000, 125'000};
  int percent_per_category = 10;  // category x this = percent off
  std::chrono::seconds expiry{std::chrono::days{90}};

  // The default thresholds (250 .. 1250 major units) for a currency with `decimals` digits.
  static Rules for_currency(int decimals);
  // The configured rules: reward_thresholds, reward_percent_per_category, reward_expiry_days.
  static Rules from_config(const Config& config);
};

// 0 (no reward) .. 5.
int category_for(Minor goods_after_discount, const Rules& rules);

// The product a new reward is for: the active product with stock left in some size that has the
// fewest units sold (products.units_sold: non-cancelled orders), ties to the lowest id. nullopt
// when no product can be bought.
std::optional<Id> least_selling_product(db::Connection& c);

// 32 random bytes (libsodium), base64url without padding: 43 characters.
std::string new_reward_token();

struct AllocatedReward {
  Id id = 0;
  std::string token;
  Id product_id = 0;
  int category = 0;
  int percent_off = 0;
  Timestamp allocated_at;
  Timestamp expires_at;
};

// After an order is written. Precondition: the order's stock decrements and units_sold increments
// are already made in this transaction (the least-selling product counts this order and needs
// stock left after it). nullopt when the category is 0 or no product can be bought.
std::optional<AllocatedReward> allocate_reward(db::Connection& c, Id customer_id, Id order_id,
                                               Minor goods_after_discount, Timestamp now,
                                               const Rules& rules);

// The rewards an order earned (for its bill), in allocation order.
std::vector<AllocatedReward> rewards_allocated_by(db::Connection& c, Id order_id);

struct ClaimedReward {
  Id reward_id = 0;
  std::string token;
  Id product_id = 0;
  int percent_off = 0;
  Minor discount = 0;  // the sum this reward added over the lines
};

// Claims the reward for this checkout and adds percent_off of what is left (after the coupon) on
// every line of its product, rounded half-up per line. Errors (field "reward_token"; `lines`
// untouched and nothing written): 422 invalid_reward (unknown token, or another customer's: their
// existence is never revealed), 422 reward_revoked, 409 reward_already_claimed, 422 reward_expired
// (now >= expires_at), 422 reward_not_applicable (its product is not in the order).
Result<ClaimedReward> claim_reward(db::Connection& c, std::string_view token, Id customer_id,
                                   Timestamp now, promotions::PricedLines& lines);

// Records which order holds the claim, once the order row exists (same transaction).
void mark_claimed(db::Connection& c, const ClaimedReward& reward, Id order_id);

struct RewardReversal {
  std::int64_t returned = 0;  // claims the order held, given back
  std::int64_t revoked = 0;   // unclaimed rewards the order had earned, revoked
};

// On cancel of `order_id` (same transaction): the reward it claimed goes back to unclaimed (and
// so reads as expired if its time has passed; it is never claimable after expiry), unless the
// order that earned it was itself cancelled (or purged: order_id is NULL), in which case it is
// revoked; the rewards it earned
// and that are still unclaimed are revoked. A reward it earned that another order already claimed
// stays claimed.
RewardReversal reverse_rewards(db::Connection& c, Id order_id, Timestamp now);

enum class RewardStatus { kUnclaimed, kClaimed, kExpired, kRevoked };
std::string_view status_name(RewardStatus status);  // "unclaimed", "claimed", ...

struct Reward {
  Id id = 0;
  std::string token;
  Id customer_id = 0;
  std::optional<Id> order_id;  // the order that earned it (nullopt once purged)
  int category = 0;
  int percent_off = 0;
  Id product_id = 0;
  RewardStatus status = RewardStatus::kUnclaimed;  // as of `now`
  Timestamp allocated_at;
  Timestamp expires_at;
  std::optional<Timestamp> claimed_at;
  std::optional<Id> claimed_order_id;
};

// A customer's rewards, newest first, with the status as of `now`.
std::vector<Reward> rewards_of(db::Connection& c, Id customer_id, Timestamp now);

// For product listings: product id -> the best percent off among the customer's unclaimed,
// unexpired rewards. Products without one are absent.
std::map<Id, int> reward_percent_by_product(db::Connection& c, Id customer_id, Timestamp now);
std::optional<int> reward_percent_for(db::Connection& c, Id customer_id, Id product_id,
                                      Timestamp now);

}  // namespace cw::loyalty
