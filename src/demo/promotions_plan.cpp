#include "demo/promotions_plan.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/time.hpp"
#include "demo/calendar.hpp"
#include "promotions/coupon_rules.hpp"

namespace cw::demo {
namespace {

// Reach and click-through by channel: e-mail reaches part of the customer base, the paid
// channels several times its size.
struct Channel {
  std::string_view name;
  double reach_per_customer_lo, reach_per_customer_hi;
  double ctr_lo, ctr_hi;
  Minor cost_per_thousand_customers_lo, cost_per_thousand_customers_hi;  // minor units
};
constexpr std::array<Channel, 4> kChannels{{
    {"email", 0.5, 0.7, 0.02, 0.05, 1'000, 4'000},
    {"social", 3.0, 8.0, 0.008, 0.02, 8'000, 20'000},
    {"search", 1.0, 3.0, 0.03, 0.06, 10'000, 25'000},
    {"ads", 4.0, 10.0, 0.005, 0.015, 12'000, 30'000},
}};

std::string campaign_name(std::string_view channel, std::int64_t starts_at) {
  static constexpr std::array<std::string_view, 12> kThemes{
      "New year",    "Winter sale", "Spring preview", "Easter", "May days",     "Summer edit",
      "Summer sale", "Holiday",     "Back to work",   "Autumn", "Black Friday", "Christmas"};
  const std::string date = format_day(day_of_unix(starts_at));
  const int month = std::stoi(date.substr(5, 2));
  return std::string(kThemes[static_cast<std::size_t>(month - 1)]) + " " + date.substr(0, 4) +
         " (" + std::string(channel) + ")";
}

std::string coupon_code(std::string_view channel, std::int64_t starts_at, std::int64_t id) {
  std::string code;
  for (char ch : channel) code += static_cast<char>(ch - 'a' + 'A');
  const std::string date = format_day(day_of_unix(starts_at));
  return code + date.substr(2, 2) + date.substr(5, 2) + "-" + std::to_string(id);
}

// Records made by the demo itself are valid by construction; a refusal is a bug here.
template <typename T>
T created(Result<T> result) {
  if (!result) throw Failure(result.error());
  return std::move(*result);
}

}  // namespace

PromotionsPlan::PromotionsPlan(db::Connection& c, Random& random, std::int64_t start,
                               std::int64_t now, std::int64_t customers, std::int64_t categories) {
  // A standing first-order coupon: once per customer, no end.
  std::vector<promotions::NewCoupon> coupons;
  coupons.push_back({.code = "WELCOME10", .percent_off = 10, .max_uses_per_customer = 1});
  const double scale = static_cast<double>(customers) / 1000.0;
  std::int64_t day = start / kSecondsPerDay + random.between(10, 30);
  const std::int64_t last_day = now / kSecondsPerDay;
  while (day < last_day) {
    const Channel& channel = kChannels[random.below(kChannels.size())];
    const std::int64_t days = random.between(14, 28);
    CampaignPlan campaign;
    campaign.starts_at = start_of_day(day);
    campaign.ends_at = start_of_day(day + days);
    campaign.channel = channel.name;
    const double reach =
        channel.reach_per_customer_lo +
        (channel.reach_per_customer_hi - channel.reach_per_customer_lo) * random.unit();
    campaign.impressions =
        std::max<std::int64_t>(100, std::llround(reach * static_cast<double>(customers)));
    const double ctr = channel.ctr_lo + (channel.ctr_hi - channel.ctr_lo) * random.unit();
    campaign.clicks = std::llround(ctr * static_cast<double>(campaign.impressions));
    const Minor cost =
        std::max<Minor>(1'000, std::llround(scale * static_cast<double>(random.between(
                                                        channel.cost_per_thousand_customers_lo,
                                                        channel.cost_per_thousand_customers_hi))));
    // Coupons are numbered from 1 in creation order, WELCOME10 first.
    const auto coupon_id = static_cast<std::int64_t>(coupons.size()) + 1;
    promotions::NewCoupon coupon;
    coupon.code = coupon_code(channel.name, campaign.starts_at, coupon_id);
    coupon.percent_off = static_cast<int>(5 * random.between(2, 5));  // 10..25%
    if (random.chance(0.25)) {
      coupon.scope = promotions::Scope::kCategory;
      coupon.scope_id = random.between(1, categories);
    }
    coupon.starts_at = from_unix(campaign.starts_at);
    coupon.expires_at = from_unix(campaign.ends_at);
    if (random.chance(0.4))  // a limited offer, which runs out in some campaigns
      coupon.max_uses = std::max<std::int64_t>(5, customers / 60);
    coupon.max_uses_per_customer =
        random.chance(0.8) ? std::optional<std::int64_t>(1) : std::optional<std::int64_t>(2);
    const bool targeted = channel.name == "email" && random.chance(0.5);
    const std::int64_t created_at = campaign.starts_at - random.between(3, 14) * kSecondsPerDay;
    campaign.id = created(promotions::create_campaign(
                              c,
                              {.name = campaign_name(channel.name, campaign.starts_at),
                               .channel = std::string(channel.name),
                               .starts_on = Date(std::chrono::days(day)),
                               .ends_on = Date(std::chrono::days(day + days - 1)),
                               .cost = cost,
                               .impressions = campaign.impressions,
                               .clicks = campaign.clicks,
                               .target_segment =
                                   targeted ? std::optional<std::string>("At risk") : std::nullopt},
                              from_unix(created_at)))
                      .id;
    coupon.campaign_id = campaign.id;
    campaign.coupon = coupons.size();
    coupons.push_back(coupon);
    campaigns_.push_back(campaign);
    day += days + random.between(10, 35);
  }
  for (const promotions::NewCoupon& k : coupons) {
    const Timestamp created_at =
        k.starts_at.value_or(from_unix(start)) - std::chrono::seconds(kSecondsPerDay);
    coupons_.push_back(created(promotions::create_coupon(c, k, created_at)));
  }
}

CampaignPlan* PromotionsPlan::campaign_at(std::int64_t at) {
  auto it = std::upper_bound(campaigns_.begin(), campaigns_.end(), at,
                             [](std::int64_t t, const CampaignPlan& k) { return t < k.starts_at; });
  if (it == campaigns_.begin()) return nullptr;
  --it;
  return at < it->ends_at ? &*it : nullptr;
}

bool PromotionsPlan::may_redeem(const promotions::Coupon& coupon, std::uint32_t customer,
                                std::int64_t at) const {
  if (promotions::coupon_refusal(coupon, customer, from_unix(at))) return false;
  if (promotions::uses_exhausted(coupon)) return false;
  const auto it = uses_by_customer_.find(static_cast<std::uint64_t>(coupon.id) << 32 | customer);
  return !promotions::customer_limit_reached(coupon,
                                             it == uses_by_customer_.end() ? 0 : it->second);
}

void PromotionsPlan::redeem(promotions::Coupon& coupon, std::uint32_t customer) {
  ++coupon.uses;
  ++uses_by_customer_[static_cast<std::uint64_t>(coupon.id) << 32 | customer];
}

void PromotionsPlan::release(promotions::Coupon& coupon, std::uint32_t customer) {
  --coupon.uses;
  --uses_by_customer_[static_cast<std::uint64_t>(coupon.id) << 32 | customer];
}

void PromotionsPlan::finish(db::Connection& c) {
  // The uses checkout would have counted one conditional UPDATE at a time, written once.
  for (const promotions::Coupon& k : coupons_)
    c.exec("UPDATE coupons SET uses = ? WHERE id = ?", k.uses, k.id);
  // The channel counts at least every visit that came through it.
  for (const CampaignPlan& k : campaigns_)
    c.exec("UPDATE campaigns SET clicks = ? WHERE id = ?",
           std::max(k.clicks, k.visits + k.visits / 10), k.id);
}

}  // namespace cw::demo
