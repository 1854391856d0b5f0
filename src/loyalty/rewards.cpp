#include "loyalty/rewards.hpp"

#include <sodium.h>

#include <algorithm>

#include "loyalty/reward_rules.hpp"

namespace cw::loyalty {
namespace {

constexpr const char* kField = "reward_token";
constexpr std::size_t kTokenBytes = 32;

Error invalid_reward() {
  return Error::unprocessable("invalid_reward", "This reward token cannot be used.", kField);
}

std::optional<Timestamp> opt_time(db::Rows& r, int column) {
  if (r.is_null(column)) return std::nullopt;
  return from_unix(r.integer(column));
}

}  // namespace

Rules Rules::for_currency(int decimals) {
  Minor unit = 1;
  for (int i = 0; i < decimals; ++i) unit *= 10;
  Rules rules;
  for (std::size_t k = 0; k < rules.thresholds.size(); ++k) {
    rules.thresholds[k] = static_cast<Minor>(250 * (k + 1)) * unit;
  }
  return rules;
}

Rules Rules::from_config(const Config& config) {
  Rules rules;
  rules.thresholds = config.reward_thresholds;
  rules.percent_per_category = config.reward_percent_per_category;
  rules.expiry = std::chrono::days{config.reward_expiry_days};
  return rules;
}

int category_for(Minor goods_after_discount, const Rules& rules) {
  int category = 0;
  for (Minor threshold : rules.thresholds) {
    if (goods_after_discount <= threshold) break;
    ++category;
  }
  return category;
}

std::optional<Id> least_selling_product(db::Connection& c) {
  return c.scalar(
      "SELECT p.id FROM products p WHERE p.active = 1 AND EXISTS "
      "(SELECT 1 FROM product_sizes s WHERE s.product_id = p.id AND s.stock > 0) "
      "ORDER BY p.units_sold, p.id LIMIT 1");
}

std::string new_reward_token() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw Failure(Error::internal("libsodium could not be initialised"));
  unsigned char bytes[kTokenBytes];
  randombytes_buf(bytes, sizeof bytes);
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string encoded(sodium_base64_ENCODED_LEN(kTokenBytes, kVariant), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), bytes, sizeof bytes, kVariant);
  encoded.resize(encoded.find('\0'));
  return encoded;
}

std::optional<AllocatedReward> allocate_reward(db::Connection& c, Id customer_id, Id order_id,
                                               Minor goods_after_discount, Timestamp now,
                                               const Rules& rules) {
  const auto terms = reward_terms(goods_after_discount, rules);
  if (!terms) return std::nullopt;
  const auto product_id = least_selling_product(c);
  if (!product_id) return std::nullopt;
  AllocatedReward reward{.token = new_reward_token(),
                         .product_id = *product_id,
                         .category = terms->category,
                         .percent_off = terms->percent_off,
                         .allocated_at = now,
                         .expires_at = now + rules.expiry};
  reward.id = *c.scalar(
      "INSERT INTO rewards (token, customer_id, order_id, category, percent_off, product_id, "
      "status, allocated_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, 'unclaimed', ?, ?) "
      "RETURNING id",
      reward.token, customer_id, order_id, reward.category, reward.percent_off, reward.product_id,
      to_unix(reward.allocated_at), to_unix(reward.expires_at));
  return reward;
}

std::vector<AllocatedReward> rewards_allocated_by(db::Connection& c, Id order_id) {
  std::vector<AllocatedReward> out;
  auto rows = c.query(
      "SELECT id, token, product_id, category, percent_off, allocated_at, expires_at "
      "FROM rewards WHERE order_id = ? ORDER BY id",
      order_id);
  while (rows.next()) {
    out.push_back({.id = rows.integer(0),
                   .token = rows.text(1),
                   .product_id = rows.integer(2),
                   .category = static_cast<int>(rows.integer(3)),
                   .percent_off = static_cast<int>(rows.integer(4)),
                   .allocated_at = from_unix(rows.integer(5)),
                   .expires_at = from_unix(rows.integer(6))});
  }
  return out;
}

Result<ClaimedReward> claim_reward(db::Connection& c, std::string_view token, Id customer_id,
                                   Timestamp now, promotions::PricedLines& lines) {
  if (token.empty() || token.size() > 128) return fail(invalid_reward());
  ClaimedReward claim{.token = std::string(token)};
  std::string status;
  Timestamp expires_at;
  {
    auto rows = c.query(
        "SELECT id, customer_id, product_id, percent_off, status, expires_at FROM rewards "
        "WHERE token = ?",
        token);
    if (!rows.next() || rows.integer(1) != customer_id) return fail(invalid_reward());
    claim.reward_id = rows.integer(0);
    claim.product_id = rows.integer(2);
    claim.percent_off = static_cast<int>(rows.integer(3));
    status = rows.text(4);
    expires_at = from_unix(rows.integer(5));
  }
  if (status == "revoked") {
    return fail(Error::unprocessable("reward_revoked", "This reward was withdrawn with its order.",
                                     kField));
  }
  if (status == "claimed") {
    return fail(
        Error::conflict("reward_already_claimed", "This reward has been used already.", kField));
  }
  if (now >= expires_at) {
    return fail(Error::unprocessable("reward_expired", "This reward has expired.", kField));
  }
  const bool applicable = std::any_of(lines.begin(), lines.end(), [&](const auto& line) {
    return line.product_id == claim.product_id;
  });
  if (!applicable) {
    return fail(Error::unprocessable(
        "reward_not_applicable", "This reward is for a product that is not in the order.", kField));
  }
  // The claim itself: conditional, so of concurrent checkouts with this token only one wins.
  if (c.exec("UPDATE rewards SET status = 'claimed', claimed_at = ? "
             "WHERE id = ? AND status = 'unclaimed' AND expires_at > ?",
             to_unix(now), claim.reward_id, to_unix(now)) == 0) {
    return fail(
        Error::conflict("reward_already_claimed", "This reward has been used already.", kField));
  }
  claim.discount = add_reward_discount(lines, claim.product_id, claim.percent_off);
  return claim;
}

void mark_claimed(db::Connection& c, const ClaimedReward& reward, Id order_id) {
  c.exec("UPDATE rewards SET claimed_order_id = ? WHERE id = ? AND status = 'claimed'", order_id,
         reward.reward_id);
}

RewardReversal reverse_rewards(db::Connection& c, Id order_id, Timestamp now) {
  RewardReversal reversal;
  reversal.revoked = c.exec(
      "UPDATE rewards SET status = 'revoked', revoked_at = ? "
      "WHERE order_id = ? AND status = 'unclaimed'",
      to_unix(now), order_id);
  // A reward whose earning order is cancelled too has nothing left to return to. Only cancelled
  // orders are ever purged, so an earning order that is gone (order_id NULL) counts as cancelled.
  reversal.returned = c.exec(
      "UPDATE rewards SET claimed_at = NULL, claimed_order_id = NULL, "
      "status = CASE WHEN earned_by_cancelled THEN 'revoked' ELSE 'unclaimed' END, "
      "revoked_at = CASE WHEN earned_by_cancelled THEN CAST(? AS BIGINT) ELSE NULL END "
      "FROM (SELECT r.id AS rid, (r.order_id IS NULL OR EXISTS (SELECT 1 FROM orders o "
      "WHERE o.id = r.order_id AND o.status = 'cancelled')) AS earned_by_cancelled "
      "FROM rewards r "
      "WHERE r.claimed_order_id = ? AND r.status = 'claimed') AS claims "
      "WHERE rewards.id = claims.rid",
      to_unix(now), order_id);
  return reversal;
}

std::string_view status_name(RewardStatus status) {
  switch (status) {
    case RewardStatus::kUnclaimed:
      return "unclaimed";
    case RewardStatus::kClaimed:
      return "claimed";
    case RewardStatus::kExpired:
      return "expired";
    case RewardStatus::kRevoked:
      return "revoked";
  }
  return "unclaimed";
}

std::vector<Reward> rewards_of(db::Connection& c, Id customer_id, Timestamp now) {
  std::vector<Reward> out;
  auto rows = c.query(
      "SELECT id, token, customer_id, order_id, category, percent_off, product_id, status, "
      "allocated_at, expires_at, claimed_at, claimed_order_id FROM rewards "
      "WHERE customer_id = ? ORDER BY allocated_at DESC, id DESC",
      customer_id);
  while (rows.next()) {
    Reward reward{.id = rows.integer(0),
                  .token = rows.text(1),
                  .customer_id = rows.integer(2),
                  .order_id = rows.opt_integer(3),
                  .category = static_cast<int>(rows.integer(4)),
                  .percent_off = static_cast<int>(rows.integer(5)),
                  .product_id = rows.integer(6),
                  .allocated_at = from_unix(rows.integer(8)),
                  .expires_at = from_unix(rows.integer(9)),
                  .claimed_at = opt_time(rows, 10),
                  .claimed_order_id = rows.opt_integer(11)};
    const std::string stored = rows.text(7);
    if (stored == "claimed")
      reward.status = RewardStatus::kClaimed;
    else if (stored == "revoked")
      reward.status = RewardStatus::kRevoked;
    else if (now >= reward.expires_at)
      reward.status = RewardStatus::kExpired;
    else
      reward.status = RewardStatus::kUnclaimed;
    out.push_back(std::move(reward));
  }
  return out;
}

std::map<Id, int> reward_percent_by_product(db::Connection& c, Id customer_id, Timestamp now) {
  std::map<Id, int> out;
  auto rows = c.query(
      "SELECT product_id, MAX(percent_off) FROM rewards "
      "WHERE customer_id = ? AND status = 'unclaimed' AND expires_at > ? GROUP BY product_id",
      customer_id, to_unix(now));
  while (rows.next()) out.emplace(rows.integer(0), static_cast<int>(rows.integer(1)));
  return out;
}

std::optional<int> reward_percent_for(db::Connection& c, Id customer_id, Id product_id,
                                      Timestamp now) {
  const auto percent = c.scalar(
      "SELECT MAX(percent_off) FROM rewards WHERE customer_id = ? AND product_id = ? "
      "AND status = 'unclaimed' AND expires_at > ?",
      customer_id, product_id, to_unix(now));
  if (!percent) return std::nullopt;
  return static_cast<int>(*percent);
}

}  // namespace cw::loyalty
