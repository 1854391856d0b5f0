// Cartify layout, part 2: campaigns and coupons, orders with their lines, website sessions and
// reviews, and the whole folder in order (docs/import-formats.md "cartify").
#include <algorithm>
#include <cctype>
#include <map>
#include <unordered_set>

#include "core/money.hpp"
#include "core/time.hpp"
#include "csv/field_parsers.hpp"
#include "csv/input_error.hpp"
#include "ingest/cartify.hpp"

namespace cw::ingest::cartify {
namespace {

// A date (YYYY-MM-DD) as unix seconds at midnight UTC.
Result<std::int64_t> day_start(const csv::TableReader& t, std::string_view column) {
  if (t.text(column).empty())
    return fail(t.invalid_row(std::string(column) + " is empty", std::string(column)));
  const auto m = csv::parse_iso_moment(t.text(column));
  if (!m || m->second >= 0) return fail(t.invalid(column, "is not a date (expected YYYY-MM-DD)"));
  return start_of_day(m->day);
}

// clicks = round(click_rate x reach), half up; click_rate is a fraction between 0 and 1.
Result<std::int64_t> clicks_of(const csv::TableReader& t, std::int64_t reach) {
  constexpr int kDigits = 9;
  std::int64_t rate = 0;  // click_rate x 10^9
  const auto e = csv::parse_scaled(t.text("click_rate"), kDigits, rate);
  if (e != csv::NumberError::kNone || rate < 0 || rate > 1'000'000'000)
    return fail(t.invalid("click_rate", "is not a fraction between 0 and 1 (such as 0.035)"));
  return mul_div_round(reach, rate, 1'000'000'000);
}

}  // namespace

Result<void> import_marketing(ImportContext& ctx, State& state) {
  const auto known_campaigns = existing_refs(ctx, "campaigns");
  std::int64_t campaign_id = next_id(ctx, "campaigns");
  const std::int64_t now = ctx.now();
  auto& campaigns = ctx.table(
      "campaigns", {"id", "name", "channel", "starts_on", "ends_on", "cost", "impressions",
                    "clicks", "clicks_known", "target_city", "created_at", "external_ref"});
  CW_TRY(each_row(
      ctx, state, "marketing_campaigns.csv",
      {"campaign_id", "city_id", "campaign_type_id", "start_date", "end_date", "cost"},
      [&](const csv::TableReader& t) -> Result<void> {
        CW_ASSIGN_OR_RETURN(auto k, key(t, "campaign_id"));
        std::optional<std::string> city;
        if (!t.text("city_id").empty()) {
          const auto found = state.cities.find(std::string(t.text("city_id")));
          if (found == state.cities.end())
            return fail(csv::input_error(
                "unknown_reference", t.line(),
                "city " + std::string(t.text("city_id")) + " does not exist", "city_id"));
          city = found->second.name;
        }
        CW_ASSIGN_OR_RETURN(auto platform,
                            resolve_text(state.platforms, t, "campaign_type_id", "campaign type"));
        CW_ASSIGN_OR_RETURN(auto starts, t.optional_date("start_date"));
        CW_ASSIGN_OR_RETURN(auto ends, t.optional_date("end_date"));
        if (!starts || !ends)
          return fail(t.invalid_row("start_date and end_date are required", "start_date"));
        if (*ends < *starts) return fail(t.invalid("end_date", "is before start_date"));
        CW_ASSIGN_OR_RETURN(auto cost, t.optional_money("cost"));
        CW_ASSIGN_OR_RETURN(auto start_moment, t.moment("start_date"));
        state.saw_day(start_moment);
        CW_TRY(define(state.campaigns, known_campaigns, t, "campaign_id", k, campaign_id));
        // No engagement yet: clicks unknown until campaign_engagement.csv says otherwise.
        ctx.add(campaigns, campaign_id++, k, platform, *starts, *ends, cost.value_or(0), 0, 0, 0,
                city, std::min(start_moment, now), k);
        ctx.count("campaigns");
        return {};
      }));

  std::unordered_map<std::int64_t, std::int64_t> engaged;  // campaign id -> line
  CW_TRY(each_row(ctx, state, "campaign_engagement.csv", {"campaign_id", "click_rate", "reach"},
                  [&](const csv::TableReader& t) -> Result<void> {
                    CW_ASSIGN_OR_RETURN(auto campaign,
                                        resolve(state.campaigns, t, "campaign_id", "campaign"));
                    if (auto [it, fresh] = engaged.try_emplace(campaign, t.line()); !fresh)
                      return fail(csv::input_error(
                          "duplicate_id", t.line(),
                          "campaign_id " + std::string(t.text("campaign_id")) +
                              " already has engagement on line " + std::to_string(it->second),
                          "campaign_id"));
                    CW_ASSIGN_OR_RETURN(auto reach, t.optional_integer("reach"));
                    if (!reach) return fail(t.invalid_row("reach is empty", "reach"));
                    CW_ASSIGN_OR_RETURN(auto clicks, clicks_of(t, *reach));
                    ctx.c.exec(
                        "UPDATE campaigns SET impressions = ?, clicks = ?, clicks_known = 1 "
                        "WHERE id = ?",
                        *reach, clicks, campaign);
                    return {};
                  }));

  const auto known_coupons = existing_refs(ctx, "coupons");
  std::int64_t coupon_id = next_id(ctx, "coupons");
  // Codes are stored upper-case: the database's read once, the file's added as they come.
  std::unordered_set<std::string> codes;
  for (auto rows = ctx.c.stream("SELECT upper(code) FROM coupons"); rows.next();)
    codes.insert(rows.text(0));
  auto& coupons =
      ctx.table("coupons", {"id", "code", "scope", "percent_off", "active", "campaign_id",
                            "created_at", "external_ref", "discount_type", "terms_unknown"});
  return each_row(
      ctx, state, "discount.csv", {"discount_id", "campaign_id", "discount_type_id", "coupon_code"},
      [&](const csv::TableReader& t) -> Result<void> {
        CW_ASSIGN_OR_RETURN(auto k, key(t, "discount_id"));
        std::optional<std::int64_t> campaign;
        if (!t.text("campaign_id").empty()) {
          CW_ASSIGN_OR_RETURN(campaign, resolve(state.campaigns, t, "campaign_id", "campaign"));
        }
        std::optional<std::string> type;
        if (!t.text("discount_type_id").empty()) {
          CW_ASSIGN_OR_RETURN(
              type, resolve_text(state.discount_types, t, "discount_type_id", "discount type"));
        }
        CW_ASSIGN_OR_RETURN(auto code, key(t, "coupon_code"));
        for (char& ch : code) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        if (!codes.insert(code).second)
          return fail(Error::conflict(
              "id_exists",
              "line " + std::to_string(t.line()) + ": coupon code " + code + " already exists",
              "coupon_code"));
        CW_TRY(define(state.coupons, known_coupons, t, "discount_id", k, coupon_id));
        // The layout records no discount terms: an inactive coupon whose terms are unknown
        // (migration 0093), percent_off only to satisfy the rule that a coupon has terms.
        ctx.add(coupons, coupon_id++, code, "order", 1, 0, campaign, now, k, type, 1);
        ctx.count("coupons");
        return {};
      });
}

namespace {

struct Line {
  std::int64_t file_line;
  std::int64_t product_id;
  std::int64_t quantity;
};

struct Order {
  std::int64_t file_line = 0;
  std::string key;
  std::int64_t customer_id = 0;
  std::int64_t placed_at = 0;
  std::optional<std::int64_t> coupon_id;
  Minor amount = 0;
  std::vector<Line> lines;
};

}  // namespace

Result<void> import_orders(ImportContext& ctx, State& state) {
  const auto known = existing_refs(ctx, "orders");
  const std::int64_t first_id = next_id(ctx, "orders");
  std::vector<Order> orders;
  CW_TRY(each_row(
      ctx, state, "orders.csv", {"order_id", "customer_id", "order_date", "discount_id", "amount"},
      [&](const csv::TableReader& t) -> Result<void> {
        Order o;
        o.file_line = t.line();
        CW_ASSIGN_OR_RETURN(o.key, key(t, "order_id"));
        CW_ASSIGN_OR_RETURN(o.customer_id, resolve(state.customers, t, "customer_id", "customer"));
        CW_ASSIGN_OR_RETURN(o.placed_at, day_start(t, "order_date"));
        if (!t.text("discount_id").empty()) {
          CW_ASSIGN_OR_RETURN(o.coupon_id, resolve(state.coupons, t, "discount_id", "discount"));
        }
        CW_ASSIGN_OR_RETURN(o.amount, t.money("amount"));
        const auto id = first_id + static_cast<std::int64_t>(orders.size());
        CW_TRY(define(state.orders, known, t, "order_id", o.key, id));
        state.saw_day(o.placed_at);
        orders.push_back(std::move(o));
        return {};
      }));
  CW_TRY(each_row(ctx, state, "orders_details.csv", {"order_id", "product_id", "quantity"},
                  [&](const csv::TableReader& t) -> Result<void> {
                    CW_ASSIGN_OR_RETURN(auto order, resolve(state.orders, t, "order_id", "order"));
                    CW_ASSIGN_OR_RETURN(auto product,
                                        resolve(state.products, t, "product_id", "product"));
                    CW_ASSIGN_OR_RETURN(auto quantity, t.optional_integer("quantity"));
                    if (!quantity || *quantity < 1)
                      return fail(t.invalid("quantity", "must be a whole number of at least 1"));
                    orders[static_cast<std::size_t>(order - first_id)].lines.push_back(
                        {t.line(), product, *quantity});
                    return {};
                  }));

  // Written after both files are checked; a constraint failure names the order's line.
  ctx.file = "orders.csv";
  auto& order_rows = ctx.table(
      "orders", {"id", "customer_id", "status", "placed_at", "subtotal", "discount", "shipping",
                 "total", "currency", "has_lines", "coupon_id", "external_ref", "declared_amount"});
  auto& events = ctx.table("order_events", {"order_id", "status", "at"});
  auto& order_lines =
      ctx.table("order_lines", {"order_id", "line_no", "product_id", "size", "quantity",
                                "unit_price", "discount", "line_total"});
  auto& redemptions =
      ctx.table("coupon_redemptions", {"coupon_id", "order_id", "customer_id", "amount", "at"});
  std::map<std::int64_t, std::int64_t> units_sold, coupon_uses;
  std::int64_t id = first_id;
  for (const Order& o : orders) {
    ctx.line = o.file_line;
    Minor subtotal = 0;
    for (const Line& l : o.lines) subtotal += l.quantity * state.price_of.at(l.product_id);
    // An order without detail rows keeps its amount, like an imported order without lines.
    const bool has_lines = !o.lines.empty();
    if (!has_lines) subtotal = o.amount;
    ctx.add(order_rows, id, o.customer_id, "delivered", o.placed_at, subtotal, 0, 0, subtotal,
            ctx.options.currency, has_lines ? 1 : 0, o.coupon_id, o.key, o.amount);
    ctx.add(events, id, "delivered", o.placed_at);
    std::int64_t line_no = 0;
    for (const Line& l : o.lines) {
      const Minor price = state.price_of.at(l.product_id);
      ctx.add(order_lines, id, ++line_no, l.product_id, kDefaultSize, l.quantity, price, 0,
              l.quantity * price);
      units_sold[l.product_id] += l.quantity;
    }
    if (o.coupon_id) {
      ctx.add(redemptions, *o.coupon_id, id, o.customer_id, 0, o.placed_at);
      ++coupon_uses[*o.coupon_id];
    }
    ctx.customers_with_orders.insert(o.customer_id);
    ctx.count("orders");
    ctx.count("order_events");
    ctx.count("order_lines", line_no);
    ctx.count("coupon_redemptions", o.coupon_id ? 1 : 0);
    ++id;
  }
  ctx.writer.flush();  // while ctx.file still names orders.csv
  // Past sales: units_sold counts them; stock is the file's figure of today.
  for (const auto& [product, units] : units_sold)
    ctx.c.exec("UPDATE products SET units_sold = units_sold + ? WHERE id = ?", units, product);
  for (const auto& [coupon, uses] : coupon_uses)
    ctx.c.exec("UPDATE coupons SET uses = uses + ? WHERE id = ?", uses, coupon);
  return {};
}

Result<void> import_activity(ImportContext& ctx, State& state) {
  const auto known_visits = existing_refs(ctx, "visits");
  Keys visits;
  std::int64_t visit_id = next_id(ctx, "visits");
  auto& visit_rows =
      ctx.table("visits", {"id", "customer_id", "started_at", "category_id", "time_spent",
                           "had_cart", "ended_in_order", "external_ref"});
  CW_TRY(each_row(
      ctx, state, "website_activity.csv",
      {"activity_id", "category_id", "date", "time", "customer_id", "time_spent", "order_placed"},
      [&](const csv::TableReader& t) -> Result<void> {
        CW_ASSIGN_OR_RETURN(auto k, key(t, "activity_id"));
        std::optional<std::int64_t> category;
        if (!t.text("category_id").empty()) {
          CW_ASSIGN_OR_RETURN(category, resolve(state.categories, t, "category_id", "category"));
        }
        std::optional<std::int64_t> customer;
        if (!t.text("customer_id").empty()) {
          CW_ASSIGN_OR_RETURN(customer, resolve(state.customers, t, "customer_id", "customer"));
        }
        CW_ASSIGN_OR_RETURN(auto day, day_start(t, "date"));
        std::int64_t second = 0;
        if (!t.text("time").empty()) {
          const auto m = csv::parse_iso_moment("1970-01-01T" + std::string(t.text("time")));
          if (!m || m->day != 0)
            return fail(t.invalid("time", "is not a time (expected HH:MM:SS)"));
          second = m->second;
        }
        std::optional<std::int64_t> spent;
        if (!t.text("time_spent").empty()) {
          std::int64_t seconds = -1;
          const auto hms = csv::parse_iso_moment("1970-01-01T" + std::string(t.text("time_spent")));
          if (hms && hms->day == 0)
            seconds = hms->second;
          else if (csv::parse_integer(t.text("time_spent"), seconds) != csv::NumberError::kNone)
            seconds = -1;
          if (seconds < 0) return fail(t.invalid("time_spent", "is not whole seconds or HH:MM:SS"));
          spent = seconds;
        }
        const std::string_view placed = t.text("order_placed");
        if (placed != "Y" && placed != "N" && placed != "y" && placed != "n")
          return fail(t.invalid("order_placed", "is not Y or N"));
        CW_TRY(define(visits, known_visits, t, "activity_id", k, visit_id));
        state.saw_day(day);
        // The layout's abandonment is a visit that did not end in an order: every visit is a
        // session with something in the cart, Y marks it as ended in an order.
        ctx.add(visit_rows, visit_id++, customer, day + second, category, spent, 1,
                (placed == "Y" || placed == "y") ? 1 : 0, k);
        ctx.count("visits");
        return {};
      }));

  const auto known_ratings = existing_refs(ctx, "ratings");
  Keys reviews;
  std::int64_t rating_id = next_id(ctx, "ratings");
  auto& ratings = ctx.table(
      "ratings", {"id", "external_ref", "customer_id", "product_id", "rating", "rated_on"});
  return each_row(
      ctx, state, "products_review.csv",
      {"review_id", "customer_id", "product_id", "rating", "date"},
      [&](const csv::TableReader& t) -> Result<void> {
        CW_ASSIGN_OR_RETURN(auto k, key(t, "review_id"));
        CW_ASSIGN_OR_RETURN(auto customer, resolve(state.customers, t, "customer_id", "customer"));
        CW_ASSIGN_OR_RETURN(auto product, resolve(state.products, t, "product_id", "product"));
        CW_ASSIGN_OR_RETURN(auto rating, t.optional_integer("rating"));
        if (!rating || *rating < 1 || *rating > 5)
          return fail(t.invalid("rating", "is not a whole number from 1 to 5"));
        CW_ASSIGN_OR_RETURN(auto date, t.optional_date("date"));
        if (!date) return fail(t.invalid_row("date is empty", "date"));
        CW_ASSIGN_OR_RETURN(auto day, day_start(t, "date"));
        CW_TRY(define(reviews, known_ratings, t, "review_id", k, rating_id));
        state.saw_day(day);
        ctx.add(ratings, rating_id++, k, customer, product, *rating, *date);
        ctx.count("ratings");
        return {};
      });
}

}  // namespace cw::ingest::cartify

namespace cw::ingest {

Result<void> import_cartify(ImportContext& ctx, const std::string& dir) {
  cartify::State state;
  state.dir = dir;
  // The layout dates none of these rows: they are dated below, once the first day is known.
  const char* const undated[] = {"customers", "products", "coupons"};
  std::int64_t first_id[3];
  for (int i = 0; i < 3; ++i) first_id[i] = cartify::next_id(ctx, undated[i]);
  CW_TRY(cartify::import_lookups(ctx, state));
  CW_TRY(cartify::import_catalogue(ctx, state));
  CW_TRY(cartify::import_customers(ctx, state));
  CW_TRY(cartify::import_marketing(ctx, state));
  CW_TRY(cartify::import_orders(ctx, state));
  CW_TRY(cartify::import_activity(ctx, state));
  ctx.file.clear();
  // The layout has no registration or creation dates: customers, products and coupons count as
  // created on the first day of the shop's records (the earliest order, visit, review or campaign
  // start), so that "all registered customers" at any date of the records is the whole file.
  if (state.first_day >= 0)
    for (int i = 0; i < 3; ++i)
      ctx.c.exec("UPDATE " + std::string(undated[i]) +
                     " SET created_at = ? WHERE id >= ? AND external_ref IS NOT NULL",
                 state.first_day * kSecondsPerDay, first_id[i]);
  return {};
}

}  // namespace cw::ingest
