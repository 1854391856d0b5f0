// Cartwise's own tables, part 3: shop-visits, shop-campaigns, shop-coupons
// (docs/import-formats.md). Referenced rows must already exist.
#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <unordered_set>

#include "csv/input_error.hpp"
#include "csv/table_reader.hpp"
#include "ingest/import_context.hpp"

namespace cw::ingest {
namespace {

// Reads the optional reference `column` and checks that `table` has it.
Result<std::optional<std::int64_t>> reference(ImportContext& ctx, const csv::TableReader& table,
                                              const char* column, std::string_view what,
                                              std::string_view in_table) {
  CW_ASSIGN_OR_RETURN(auto id, table.optional_id(column));
  if (id && !ctx.exists(in_table, *id))
    return fail(ctx.unknown_reference(table.line(), what, *id, column));
  return id;
}

}  // namespace

Result<void> import_shop_visits(ImportContext& ctx, std::string_view bytes) {
  auto& visits = ctx.table("visits", {"id", "customer_id", "visitor_key", "started_at", "source",
                                      "campaign_id", "order_id"});
  return import_rows(
      ctx, bytes, "shop-visits", "visits", "visit", {"id", "started_at"},
      {"customer_id", "visitor_key", "source", "campaign_id", "order_id"},
      [&](const csv::TableReader& t, std::int64_t id) -> Result<void> {
        CW_ASSIGN_OR_RETURN(auto started, t.moment("started_at"));
        CW_ASSIGN_OR_RETURN(auto customer,
                            reference(ctx, t, "customer_id", "customer", "customers"));
        CW_ASSIGN_OR_RETURN(auto campaign,
                            reference(ctx, t, "campaign_id", "campaign", "campaigns"));
        CW_ASSIGN_OR_RETURN(auto order, reference(ctx, t, "order_id", "order", "orders"));
        ctx.add(visits, id, customer, t.optional_text("visitor_key"), started,
                t.optional_text("source"), campaign, order);
        return {};
      });
}

Result<void> import_shop_campaigns(ImportContext& ctx, std::string_view bytes) {
  auto& campaigns =
      ctx.table("campaigns", {"id", "name", "channel", "starts_on", "ends_on", "cost",
                              "impressions", "clicks", "target_segment", "created_at"});
  return import_rows(ctx, bytes, "shop-campaigns", "campaigns", "campaign",
                     {"id", "name", "channel", "starts_on", "ends_on"},
                     {"cost", "impressions", "clicks", "target_segment", "created_at"},
                     [&](const csv::TableReader& t, std::int64_t id) -> Result<void> {
                       for (const char* column : {"name", "channel", "starts_on", "ends_on"})
                         if (t.text(column).empty())
                           return fail(t.invalid_row(std::string(column) + " is empty", column));
                       CW_ASSIGN_OR_RETURN(auto starts, t.optional_date("starts_on"));
                       CW_ASSIGN_OR_RETURN(auto ends, t.optional_date("ends_on"));
                       if (*ends < *starts)
                         return fail(t.invalid("ends_on", "is before starts_on"));
                       CW_ASSIGN_OR_RETURN(auto cost, t.optional_money("cost"));
                       CW_ASSIGN_OR_RETURN(auto impressions, t.optional_integer("impressions"));
                       CW_ASSIGN_OR_RETURN(auto clicks, t.optional_integer("clicks"));
                       CW_ASSIGN_OR_RETURN(auto created, t.optional_moment("created_at"));
                       ctx.add(campaigns, id, t.text("name"), t.text("channel"), *starts, *ends,
                               cost.value_or(0), impressions.value_or(0), clicks.value_or(0),
                               t.optional_text("target_segment"), created.value_or(ctx.now()));
                       return {};
                     });
}

namespace {

// Coupon codes are stored upper-case; the database's codes are read once, the file's added as
// they are read, so that a code used twice in the file is refused on its second line.
std::string upper_case(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  return text;
}

}  // namespace

Result<void> import_shop_coupons(ImportContext& ctx, std::string_view bytes) {
  std::unordered_set<std::string> codes;
  for (auto rows = ctx.c.stream("SELECT code FROM coupons"); rows.next();)
    codes.insert(upper_case(rows.text(0)));
  auto& coupons =
      ctx.table("coupons", {"id", "code", "scope", "scope_id", "percent_off", "amount_off",
                            "starts_at", "expires_at", "max_uses", "max_uses_per_customer",
                            "active", "campaign_id", "created_at"});
  return import_rows(
      ctx, bytes, "shop-coupons", "coupons", "coupon", {"id", "code", "scope"},
      {"scope_id", "percent_off", "amount_off", "starts_at", "expires_at", "max_uses",
       "max_uses_per_customer", "active", "campaign_id", "created_at"},
      [&](const csv::TableReader& t, std::int64_t id) -> Result<void> {
        const std::string code = upper_case(std::string(t.text("code")));
        if (code.empty()) return fail(t.invalid_row("code is empty", "code"));
        if (codes.count(code))
          return fail(Error::conflict(
              "id_exists",
              "line " + std::to_string(t.line()) + ": coupon code " + code + " already exists",
              "code"));
        const std::string scope(t.text("scope"));
        std::optional<std::int64_t> scope_id;
        if (scope == "order") {
          if (!t.text("scope_id").empty())
            return fail(t.invalid("scope_id", "must be empty for scope order"));
        } else if (scope == "category" || scope == "product") {
          CW_ASSIGN_OR_RETURN(auto target,
                              reference(ctx, t, "scope_id", scope,
                                        scope == "category" ? "categories" : "products"));
          if (!target) return fail(t.invalid_row("scope_id is empty", "scope_id"));
          scope_id = target;
        } else {
          return fail(t.invalid("scope", "is not order, category or product"));
        }
        CW_ASSIGN_OR_RETURN(auto percent, t.optional_integer("percent_off"));
        CW_ASSIGN_OR_RETURN(auto amount, t.optional_money("amount_off"));
        if (percent.has_value() == amount.has_value())
          return fail(
              t.invalid_row("give exactly one of percent_off and amount_off", "percent_off"));
        if (percent && (*percent < 1 || *percent > 100))
          return fail(t.invalid("percent_off", "is not between 1 and 100"));
        if (amount && *amount == 0) return fail(t.invalid("amount_off", "must be above 0"));
        CW_ASSIGN_OR_RETURN(auto starts, t.optional_moment("starts_at"));
        CW_ASSIGN_OR_RETURN(auto expires, t.optional_moment("expires_at"));
        if (starts && expires && *expires <= *starts)
          return fail(t.invalid("expires_at", "is not after starts_at"));
        CW_ASSIGN_OR_RETURN(auto max_uses, t.optional_integer("max_uses"));
        CW_ASSIGN_OR_RETURN(auto per_customer, t.optional_integer("max_uses_per_customer"));
        if ((max_uses && *max_uses < 1) || (per_customer && *per_customer < 1))
          return fail(
              t.invalid_row("max_uses and max_uses_per_customer must be at least 1", "max_uses"));
        CW_ASSIGN_OR_RETURN(auto active, t.flag("active", true));
        CW_ASSIGN_OR_RETURN(auto campaign,
                            reference(ctx, t, "campaign_id", "campaign", "campaigns"));
        CW_ASSIGN_OR_RETURN(auto created, t.optional_moment("created_at"));
        ctx.add(coupons, id, code, scope, scope_id, percent, amount, starts, expires, max_uses,
                per_customer, active, campaign, created.value_or(ctx.now()));
        codes.insert(code);
        return {};
      });
}

}  // namespace cw::ingest
