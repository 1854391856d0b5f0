// Coupons and campaigns (analyst or admin) and a customer's rewards.
#include <algorithm>
#include <limits>

#include "http/handlers.hpp"
#include "http/mapping.hpp"
#include "loyalty/loyalty.hpp"

namespace cw::http::handlers {
namespace {

using promotions::CampaignPatch;
using promotions::CouponPatch;

// Out-of-range whole numbers are clamped so that the domain's range check reports them.
std::optional<int> to_int(std::optional<std::int64_t> value) {
  if (!value) return std::nullopt;
  return static_cast<int>(std::clamp<std::int64_t>(*value, std::numeric_limits<int>::min(),
                                                   std::numeric_limits<int>::max()));
}

std::optional<promotions::Scope> scope_of(Fields& fields) {
  auto text = fields.optional_text("scope");
  if (!text) return std::nullopt;
  auto scope = promotions::parse_scope(*text);
  if (!scope) {
    fields.fail(Error::bad_request("invalid_parameter",
                                   "scope must be one of order, category, product.", "scope"));
  }
  return scope;
}

Result<Reply> coupon_reply(const Result<promotions::Coupon>& coupon, const Services& services,
                           int status = 200) {
  CW_TRY(coupon);
  return Reply{status, to_json(*coupon, Money{services.config})};
}

Result<Reply> campaign_reply(const Result<promotions::Campaign>& campaign, const Services& services,
                             int status = 200) {
  CW_TRY(campaign);
  return Reply{status, to_json(*campaign, Money{services.config})};
}

}  // namespace

Result<Reply> create_coupon(Services& services, const Call& call) {
  CW_ASSIGN_OR_RETURN(auto body, parse_object(call.request.body));
  Fields fields(body);
  const int decimals = services.config.currency_decimals;
  promotions::NewCoupon coupon;
  coupon.code = fields.text("code");
  const auto scope = scope_of(fields);
  if (!scope && !fields.error()) {
    fields.fail(Error::bad_request("missing_field", "scope is required.", "scope"));
  }
  coupon.scope = scope.value_or(promotions::Scope::kOrder);
  coupon.scope_id = fields.optional_integer("scope_id");
  coupon.percent_off = to_int(fields.optional_integer("percent_off"));
  coupon.amount_off = fields.optional_money("amount_off", decimals);
  coupon.starts_at = fields.optional_timestamp("starts_at");
  coupon.expires_at = fields.optional_timestamp("expires_at");
  coupon.max_uses = fields.optional_integer("max_uses");
  coupon.max_uses_per_customer = fields.optional_integer("max_uses_per_customer");
  coupon.campaign_id = fields.optional_integer("campaign_id");
  coupon.active = fields.optional_boolean("active").value_or(true);
  if (fields.error()) return fail(*fields.error());
  return coupon_reply(services.promotions.create_coupon(coupon), services, 201);
}

Result<Reply> list_coupons(Services& services, const Call&) {
  const Money money{services.config};
  Json items = Json::array();
  for (const auto& coupon : services.promotions.list_coupons()) {
    items.push_back(to_json(coupon, money));
  }
  return Reply{200, {{"items", std::move(items)}}};
}

Result<Reply> get_coupon(Services& services, const Call& call) {
  auto id = parse_id(call.path_params[0]);
  if (!id) return fail(Error::not_found("coupon"));
  return coupon_reply(services.promotions.get_coupon(*id), services);
}

Result<Reply> update_coupon(Services& services, const Call& call) {
  auto id = parse_id(call.path_params[0]);
  if (!id) return fail(Error::not_found("coupon"));
  CW_ASSIGN_OR_RETURN(auto body, parse_object(call.request.body));
  Fields fields(body);
  const int decimals = services.config.currency_decimals;
  auto integer = [&](const char* key) { return fields.optional_integer(key); };
  auto timestamp = [&](const char* key) { return fields.optional_timestamp(key); };
  CouponPatch patch;
  patch.code = fields.optional_text("code");
  patch.scope = scope_of(fields);
  patch.scope_id = fields.nullable("scope_id", integer);
  patch.percent_off =
      fields.nullable("percent_off", [&](const char* key) { return to_int(integer(key)); });
  patch.amount_off = fields.nullable(
      "amount_off", [&](const char* key) { return fields.optional_money(key, decimals); });
  patch.starts_at = fields.nullable("starts_at", timestamp);
  patch.expires_at = fields.nullable("expires_at", timestamp);
  patch.max_uses = fields.nullable("max_uses", integer);
  patch.max_uses_per_customer = fields.nullable("max_uses_per_customer", integer);
  patch.campaign_id = fields.nullable("campaign_id", integer);
  patch.active = fields.optional_boolean("active");
  if (fields.error()) return fail(*fields.error());
  return coupon_reply(services.promotions.update_coupon(*id, patch), services);
}

Result<Reply> create_campaign(Services& services, const Call& call) {
  CW_ASSIGN_OR_RETURN(auto body, parse_object(call.request.body));
  Fields fields(body);
  promotions::NewCampaign campaign;
  campaign.name = fields.text("name");
  campaign.channel = fields.text("channel");
  campaign.starts_on = fields.date("starts_at");
  campaign.ends_on = fields.date("ends_at");
  // Figures that are imported later may start at zero.
  campaign.cost = fields.optional_money("cost", services.config.currency_decimals).value_or(0);
  campaign.impressions = fields.optional_integer("impressions").value_or(0);
  campaign.clicks = fields.optional_integer("clicks").value_or(0);
  campaign.target_segment = fields.optional_text("target_segment");
  if (fields.error()) return fail(*fields.error());
  return campaign_reply(services.promotions.create_campaign(campaign), services, 201);
}

Result<Reply> list_campaigns(Services& services, const Call&) {
  const Money money{services.config};
  Json items = Json::array();
  for (const auto& campaign : services.promotions.list_campaigns()) {
    items.push_back(to_json(campaign, money));
  }
  return Reply{200, {{"items", std::move(items)}}};
}

Result<Reply> get_campaign(Services& services, const Call& call) {
  auto id = parse_id(call.path_params[0]);
  if (!id) return fail(Error::not_found("campaign"));
  return campaign_reply(services.promotions.get_campaign(*id), services);
}

Result<Reply> update_campaign(Services& services, const Call& call) {
  auto id = parse_id(call.path_params[0]);
  if (!id) return fail(Error::not_found("campaign"));
  CW_ASSIGN_OR_RETURN(auto body, parse_object(call.request.body));
  Fields fields(body);
  CampaignPatch patch;
  patch.name = fields.optional_text("name");
  patch.channel = fields.optional_text("channel");
  patch.starts_on = fields.optional_date("starts_at");
  patch.ends_on = fields.optional_date("ends_at");
  patch.cost = fields.optional_money("cost", services.config.currency_decimals);
  patch.impressions = fields.optional_integer("impressions");
  patch.clicks = fields.optional_integer("clicks");
  patch.target_segment =
      fields.nullable("target_segment", [&](const char* key) { return fields.optional_text(key); });
  if (fields.error()) return fail(*fields.error());
  return campaign_reply(services.promotions.update_campaign(*id, patch), services);
}

Result<Reply> my_rewards(Services& services, const Call& call) {
  Json items = Json::array();
  const loyalty::Loyalty loyalty(services.db, services.clock);
  for (const auto& reward : loyalty.rewards_of(*call.principal->customer_id)) {
    items.push_back(to_json(reward));
  }
  return Reply{200, {{"items", std::move(items)}}};
}

}  // namespace cw::http::handlers
