#include "warehouse/warehouse.hpp"

namespace cw::warehouse {
namespace {

constexpr std::int64_t kMaxRestock = 1'000'000;

constexpr std::string_view kStockQuery =
    "SELECT s.product_id, p.name, c.name, s.size, s.stock FROM product_sizes s "
    "JOIN products p ON p.id = s.product_id JOIN categories c ON c.id = p.category_id ";

StockRow stock_row(db::Rows& rows) {
  return {rows.integer(0), rows.text(1), rows.text(2), rows.text(3), rows.integer(4)};
}

}  // namespace

std::vector<orders::Order> Warehouse::orders_in(orders::Status status, int limit) const {
  auto c = db_.lease();
  // One snapshot for the three queries, so lines and history match the orders chosen.
  db::Transaction tx(*c, db::TxMode::kRead);
  auto found = orders::load_orders_in(*c, status, limit);
  tx.commit();
  return found;
}

Result<std::vector<StockRow>> Warehouse::stock(std::optional<Id> product_id) const {
  auto c = db_.lease();
  std::vector<StockRow> result;
  if (!product_id) {
    auto rows = c->query(std::string(kStockQuery) + "ORDER BY s.product_id, s.position, s.size");
    while (rows.next()) result.push_back(stock_row(rows));
    return result;
  }
  db::Transaction tx(*c, db::TxMode::kRead);
  if (!c->scalar("SELECT 1 FROM products WHERE id = ?", *product_id)) {
    return fail(Error::not_found("product"));
  }
  auto rows = c->query(
      std::string(kStockQuery) + "WHERE s.product_id = ? ORDER BY s.position, s.size", *product_id);
  while (rows.next()) result.push_back(stock_row(rows));
  return result;
}

Result<StockRow> Warehouse::restock(Id product_id, const std::string& size, std::int64_t quantity) {
  if (quantity < 1 || quantity > kMaxRestock) {
    return fail(Error::unprocessable("invalid_quantity",
                                     "A restock adds from 1 to 1,000,000 units.", "quantity"));
  }
  if (size.empty()) {
    return fail(Error::unprocessable("invalid_size", "A size is required.", "size"));
  }
  auto c = db_.lease();
  db::Transaction tx(*c, db::TxMode::kWrite);
  try {
    // A new size goes after the product's existing ones.
    c->exec(
        "INSERT INTO product_sizes (product_id, size, position, stock) VALUES (?, ?, "
        "(SELECT COALESCE(MAX(position) + 1, 0) FROM product_sizes WHERE product_id = ?), ?) "
        "ON CONFLICT(product_id, size) DO UPDATE SET stock = product_sizes.stock + excluded.stock",
        product_id, size, product_id, quantity);
  } catch (const db::ConstraintError& e) {
    if (e.kind() != db::ConstraintError::Kind::kForeignKey) throw;
    return fail(Error::unprocessable("unknown_product", "No such product.", "product_id"));
  }
  auto rows = c->query(std::string(kStockQuery) + "WHERE s.product_id = ? AND s.size = ?",
                       product_id, size);
  if (!rows.next()) throw Failure(Error::internal("a restocked size vanished"));
  StockRow row = stock_row(rows);
  while (rows.next()) {
  }
  tx.commit();
  return row;
}

}  // namespace cw::warehouse
