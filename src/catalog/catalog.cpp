// Catalog: reading one product, adding products, categories.
#include "catalog/catalog.hpp"

#include <set>

#include "catalog/product_row.hpp"
#include "catalog/search_cache.hpp"

namespace cw::catalog {
namespace {

Error invalid_product(std::string message, std::string field) {
  return Error::unprocessable("invalid_product", std::move(message), std::move(field));
}

bool blank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

std::optional<Error> validate(const NewProduct& p) {
  if (blank(p.name)) return invalid_product("A product needs a name.", "name");
  if (blank(p.category)) return invalid_product("A product needs a category.", "category");
  if (p.price < 0) return invalid_product("The price cannot be negative.", "price");
  if (p.cost && *p.cost < 0) return invalid_product("The cost cannot be negative.", "cost");
  if (p.sizes.empty()) return invalid_product("A product needs at least one size.", "sizes");
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < p.sizes.size(); ++i) {
    const std::string at = "sizes[" + std::to_string(i) + "]";
    const SizeStock& size = p.sizes[i];
    if (blank(size.size)) return invalid_product("A size needs a label.", at + ".size");
    if (!seen.insert(size.size).second)
      return invalid_product("The size '" + size.size + "' is listed twice.", at + ".size");
    if (size.stock < 0) return invalid_product("Stock cannot be negative.", at + ".stock");
  }
  return std::nullopt;
}

}  // namespace

Catalog::Catalog(db::Database& db, const Clock& clock)
    : db_(db), clock_(clock), cache_(std::make_shared<SearchCache>()) {}

std::optional<Product> Catalog::load(db::Connection& c, Id product_id) {
  auto rows = c.query("SELECT " CW_CATALOG_PRODUCT_WITH_SIZES
                      " FROM products p JOIN categories c ON c.id = p.category_id"
                      " LEFT JOIN product_sizes s ON s.product_id = p.id"
                      " WHERE p.id = ? ORDER BY s.position, s.size",
                      product_id);
  if (!rows.next()) return std::nullopt;
  Product product = detail::read_product(rows);
  do {
    detail::read_size(rows, product);
  } while (rows.next());
  return product;
}

Result<Product> Catalog::get(Id product_id) const {
  auto c = db_.lease();
  auto product = load(*c, product_id);
  if (!product) return fail(Error::not_found("product"));
  return std::move(*product);
}

std::vector<Category> Catalog::categories() const {
  auto c = db_.lease();
  auto rows = c->query(
      "SELECT c.id, c.name, COUNT(p.id) FROM categories c "
      "LEFT JOIN products p ON p.category_id = c.id AND p.active = 1 "
      "GROUP BY c.id, c.name ORDER BY c.name COLLATE NOCASE, c.id");
  std::vector<Category> list;
  while (rows.next()) list.push_back({rows.integer(0), rows.text(1), rows.integer(2)});
  return list;
}

Id Catalog::ensure_category(db::Connection& c, const std::string& name) {
  // The UNIQUE NOCASE index makes a concurrent insert of the same name a no-op, not an error.
  c.exec("INSERT INTO categories (name) VALUES (?) ON CONFLICT (name) DO NOTHING", name);
  const auto id = c.scalar("SELECT id FROM categories WHERE name = ?", name);
  if (!id) throw Failure(Error::internal("category '" + name + "' vanished after insert"));
  return *id;
}

Result<Product> Catalog::add(const NewProduct& product) {
  if (auto error = validate(product)) return fail(std::move(*error));
  auto c = db_.lease();
  db::Transaction tx(*c, db::TxMode::kWrite);
  const Id category_id = ensure_category(*c, product.category);
  const auto id = c->scalar(
      "INSERT INTO products (category_id, name, description, price, cost, active, created_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      category_id, product.name, product.description, product.price, product.cost, product.active,
      to_unix(clock_.now()));
  if (!id) throw Failure(Error::internal("INSERT INTO products returned no id"));
  for (std::size_t i = 0; i < product.sizes.size(); ++i) {
    c->exec("INSERT INTO product_sizes (product_id, size, position, stock) VALUES (?, ?, ?, ?)",
            *id, product.sizes[i].size, static_cast<std::int64_t>(i), product.sizes[i].stock);
  }
  auto added = load(*c, *id);
  tx.commit();
  return std::move(*added);
}

}  // namespace cw::catalog
