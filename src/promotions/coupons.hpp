#pragma once
// Coupons and campaigns: the records and their administration (create, list, get, partial update).
// Free functions work inside the caller's connection; a write must run inside a
// db::Transaction(TxMode::kWrite) so that its validation reads and its write are one unit. The
// Promotions service (promotions.hpp) wraps each in its own transaction for the edges.
//
// Validation errors are 422 with `field` set to the API field name ("percent_off", "scope_id",
// "ends_at", ...); a duplicate coupon code is 409 duplicate_coupon; an unknown id is 404.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/money.hpp"
#include "core/time.hpp"
#include "db/database.hpp"

namespace cw::promotions {

enum class Scope { kOrder, kCategory, kProduct };
std::string_view scope_name(Scope scope);  // "order", "category", "product"
std::optional<Scope> parse_scope(std::string_view name);

// Codes are case-insensitive: trimmed and upper-cased before they are stored or looked up.
std::string normalize_code(std::string_view code);

struct Coupon {
  Id id = 0;
  std::string code;  // upper-case
  Scope scope = Scope::kOrder;
  std::optional<Id> scope_id;          // category or product; nullopt for kOrder
  std::optional<int> percent_off;      // 1..100, exactly one of percent_off and amount_off
  std::optional<Minor> amount_off;     // > 0
  std::optional<Timestamp> starts_at;  // valid when starts_at <= now < expires_at
  std::optional<Timestamp> expires_at;
  std::optional<std::int64_t> max_uses;
  std::optional<std::int64_t> max_uses_per_customer;
  std::int64_t uses = 0;  // redemptions by non-cancelled orders
  bool active = true;
  std::optional<Id> campaign_id;
  std::optional<Id> customer_id;  // personal: only this customer may redeem it
  Timestamp created_at;
  // Imported without its discount terms (migration 0093): percent_off is a placeholder and the
  // coupon stays inactive until its terms are set.
  bool terms_unknown = false;
  // The other system's key of an imported coupon (Cartify discount id, migration 0093); nullopt
  // for coupons created in Cartwise.
  std::optional<std::string> external_ref;
};

struct NewCoupon {
  std::string code;  // 3..32 of A-Z 0-9 - _ after upper-casing
  Scope scope = Scope::kOrder;
  std::optional<Id> scope_id;
  std::optional<int> percent_off;
  std::optional<Minor> amount_off;
  std::optional<Timestamp> starts_at;
  std::optional<Timestamp> expires_at;
  std::optional<std::int64_t> max_uses;
  std::optional<std::int64_t> max_uses_per_customer;
  std::optional<Id> campaign_id;
  std::optional<Id> customer_id;  // a personal coupon (only this customer may redeem it)
  bool active = true;
};

// A partial update: an empty outer optional leaves the field alone; for fields that may be absent
// (the inner optional) an empty inner value clears it. The merged coupon is validated as a whole;
// switching between percent_off and amount_off means setting one and clearing the other.
struct CouponPatch {
  std::optional<std::string> code;
  std::optional<Scope> scope;
  std::optional<std::optional<Id>> scope_id;
  std::optional<std::optional<int>> percent_off;
  std::optional<std::optional<Minor>> amount_off;
  std::optional<std::optional<Timestamp>> starts_at;
  std::optional<std::optional<Timestamp>> expires_at;
  std::optional<std::optional<std::int64_t>> max_uses;
  std::optional<std::optional<std::int64_t>> max_uses_per_customer;
  std::optional<std::optional<Id>> campaign_id;
  std::optional<bool> active;
};

// 422 invalid_coupon (code, percent_off, amount_off, scope_id, expires_at, max_uses,
// max_uses_per_customer), 422 unknown_category / unknown_product (scope_id), 422
// unknown_campaign (campaign_id), 422 unknown_customer (customer_id), 409 duplicate_coupon (code).
// A patch leaves customer_id as it is.
Result<Coupon> create_coupon(db::Connection& c, const NewCoupon& coupon, Timestamp now);
// 404 when unknown. Lowering max_uses below the uses already made is 422 invalid_coupon.
Result<Coupon> update_coupon(db::Connection& c, Id coupon_id, const CouponPatch& patch);
Result<Coupon> get_coupon(db::Connection& c, Id coupon_id);
std::optional<Coupon> find_coupon_by_code(db::Connection& c, std::string_view code);
// Every coupon, by id.
std::vector<Coupon> list_coupons(db::Connection& c);

struct Campaign {
  Id id = 0;
  std::string name;
  std::string channel;  // free text: "email", "social", "search", ...
  Date starts_on;       // inclusive
  Date ends_on;         // inclusive
  Minor cost = 0;
  std::int64_t impressions = 0;
  std::int64_t clicks = 0;
  std::optional<std::string> target_segment;
  Timestamp created_at;
  // The other system's key of an imported campaign (Cartify campaign id, migration 0093);
  // nullopt for campaigns created in Cartwise.
  std::optional<std::string> external_ref;
};

struct NewCampaign {
  std::string name;     // 1..200 characters after trimming
  std::string channel;  // 1..64 characters after trimming
  Date starts_on;
  Date ends_on;  // >= starts_on
  Minor cost = 0;
  std::int64_t impressions = 0;
  std::int64_t clicks = 0;
  std::optional<std::string> target_segment;
};

struct CampaignPatch {
  std::optional<std::string> name;
  std::optional<std::string> channel;
  std::optional<Date> starts_on;
  std::optional<Date> ends_on;
  std::optional<Minor> cost;
  std::optional<std::int64_t> impressions;
  std::optional<std::int64_t> clicks;
  std::optional<std::optional<std::string>> target_segment;
};

// 422 invalid_campaign with field name, channel, ends_at, cost, impressions or clicks.
Result<Campaign> create_campaign(db::Connection& c, const NewCampaign& campaign, Timestamp now);
Result<Campaign> update_campaign(db::Connection& c, Id campaign_id, const CampaignPatch& patch);
Result<Campaign> get_campaign(db::Connection& c, Id campaign_id);
std::vector<Campaign> list_campaigns(db::Connection& c);

}  // namespace cw::promotions
