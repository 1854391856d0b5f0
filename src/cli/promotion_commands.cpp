// cartwise coupon add|list|update|disable and campaign add|list|update: the administration of
// promotions (promotions.hpp) from the shell. Amounts are decimals in the shop currency; times are
// YYYY-MM-DD (midnight UTC) or ISO date-times; `none` clears an optional value in an update.
#include <iostream>
#include <memory>
#include <optional>

#include "cli/context.hpp"
#include "core/clock.hpp"
#include "core/money.hpp"
#include "core/time.hpp"
#include "promotions/promotions.hpp"
#include "reports/render.hpp"
#include "reports/table.hpp"

namespace cw::cli {
namespace {

using promotions::Campaign;
using promotions::Coupon;

// Runs one administration step on the configured shop's promotions and ends the command with the
// step's error when it fails.
template <typename Step>
auto administer(const Config& config, const Context& context, Step step) {
  auto db = open_database(config);
  promotions::Promotions service(*db, context.clock);
  if constexpr (requires { step(service).error(); })
    return value_or_fail(step(service), ErrorForm::kCodeMessageAndField);
  else
    return step(service);
}

// `list` under `parent`: every record `list` answers, as the table `to_table` makes of them
// (--format table, csv or json).
template <typename List, typename ToTable>
void add_list_command(CLI::App& parent, Context& context, const char* description, List list,
                      ToTable to_table) {
  auto format = std::make_shared<std::string>("table");
  CLI::App* command = parent.add_subcommand("list", description);
  add_config_flags(*command, context, false);
  command->add_option("--format", *format, "table (default), csv or json");
  command->callback([&context, format, list, to_table] {
    const Config config = context.load_config();
    const auto parsed = value_or_fail(reports::parse_format(*format));
    write_table(to_table(administer(config, context, list), config, context.clock), parsed);
  });
}

// Text flags are parsed after the configuration is known (currency decimals).
struct Parser {
  int decimals = 2;

  Minor money(const std::string& text, const char* flag) const {
    auto amount = parse_money(text, decimals);
    if (!amount) throw CommandError(std::string(flag) + " must be an amount like 12.50");
    return *amount;
  }
  static Timestamp time(const std::string& text, const char* flag) {
    auto t = parse_date_or_timestamp(text);
    if (!t) throw CommandError(std::string(flag) + " must be YYYY-MM-DD or an ISO date-time");
    return *t;
  }
  static Date date(const std::string& text, const char* flag) { return date_of(time(text, flag)); }
  static std::int64_t integer(const std::string& text, const char* flag) {
    try {
      std::size_t used = 0;
      const long long v = std::stoll(text, &used);
      if (used == text.size()) return v;
    } catch (const std::exception&) {
    }
    throw CommandError(std::string(flag) + " must be a whole number, got '" + text + "'");
  }
  // An update's value for an optional field: nullopt = leave alone, inner nullopt = clear.
  template <typename T, typename Parse>
  static std::optional<std::optional<T>> patch(const std::optional<std::string>& text,
                                               Parse parse) {
    if (!text) return std::nullopt;
    if (*text == "none") return std::optional<T>{};
    return std::optional<T>{parse(*text)};
  }
};

promotions::Scope scope_or_fail(const std::string& text) {
  const auto scope = promotions::parse_scope(text);
  if (!scope) throw CommandError("--scope must be order, category or product");
  return *scope;
}

template <typename T>
void push_optional(reports::Column& column, const std::optional<T>& value) {
  if (value)
    column.push_int(*value);
  else
    column.push_null();
}

void push_optional_text(reports::Column& column, const std::optional<std::string>& value) {
  if (value)
    column.push_text(*value);
  else
    column.push_null();
}

void push_optional_time(reports::Column& column, const std::optional<Timestamp>& value) {
  if (value)
    column.push_text(format_timestamp(*value));
  else
    column.push_null();
}

// A listing dated today, in the shop's currency.
reports::Table listing(const char* name, const Config& config, const Clock& clock) {
  return reports::Table{.report = name,
                        .as_of_day = today(clock),
                        .currency = config.currency,
                        .currency_decimals = config.currency_decimals};
}

reports::Table coupon_table(const std::vector<Coupon>& coupons, const Config& config,
                            const Clock& clock) {
  using reports::ColumnType;
  reports::Table table = listing("coupons", config, clock);
  auto& id = table.add("id", ColumnType::kInteger);
  auto& code = table.add("code", ColumnType::kText);
  auto& scope = table.add("scope", ColumnType::kText);
  auto& scope_id = table.add("scope_id", ColumnType::kInteger);
  auto& percent_off = table.add("percent_off", ColumnType::kInteger);
  auto& amount_off = table.add("amount_off", ColumnType::kMoney);
  auto& starts_at = table.add("starts_at", ColumnType::kText);
  auto& expires_at = table.add("expires_at", ColumnType::kText);
  auto& max_uses = table.add("max_uses", ColumnType::kInteger);
  auto& per_customer = table.add("max_uses_per_customer", ColumnType::kInteger);
  auto& uses = table.add("uses", ColumnType::kInteger);
  auto& active = table.add("active", ColumnType::kText);
  auto& campaign_id = table.add("campaign_id", ColumnType::kInteger);
  auto& coupon_ref = table.add("external_ref", ColumnType::kText);
  for (const Coupon& c : coupons) {
    id.push_int(c.id);
    code.push_text(c.code);
    scope.push_text(promotions::scope_name(c.scope));
    push_optional(scope_id, c.scope_id);
    push_optional(percent_off, c.percent_off);
    push_optional(amount_off, c.amount_off);
    push_optional_time(starts_at, c.starts_at);
    push_optional_time(expires_at, c.expires_at);
    push_optional(max_uses, c.max_uses);
    push_optional(per_customer, c.max_uses_per_customer);
    uses.push_int(c.uses);
    active.push_text(c.active ? "true" : "false");
    push_optional(campaign_id, c.campaign_id);
    push_optional_text(coupon_ref, c.external_ref);
  }
  return table;
}

reports::Table campaign_table(const std::vector<Campaign>& campaigns, const Config& config,
                              const Clock& clock) {
  using reports::ColumnType;
  reports::Table table = listing("campaigns", config, clock);
  auto& id = table.add("id", ColumnType::kInteger);
  auto& name = table.add("name", ColumnType::kText);
  auto& channel = table.add("channel", ColumnType::kText);
  auto& starts_on = table.add("starts_at", ColumnType::kDate);
  auto& ends_on = table.add("ends_at", ColumnType::kDate);
  auto& cost = table.add("cost", ColumnType::kMoney);
  auto& impressions = table.add("impressions", ColumnType::kInteger);
  auto& clicks = table.add("clicks", ColumnType::kInteger);
  auto& segment = table.add("target_segment", ColumnType::kText);
  auto& campaign_ref = table.add("external_ref", ColumnType::kText);
  for (const Campaign& c : campaigns) {
    id.push_int(c.id);
    name.push_text(c.name);
    channel.push_text(c.channel);
    starts_on.push_int(day_number(c.starts_on));
    ends_on.push_int(day_number(c.ends_on));
    cost.push_int(c.cost);
    impressions.push_int(c.impressions);
    clicks.push_int(c.clicks);
    push_optional_text(segment, c.target_segment);
    push_optional_text(campaign_ref, c.external_ref);
  }
  return table;
}

// Every coupon flag as text: add requires some, update takes any.
struct CouponFlags {
  std::string code;
  Id id = 0;
  std::optional<std::string> new_code, percent_off, amount_off, scope, scope_id, starts_at,
      expires_at, max_uses, max_uses_per_customer, campaign_id, active;
};

void add_coupon_value_flags(CLI::App& command, CouponFlags& f) {
  command.add_option("--percent-off", f.percent_off, "percent off, 1..100");
  command.add_option("--amount-off", f.amount_off, "fixed amount off, e.g. 5.00");
  command.add_option("--scope", f.scope, "order (default), category or product");
  command.add_option("--scope-id", f.scope_id, "the category or product id of the scope");
  command.add_option("--starts-at", f.starts_at, "valid from (YYYY-MM-DD or ISO date-time)");
  command.add_option("--expires-at", f.expires_at, "valid until, exclusive");
  command.add_option("--max-uses", f.max_uses, "total redemptions allowed");
  command.add_option("--max-uses-per-customer", f.max_uses_per_customer,
                     "redemptions allowed per customer");
  command.add_option("--campaign-id", f.campaign_id, "the campaign the coupon belongs to");
}

void add_coupon_commands(CLI::App& app, Context& context) {
  CLI::App* coupon = app.add_subcommand("coupon", "Coupons: add, list, update, disable");
  coupon->require_subcommand(1);
  auto f = std::make_shared<CouponFlags>();

  CLI::App* add = coupon->add_subcommand("add", "Create a coupon; prints its id");
  add->add_option("code", f->code, "the code customers type (case-insensitive)")->required();
  add_config_flags(*add, context, false);
  add_coupon_value_flags(*add, *f);
  add->callback([&context, f] {
    const Config config = context.load_config();
    const Parser p{config.currency_decimals};
    promotions::NewCoupon c;
    c.code = f->code;
    if (f->scope) c.scope = scope_or_fail(*f->scope);
    if (f->scope_id) c.scope_id = p.integer(*f->scope_id, "--scope-id");
    if (f->percent_off)
      c.percent_off = static_cast<int>(p.integer(*f->percent_off, "--percent-off"));
    if (f->amount_off) c.amount_off = p.money(*f->amount_off, "--amount-off");
    if (f->starts_at) c.starts_at = p.time(*f->starts_at, "--starts-at");
    if (f->expires_at) c.expires_at = p.time(*f->expires_at, "--expires-at");
    if (f->max_uses) c.max_uses = p.integer(*f->max_uses, "--max-uses");
    if (f->max_uses_per_customer)
      c.max_uses_per_customer = p.integer(*f->max_uses_per_customer, "--max-uses-per-customer");
    if (f->campaign_id) c.campaign_id = p.integer(*f->campaign_id, "--campaign-id");
    const Coupon created =
        administer(config, context, [&](auto& service) { return service.create_coupon(c); });
    std::cout << created.id << "\n";
  });

  add_list_command(
      *coupon, context, "List every coupon with its uses",
      [](auto& service) { return service.list_coupons(); }, coupon_table);

  CLI::App* update = coupon->add_subcommand("update", "Change a coupon (`none` clears a value)");
  update->add_option("id", f->id, "coupon id")->required();
  add_config_flags(*update, context, false);
  add_coupon_value_flags(*update, *f);
  update->add_option("--code", f->new_code, "a new code");
  update->add_option("--active", f->active, "true or false")
      ->check(CLI::IsMember({"true", "false"}));
  update->callback([&context, f] {
    const Config config = context.load_config();
    const Parser p{config.currency_decimals};
    promotions::CouponPatch patch;
    patch.code = f->new_code;
    if (f->scope) patch.scope = scope_or_fail(*f->scope);
    auto integer = [](const char* flag) {
      return [flag](const std::string& t) { return Parser::integer(t, flag); };
    };
    auto time = [](const char* flag) {
      return [flag](const std::string& t) { return Parser::time(t, flag); };
    };
    patch.scope_id = Parser::patch<Id>(f->scope_id, integer("--scope-id"));
    patch.percent_off = Parser::patch<int>(f->percent_off, [](const std::string& t) {
      return static_cast<int>(Parser::integer(t, "--percent-off"));
    });
    patch.amount_off = Parser::patch<Minor>(
        f->amount_off, [&p](const std::string& t) { return p.money(t, "--amount-off"); });
    patch.starts_at = Parser::patch<Timestamp>(f->starts_at, time("--starts-at"));
    patch.expires_at = Parser::patch<Timestamp>(f->expires_at, time("--expires-at"));
    patch.max_uses = Parser::patch<std::int64_t>(f->max_uses, integer("--max-uses"));
    patch.max_uses_per_customer =
        Parser::patch<std::int64_t>(f->max_uses_per_customer, integer("--max-uses-per-customer"));
    patch.campaign_id = Parser::patch<Id>(f->campaign_id, integer("--campaign-id"));
    if (f->active) patch.active = *f->active == "true";
    const Coupon c = administer(config, context,
                                [&](auto& service) { return service.update_coupon(f->id, patch); });
    std::cout << "updated coupon " << c.id << " (" << c.code << ")\n";
  });

  CLI::App* disable = coupon->add_subcommand("disable", "Disable a coupon: checkout refuses it");
  disable->add_option("id", f->id, "coupon id")->required();
  add_config_flags(*disable, context, false);
  disable->callback([&context, f] {
    const Config config = context.load_config();
    const Coupon c =
        administer(config, context, [&](auto& service) { return service.disable_coupon(f->id); });
    std::cout << "disabled coupon " << c.id << " (" << c.code << ")\n";
  });
}

struct CampaignFlags {
  std::string name, channel;
  Id id = 0;
  std::optional<std::string> new_name, new_channel, starts_at, ends_at, cost, impressions, clicks,
      target_segment;
};

void add_campaign_value_flags(CLI::App& command, CampaignFlags& f) {
  command.add_option("--starts-at", f.starts_at, "first day, YYYY-MM-DD (inclusive)");
  command.add_option("--ends-at", f.ends_at, "last day, YYYY-MM-DD (inclusive)");
  command.add_option("--cost", f.cost, "what the campaign cost, e.g. 1200.00");
  command.add_option("--impressions", f.impressions, "impressions counted by the channel");
  command.add_option("--clicks", f.clicks, "clicks counted by the channel");
  command.add_option("--target-segment", f.target_segment, "the RFM segment it targets");
}

void add_campaign_commands(CLI::App& app, Context& context) {
  CLI::App* campaign = app.add_subcommand("campaign", "Campaigns: add, list, update");
  campaign->require_subcommand(1);
  auto f = std::make_shared<CampaignFlags>();

  CLI::App* add = campaign->add_subcommand("add", "Create a campaign; prints its id");
  add->add_option("name", f->name, "campaign name")->required();
  add->add_option("channel", f->channel, "email, social, search, ...")->required();
  add_config_flags(*add, context, false);
  add_campaign_value_flags(*add, *f);
  add->get_option("--starts-at")->required();
  add->get_option("--ends-at")->required();
  add->callback([&context, f] {
    const Config config = context.load_config();
    const Parser p{config.currency_decimals};
    promotions::NewCampaign c;
    c.name = f->name;
    c.channel = f->channel;
    c.starts_on = p.date(*f->starts_at, "--starts-at");
    c.ends_on = p.date(*f->ends_at, "--ends-at");
    if (f->cost) c.cost = p.money(*f->cost, "--cost");
    if (f->impressions) c.impressions = p.integer(*f->impressions, "--impressions");
    if (f->clicks) c.clicks = p.integer(*f->clicks, "--clicks");
    c.target_segment = f->target_segment;
    const Campaign created =
        administer(config, context, [&](auto& service) { return service.create_campaign(c); });
    std::cout << created.id << "\n";
  });

  add_list_command(
      *campaign, context, "List every campaign",
      [](auto& service) { return service.list_campaigns(); }, campaign_table);

  CLI::App* update = campaign->add_subcommand(
      "update", "Change a campaign, e.g. import cost and click figures later");
  update->add_option("id", f->id, "campaign id")->required();
  add_config_flags(*update, context, false);
  add_campaign_value_flags(*update, *f);
  update->add_option("--name", f->new_name, "a new name");
  update->add_option("--channel", f->new_channel, "a new channel");
  update->callback([&context, f] {
    const Config config = context.load_config();
    const Parser p{config.currency_decimals};
    promotions::CampaignPatch patch;
    patch.name = f->new_name;
    patch.channel = f->new_channel;
    if (f->starts_at) patch.starts_on = p.date(*f->starts_at, "--starts-at");
    if (f->ends_at) patch.ends_on = p.date(*f->ends_at, "--ends-at");
    if (f->cost) patch.cost = p.money(*f->cost, "--cost");
    if (f->impressions) patch.impressions = p.integer(*f->impressions, "--impressions");
    if (f->clicks) patch.clicks = p.integer(*f->clicks, "--clicks");
    patch.target_segment =
        Parser::patch<std::string>(f->target_segment, [](const std::string& t) { return t; });
    const Campaign c = administer(
        config, context, [&](auto& service) { return service.update_campaign(f->id, patch); });
    std::cout << "updated campaign " << c.id << " (" << c.name << ")\n";
  });
}

}  // namespace

void add_promotion_commands(CLI::App& app, Context& context) {
  add_coupon_commands(app, context);
  add_campaign_commands(app, context);
}

}  // namespace cw::cli
