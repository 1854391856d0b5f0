#pragma once
// The warehouse's view: orders to pick (placed, oldest first, with lines and ship-to address),
// stock per product and size, restock. Status changes go through orders::Orders.

#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/ids.hpp"
#include "db/database.hpp"
#include "orders/orders.hpp"

namespace cw::warehouse {

struct StockRow {
  Id product_id = 0;
  std::string product_name;
  std::string category;
  std::string size;
  std::int64_t stock = 0;
};

class Warehouse {
 public:
  explicit Warehouse(db::Database& db) : db_(db) {}

  // Orders in `status` (placed by default), oldest first, with lines and ship-to address.
  std::vector<orders::Order> orders_in(orders::Status status = orders::Status::kPlaced,
                                       int limit = 500) const;

  // Every product and size with its stock, by product id then size position. With a product id,
  // that product's sizes only (404 when no such product).
  Result<std::vector<StockRow>> stock(std::optional<Id> product_id = std::nullopt) const;

  // Adds `quantity` (1..1,000,000) units to a product's size; creates the size when the product
  // exists but lacks it. 422 invalid_quantity / unknown_product; returns the new row.
  Result<StockRow> restock(Id product_id, const std::string& size, std::int64_t quantity);

 private:
  db::Database& db_;
};

}  // namespace cw::warehouse
