// Cartify layout, part 1: the shared helpers, the lookup files, the catalogue and the customers
// (docs/import-formats.md "cartify").
#include "core/time.hpp"
#include "csv/input_error.hpp"
#include "ingest/cartify.hpp"

namespace cw::ingest::cartify {

const std::vector<std::string>& file_names() {
  static const std::vector<std::string> names = {"country.csv",
                                                 "region.csv",
                                                 "cities.csv",
                                                 "discount_types.csv",
                                                 "campaign_type.csv",
                                                 "category_data.csv",
                                                 "product_data.csv",
                                                 "customers.csv",
                                                 "marketing_campaigns.csv",
                                                 "campaign_engagement.csv",
                                                 "discount.csv",
                                                 "orders.csv",
                                                 "orders_details.csv",
                                                 "website_activity.csv",
                                                 "products_review.csv"};
  return names;
}

void State::saw_day(std::int64_t unix_seconds) {
  const std::int64_t day = unix_seconds / kSecondsPerDay;
  if (first_day < 0 || day < first_day) first_day = day;
}

Error in_file(const std::string& name, Error e) {
  e.message = name + ": " + e.message;
  return e;
}

Result<std::string> key(const csv::TableReader& t, std::string_view column) {
  if (t.text(column).empty())
    return fail(t.invalid_row(std::string(column) + " is empty", std::string(column)));
  return std::string(t.text(column));
}

Result<void> define(Keys& keys, const std::unordered_set<std::string>& existing,
                    const csv::TableReader& t, std::string_view column, const std::string& k,
                    std::int64_t id) {
  if (auto [it, fresh] = keys.line.try_emplace(k, t.line()); !fresh)
    return fail(csv::input_error(
        "duplicate_id", t.line(),
        std::string(column) + " " + k + " was already used on line " + std::to_string(it->second),
        std::string(column)));
  if (existing.count(k))
    return fail(Error::conflict("id_exists",
                                "line " + std::to_string(t.line()) + ": " + std::string(column) +
                                    " " + k + " already exists in the database",
                                std::string(column)));
  keys.id.emplace(k, id);
  return {};
}

Result<std::int64_t> resolve(const Keys& keys, const csv::TableReader& t, std::string_view column,
                             std::string_view what) {
  CW_ASSIGN_OR_RETURN(auto k, key(t, column));
  const auto it = keys.id.find(k);
  if (it == keys.id.end())
    return fail(csv::input_error("unknown_reference", t.line(),
                                 std::string(what) + " " + k + " does not exist",
                                 std::string(column)));
  return it->second;
}

Result<std::string> resolve_text(const std::unordered_map<std::string, std::string>& map,
                                 const csv::TableReader& t, std::string_view column,
                                 std::string_view what) {
  CW_ASSIGN_OR_RETURN(auto k, key(t, column));
  const auto it = map.find(k);
  if (it == map.end())
    return fail(csv::input_error("unknown_reference", t.line(),
                                 std::string(what) + " " + k + " does not exist",
                                 std::string(column)));
  return it->second;
}

std::unordered_set<std::string> existing_refs(ImportContext& ctx, std::string_view table) {
  std::unordered_set<std::string> out;
  auto rows = ctx.c.query("SELECT external_ref FROM " + std::string(table) +
                          " WHERE external_ref IS NOT NULL");
  while (rows.next()) out.insert(rows.text(0));
  return out;
}

std::int64_t next_id(ImportContext& ctx, std::string_view table) {
  return ctx.c.scalar("SELECT coalesce(max(id), 0) + 1 FROM " + std::string(table)).value_or(1);
}

namespace {

// A lookup file of KEY;NAME: every key once, every name non-empty.
Result<void> lookup(ImportContext& ctx, const State& state, const std::string& file,
                    const char* key_column, const char* name_column,
                    std::unordered_map<std::string, std::string>& out) {
  std::unordered_map<std::string, std::int64_t> lines;
  return each_row(ctx, state, file, {key_column, name_column},
                  [&](const csv::TableReader& t) -> Result<void> {
                    CW_ASSIGN_OR_RETURN(auto k, key(t, key_column));
                    CW_ASSIGN_OR_RETURN(auto name, key(t, name_column));
                    if (auto [it, fresh] = lines.try_emplace(k, t.line()); !fresh)
                      return fail(csv::input_error("duplicate_id", t.line(),
                                                   std::string(key_column) + " " + k +
                                                       " was already used on line " +
                                                       std::to_string(it->second),
                                                   key_column));
                    out.emplace(k, name);
                    return {};
                  });
}

}  // namespace

Result<void> import_lookups(ImportContext& ctx, State& state) {
  CW_TRY(lookup(ctx, state, "country.csv", "country_id", "name", state.countries));
  CW_TRY(lookup(ctx, state, "region.csv", "region_id", "region", state.regions));
  std::unordered_map<std::string, std::int64_t> lines;
  CW_TRY(each_row(ctx, state, "cities.csv", {"city_id", "city", "region_id"},
                  [&](const csv::TableReader& t) -> Result<void> {
                    CW_ASSIGN_OR_RETURN(auto k, key(t, "city_id"));
                    CW_ASSIGN_OR_RETURN(auto name, key(t, "city"));
                    CW_ASSIGN_OR_RETURN(auto region,
                                        resolve_text(state.regions, t, "region_id", "region"));
                    if (auto [it, fresh] = lines.try_emplace(k, t.line()); !fresh)
                      return fail(csv::input_error("duplicate_id", t.line(),
                                                   "city_id " + k + " was already used on line " +
                                                       std::to_string(it->second),
                                                   "city_id"));
                    state.cities.emplace(k, City{name, region});
                    return {};
                  }));
  CW_TRY(lookup(ctx, state, "discount_types.csv", "discount_type_id", "type_of_discount",
                state.discount_types));
  return lookup(ctx, state, "campaign_type.csv", "campaign_type_id", "platform", state.platforms);
}

Result<void> import_catalogue(ImportContext& ctx, State& state) {
  const auto known_categories = existing_refs(ctx, "categories");
  std::int64_t category_id = next_id(ctx, "categories");
  CW_TRY(each_row(
      ctx, state, "category_data.csv", {"category_id", "category_name"},
      [&](const csv::TableReader& t) -> Result<void> {
        CW_ASSIGN_OR_RETURN(auto k, key(t, "category_id"));
        CW_ASSIGN_OR_RETURN(auto name, key(t, "category_name"));
        CW_TRY(define(state.categories, known_categories, t, "category_id", k, category_id));
        if (ctx.c.scalar("SELECT 1 FROM categories WHERE name = ?", name))
          return fail(Error::conflict(
              "id_exists",
              "line " + std::to_string(t.line()) + ": category_name " + name + " already exists",
              "category_name"));
        ctx.c.exec("INSERT INTO categories (id, name, external_ref) VALUES (?, ?, ?)",
                   category_id++, name, k);
        ctx.count("categories");
        return {};
      }));

  const auto known_products = existing_refs(ctx, "products");
  std::int64_t product_id = next_id(ctx, "products");
  const std::int64_t now = ctx.now();
  auto& products = ctx.table(
      "products", {"id", "category_id", "name", "price", "cost", "created_at", "external_ref"});
  auto& sizes = ctx.table("product_sizes", {"product_id", "size", "position", "stock"});
  return each_row(
      ctx, state, "product_data.csv",
      {"product_id", "product_name", "selling_price", "category_id", "cost_price", "stock"},
      [&](const csv::TableReader& t) -> Result<void> {
        CW_ASSIGN_OR_RETURN(auto k, key(t, "product_id"));
        CW_ASSIGN_OR_RETURN(auto name, key(t, "product_name"));
        CW_ASSIGN_OR_RETURN(auto price, t.money("selling_price"));
        CW_ASSIGN_OR_RETURN(auto category, resolve(state.categories, t, "category_id", "category"));
        CW_ASSIGN_OR_RETURN(auto cost, t.optional_money("cost_price"));
        CW_ASSIGN_OR_RETURN(auto stock, t.optional_integer("stock"));
        CW_TRY(define(state.products, known_products, t, "product_id", k, product_id));
        ctx.add(products, product_id, category, name, price, cost, now, k);
        ctx.add(sizes, product_id, kDefaultSize, 0, stock.value_or(0));
        state.price_of.emplace(product_id, price);
        ++product_id;
        ctx.count("products");
        ctx.count("product_sizes");
        return {};
      });
}

Result<void> import_customers(ImportContext& ctx, State& state) {
  const auto known = existing_refs(ctx, "customers");
  std::int64_t id = next_id(ctx, "customers");
  const std::int64_t now = ctx.now();
  auto& customers =
      ctx.table("customers", {"id", "email", "first_name", "last_name", "phone", "gender",
                              "date_of_birth", "created_at", "external_ref"});
  auto& addresses = ctx.table(
      "addresses", {"customer_id", "line1", "city", "postcode", "country", "region", "is_default"});
  return each_row(
      ctx, state, "customers.csv",
      {"customer_id", "first_name", "last_name", "gender", "date_of_birth", "email", "phone_number",
       "address", "city_id", "postcode", "country_id"},
      [&](const csv::TableReader& t) -> Result<void> {
        CW_ASSIGN_OR_RETURN(auto k, key(t, "customer_id"));
        CW_ASSIGN_OR_RETURN(auto birth, t.optional_date("date_of_birth"));
        const bool any_address = !t.text("address").empty() || !t.text("city_id").empty() ||
                                 !t.text("postcode").empty() || !t.text("country_id").empty();
        City city;
        std::string country;
        if (any_address) {
          for (const char* required : {"address", "city_id", "postcode", "country_id"})
            if (t.text(required).empty())
              return fail(t.invalid_row(std::string("an address needs ") + required, required));
          const auto found = state.cities.find(std::string(t.text("city_id")));
          if (found == state.cities.end())
            return fail(csv::input_error(
                "unknown_reference", t.line(),
                "city " + std::string(t.text("city_id")) + " does not exist", "city_id"));
          city = found->second;
          CW_ASSIGN_OR_RETURN(country, resolve_text(state.countries, t, "country_id", "country"));
        }
        CW_TRY(define(state.customers, known, t, "customer_id", k, id));
        // created_at is set for all of them at the end (import_cartify): the layout has no
        // registration date.
        ctx.add(customers, id, t.optional_text("email"), t.text("first_name"), t.text("last_name"),
                t.optional_text("phone_number"), t.optional_text("gender"), birth, now, k);
        ctx.count("customers");
        if (any_address) {
          ctx.add(addresses, id, t.text("address"), city.name, t.text("postcode"), country,
                  city.region, 1);
          ctx.count("addresses");
        }
        ++id;
        return {};
      });
}

}  // namespace cw::ingest::cartify
