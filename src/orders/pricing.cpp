#include "orders/pricing.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace cw::orders {

std::string line_field(std::size_t index, const char* name) {
  return "lines[" + std::to_string(index) + "]." + name;
}

Result<Bill> draft_bill(const std::vector<LineRequest>& lines) {
  if (lines.empty()) {
    return fail(
        Error::unprocessable("invalid_order", "An order needs at least one line.", "lines"));
  }
  if (lines.size() > kMaxLines) {
    return fail(Error::unprocessable(
        "invalid_order", "An order has at most " + std::to_string(kMaxLines) + " lines.", "lines"));
  }
  Bill bill;
  std::map<std::pair<Id, std::string>, std::size_t> position;  // (product, size) -> bill line
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const LineRequest& line = lines[i];
    if (line.product_id <= 0) {
      return fail(
          Error::unprocessable("unknown_product", "No such product.", line_field(i, "product_id")));
    }
    if (line.size.empty()) {
      return fail(
          Error::unprocessable("invalid_order", "A line needs a size.", line_field(i, "size")));
    }
    if (line.quantity < 1 || line.quantity > kMaxQuantity) {
      return fail(Error::unprocessable(
          "invalid_order", "A quantity is from 1 to " + std::to_string(kMaxQuantity) + ".",
          line_field(i, "quantity")));
    }
    auto [it, inserted] = position.try_emplace({line.product_id, line.size}, bill.lines.size());
    if (inserted) {
      bill.lines.push_back({.request_index = i,
                            .product_id = line.product_id,
                            .size = line.size,
                            .quantity = line.quantity});
    } else {
      bill.lines[it->second].quantity += line.quantity;
    }
  }
  return bill;
}

void settle(Bill& bill, Minor shipping) {
  bill.subtotal = 0;
  bill.discount = 0;
  bill.units = 0;
  for (BillLine& line : bill.lines) {
    const Minor goods = line.quantity * line.unit_price;
    line.discount = std::clamp<Minor>(line.discount, 0, goods);
    line.line_total = goods - line.discount;
    bill.subtotal += goods;
    bill.discount += line.discount;
    bill.units += line.quantity;
  }
  bill.shipping = shipping;
  bill.total = bill.subtotal - bill.discount + bill.shipping;
}

}  // namespace cw::orders
