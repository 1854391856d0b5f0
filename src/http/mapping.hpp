#pragma once
// JSON mapping of the domain types at the edge. Money leaves as a decimal string in major units
// next to a `currency` field; times as RFC 3339 UTC.

#include <optional>

#include "activity/activity.hpp"
#include "catalog/catalog.hpp"
#include "customers/accounts.hpp"
#include "http/fields.hpp"
#include "loyalty/rewards.hpp"
#include "orders/orders.hpp"
#include "promotions/coupons.hpp"
#include "warehouse/warehouse.hpp"

namespace cw::http {

struct Money {
  const Config& config;
  std::string operator()(Minor amount) const {
    return format_money(amount, config.currency_decimals);
  }
};

Json to_json(const catalog::Product& product, const Money& money);
Json to_json(const customers::Address& address);
Json to_json(const customers::Profile& profile);
Json to_json(const orders::Order& order, const Money& money);
Json to_json(const orders::OrderSummary& summary, const Money& money);
Json to_json(const warehouse::StockRow& row);
Json to_json(const activity::Visit& visit);
Json to_json(const promotions::Coupon& coupon, const Money& money);
Json to_json(const promotions::Campaign& campaign, const Money& money);
// {token, product_id, percent_off, category, allocated_at, expires_at}: a bill's rewards_allocated.
Json to_json(const loyalty::AllocatedReward& reward);
// {token, product_id, percent_off, status, allocated_at, claimed_at, expires_at}: /me/rewards.
Json to_json(const loyalty::Reward& reward);

// Reads an address object {line1, line2?, city, postcode, country}; errors go to `fields`.
customers::Address address_from(const Json& object, const std::string& prefix, Fields& fields);

}  // namespace cw::http
