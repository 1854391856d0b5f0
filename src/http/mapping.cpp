#include "http/mapping.hpp"

#include "core/time.hpp"

namespace cw::http {
namespace {

template <typename T>
Json optional_json(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

Json optional_time(const std::optional<Timestamp>& value) {
  return value ? Json(format_timestamp(*value)) : Json(nullptr);
}

}  // namespace

Json to_json(const catalog::Product& product, const Money& money) {
  Json sizes = Json::array();
  for (const auto& size : product.sizes)
    sizes.push_back({{"size", size.size}, {"stock", size.stock}});
  return {
      {"id", product.id},
      {"name", product.name},
      {"description", product.description},
      {"category", product.category},
      {"category_id", product.category_id},
      {"price", money(product.price)},
      {"currency", money.config.currency},
      {"active", product.active},
      {"sizes", std::move(sizes)},
      {"external_ref", optional_json(product.external_ref)},
  };
}

Json to_json(const customers::Address& address) {
  return {
      {"line1", address.line1},     {"line2", optional_json(address.line2)},
      {"city", address.city},       {"postcode", address.postcode},
      {"country", address.country},
  };
}

Json to_json(const customers::Profile& profile) {
  return {
      {"id", profile.customer_id},
      {"username", profile.username},
      {"email", profile.email},
      {"first_name", profile.first_name},
      {"last_name", profile.last_name},
      {"phone", optional_json(profile.phone)},
      {"gender", optional_json(profile.gender)},
      {"date_of_birth", optional_json(profile.date_of_birth)},
      {"occupation", optional_json(profile.occupation)},
      {"address", profile.address ? to_json(*profile.address) : Json(nullptr)},
      {"created_at", format_timestamp(profile.created_at)},
      {"external_ref", optional_json(profile.external_ref)},
  };
}

Json to_json(const orders::Order& order, const Money& money) {
  Json lines = Json::array();
  for (const auto& line : order.lines) {
    lines.push_back({
        {"product_id", line.product_id},
        {"product_name", line.product_name},
        {"size", line.size},
        {"quantity", line.quantity},
        {"unit_price", money(line.unit_price)},
        {"discount", money(line.discount)},
        {"line_total", money(line.line_total)},
    });
  }
  Json history = Json::array();
  for (const auto& event : order.history) {
    history.push_back(
        {{"status", orders::status_name(event.status)}, {"at", format_timestamp(event.at)}});
  }
  Json rewards = Json::array();
  for (const auto& reward : order.rewards_allocated) rewards.push_back(to_json(reward));
  return {
      {"id", order.id},
      {"customer_id", order.customer_id},
      {"status", orders::status_name(order.status)},
      {"placed_at", format_timestamp(order.placed_at)},
      {"lines", std::move(lines)},
      {"subtotal", money(order.subtotal)},
      {"discount", money(order.discount)},
      {"shipping", money(order.shipping)},
      {"total", money(order.total)},
      {"currency", order.currency},
      {"ship_to", order.ship_to ? to_json(*order.ship_to) : Json(nullptr)},
      {"history", std::move(history)},
      {"coupon_code", optional_json(order.coupon_code)},
      {"reward_token", optional_json(order.reward_token)},
      {"rewards_allocated", std::move(rewards)},
      {"external_ref", optional_json(order.external_ref)},
  };
}

Json to_json(const orders::OrderSummary& summary, const Money& money) {
  return {
      {"id", summary.id},
      {"status", orders::status_name(summary.status)},
      {"placed_at", format_timestamp(summary.placed_at)},
      {"total", money(summary.total)},
      {"currency", summary.currency},
      {"external_ref", optional_json(summary.external_ref)},
  };
}

Json to_json(const warehouse::StockRow& row) {
  return {
      {"product_id", row.product_id}, {"product_name", row.product_name},
      {"category", row.category},     {"size", row.size},
      {"stock", row.stock},
  };
}

Json to_json(const activity::Visit& visit) {
  return {
      {"id", visit.id},
      {"customer_id", optional_json(visit.customer_id)},
      {"visitor_key", optional_json(visit.visitor_key)},
      {"started_at", format_timestamp(visit.started_at)},
      {"source", optional_json(visit.source)},
      {"campaign_id", optional_json(visit.campaign_id)},
  };
}

Json to_json(const promotions::Coupon& coupon, const Money& money) {
  return {
      {"id", coupon.id},
      {"code", coupon.code},
      {"scope", promotions::scope_name(coupon.scope)},
      {"scope_id", optional_json(coupon.scope_id)},
      {"percent_off", optional_json(coupon.percent_off)},
      {"amount_off", coupon.amount_off ? Json(money(*coupon.amount_off)) : Json(nullptr)},
      {"currency", money.config.currency},
      {"starts_at", optional_time(coupon.starts_at)},
      {"expires_at", optional_time(coupon.expires_at)},
      {"max_uses", optional_json(coupon.max_uses)},
      {"max_uses_per_customer", optional_json(coupon.max_uses_per_customer)},
      {"uses", coupon.uses},
      {"active", coupon.active},
      {"campaign_id", optional_json(coupon.campaign_id)},
      {"customer_id", optional_json(coupon.customer_id)},
      {"created_at", format_timestamp(coupon.created_at)},
      {"external_ref", optional_json(coupon.external_ref)},
  };
}

Json to_json(const promotions::Campaign& campaign, const Money& money) {
  return {
      {"id", campaign.id},
      {"name", campaign.name},
      {"channel", campaign.channel},
      {"starts_at", format_date(campaign.starts_on)},
      {"ends_at", format_date(campaign.ends_on)},
      {"cost", money(campaign.cost)},
      {"currency", money.config.currency},
      {"impressions", campaign.impressions},
      {"clicks", campaign.clicks},
      {"target_segment", optional_json(campaign.target_segment)},
      {"created_at", format_timestamp(campaign.created_at)},
      {"external_ref", optional_json(campaign.external_ref)},
  };
}

Json to_json(const loyalty::AllocatedReward& reward) {
  return {
      {"token", reward.token},
      {"product_id", reward.product_id},
      {"percent_off", reward.percent_off},
      {"category", reward.category},
      {"allocated_at", format_timestamp(reward.allocated_at)},
      {"expires_at", format_timestamp(reward.expires_at)},
  };
}

Json to_json(const loyalty::Reward& reward) {
  return {
      {"token", reward.token},
      {"product_id", reward.product_id},
      {"percent_off", reward.percent_off},
      {"category", reward.category},
      {"status", loyalty::status_name(reward.status)},
      {"allocated_at", format_timestamp(reward.allocated_at)},
      {"claimed_at", optional_time(reward.claimed_at)},
      {"expires_at", format_timestamp(reward.expires_at)},
  };
}

customers::Address address_from(const Json& object, const std::string& prefix, Fields& fields) {
  Fields address(object, prefix);
  customers::Address result;
  result.line1 = address.text("line1");
  result.line2 = address.optional_text("line2");
  result.city = address.text("city");
  result.postcode = address.text("postcode");
  result.country = address.text("country");
  if (address.error()) fields.fail(*address.error());
  return result;
}

}  // namespace cw::http
