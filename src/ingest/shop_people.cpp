// Cartwise's own tables, part 1: shop-customers and shop-products (docs/import-formats.md).
#include <unordered_map>

#include "csv/field_parsers.hpp"
#include "csv/input_error.hpp"
#include "csv/table_reader.hpp"
#include "ingest/import_context.hpp"

namespace cw::ingest {
namespace {

struct Size {
  std::string name;
  std::int64_t stock;
};

// "S:3|M:5|L:0" -> sizes in display order with their stock.
Result<std::vector<Size>> parse_sizes(const csv::TableReader& table) {
  std::vector<Size> out;
  std::string_view rest = table.text("sizes");
  while (!rest.empty()) {
    const std::size_t bar = rest.find('|');
    const std::string_view item = rest.substr(0, bar);
    rest = bar == std::string_view::npos ? std::string_view{} : rest.substr(bar + 1);
    const std::size_t colon = item.rfind(':');
    std::int64_t stock = -1;
    const std::string_view name =
        csv::trim(colon == std::string_view::npos ? item : item.substr(0, colon));
    if (colon == std::string_view::npos || name.empty() ||
        csv::parse_integer(item.substr(colon + 1), stock) != csv::NumberError::kNone || stock < 0)
      return fail(table.invalid("sizes",
                                "is not a list of SIZE:STOCK separated by '|' (stock "
                                "a whole number >= 0)"));
    for (const Size& s : out)
      if (s.name == name) return fail(table.invalid("sizes", "names a size twice"));
    out.push_back({std::string(name), stock});
  }
  return out;
}

}  // namespace

Result<void> import_shop_customers(ImportContext& ctx, std::string_view bytes) {
  auto& customers = ctx.table("customers", {"id", "email", "first_name", "last_name", "phone",
                                            "gender", "date_of_birth", "occupation", "created_at"});
  auto& addresses = ctx.table(
      "addresses", {"customer_id", "line1", "line2", "city", "postcode", "country", "is_default"});
  return import_rows(
      ctx, bytes, "shop-customers", "customers", "customer", {"id"},
      {"email", "first_name", "last_name", "phone", "gender", "date_of_birth", "occupation",
       "created_at", "line1", "line2", "city", "postcode", "country"},
      [&](const csv::TableReader& t, std::int64_t id) -> Result<void> {
        CW_ASSIGN_OR_RETURN(auto birth, t.optional_date("date_of_birth"));
        CW_ASSIGN_OR_RETURN(auto created, t.optional_moment("created_at"));
        const bool any_address = !t.text("line1").empty() || !t.text("line2").empty() ||
                                 !t.text("city").empty() || !t.text("postcode").empty() ||
                                 !t.text("country").empty();
        if (any_address)
          for (const char* required : {"line1", "city", "postcode", "country"})
            if (t.text(required).empty())
              return fail(t.invalid_row(std::string("an address needs ") + required, required));
        ctx.add(customers, id, t.optional_text("email"), t.text("first_name"), t.text("last_name"),
                t.optional_text("phone"), t.optional_text("gender"), birth,
                t.optional_text("occupation"), created.value_or(ctx.now()));
        if (!any_address) return {};
        ctx.add(addresses, id, t.text("line1"), t.optional_text("line2"), t.text("city"),
                t.text("postcode"), t.text("country"), 1);
        ctx.count("addresses");
        return {};
      });
}

namespace {

// Categories are named in the file and created on first use. They are written at once (not
// through the writer): the database assigns their ids, which the products rows then carry.
class Categories {
 public:
  explicit Categories(db::Connection& c) : c_(c) {}
  std::int64_t id_of(const std::string& name, ImportContext& ctx) {
    if (const auto known = ids_.find(name); known != ids_.end()) return known->second;
    // Not seen in this file yet: the database may know it under another case (COLLATE nocase).
    auto id = c_.scalar("SELECT id FROM categories WHERE name = ?", name);
    if (!id) {
      auto inserted = c_.query("INSERT INTO categories (name) VALUES (?) RETURNING id", name);
      inserted.next();
      id = inserted.integer(0);
      ctx.count("categories");
    }
    return ids_[name] = *id;
  }

 private:
  db::Connection& c_;
  std::unordered_map<std::string, std::int64_t> ids_;
};

}  // namespace

Result<void> import_shop_products(ImportContext& ctx, std::string_view bytes) {
  Categories categories(ctx.c);
  auto& products = ctx.table("products", {"id", "category_id", "name", "description", "price",
                                          "cost", "active", "created_at"});
  auto& product_sizes = ctx.table("product_sizes", {"product_id", "size", "position", "stock"});
  return import_rows(
      ctx, bytes, "shop-products", "products", "product", {"id", "category", "name", "price"},
      {"description", "cost", "active", "created_at", "sizes"},
      [&](const csv::TableReader& t, std::int64_t id) -> Result<void> {
        const std::string category(t.text("category"));
        const std::string_view name = t.text("name");
        if (category.empty()) return fail(t.invalid_row("category is empty", "category"));
        if (name.empty()) return fail(t.invalid_row("name is empty", "name"));
        CW_ASSIGN_OR_RETURN(auto price, t.money("price"));
        CW_ASSIGN_OR_RETURN(auto cost, t.optional_money("cost"));
        CW_ASSIGN_OR_RETURN(auto active, t.flag("active", true));
        CW_ASSIGN_OR_RETURN(auto created, t.optional_moment("created_at"));
        CW_ASSIGN_OR_RETURN(auto sizes, parse_sizes(t));

        ctx.add(products, id, categories.id_of(category, ctx), name, t.text("description"), price,
                cost, active, created.value_or(ctx.now()));
        for (std::size_t position = 0; position < sizes.size(); ++position) {
          const Size& size = sizes[position];
          ctx.add(product_sizes, id, size.name, static_cast<std::int64_t>(position), size.stock);
          ctx.count("product_sizes");
        }
        return {};
      });
}

}  // namespace cw::ingest
