#include "demo/catalog_builder.hpp"

#include <cmath>
#include <numeric>
#include <set>

#include "demo/shop_data.hpp"

namespace cw::demo {
namespace {

const std::vector<std::string_view>& features() {
  static const std::vector<std::string_view> list = {
      "with a cushioned memory-foam insole",    "on a flexible rubber sole",
      "with an almond toe and a padded collar", "lined in soft leather",
      "with a grippy, hard-wearing outsole",    "finished with a subtle metal trim",
      "with an adjustable buckle strap",        "in a wider E fit for extra comfort",
      "with a side zip for easy on and off",    "on a lightweight, shock-absorbing sole"};
  return list;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& ch : out)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return out;
}

std::string size_label(int step) {
  const int whole = 3 + step / 2;
  return "UK " + std::to_string(whole) + (step % 2 ? ".5" : "");
}

}  // namespace

std::vector<ProductInfo> build_catalog(db::Connection& c, Random& random, std::int64_t created_at,
                                       std::int64_t& restock_id) {
  std::vector<ProductInfo> products;
  std::set<std::string> names;
  std::int64_t category_id = 0;
  for (const data::CategoryInfo& category : data::categories()) {
    c.exec("INSERT INTO categories (id, name) VALUES (?, ?)", ++category_id, category.name);
    for (int i = 0; i < category.products; ++i) {
      std::string name;
      std::string_view material, style;
      do {
        material = random.pick(data::materials());
        style = random.pick(category.styles);
        name = std::string(random.pick(data::product_names())) + " " + std::string(material) + " " +
               std::string(style);
      } while (!names.insert(name).second);
      const std::string colour(random.pick(data::colours()));
      const std::string description = "A " + lower(material) + " " + lower(style) + " in " +
                                      colour + ", " + std::string(random.pick(features())) +
                                      ". Part of our " + lower(category.name) + " collection.";
      const std::int64_t pounds =
          random.between(category.min_price_pounds, category.max_price_pounds);
      const Minor price = random.chance(0.75) ? pounds * 100 - 1 : pounds * 100;
      const Minor cost = static_cast<Minor>(
          std::llround(static_cast<double>(price) * (0.40 + 0.20 * random.unit())));
      ProductInfo p;
      p.id = static_cast<std::int64_t>(products.size()) + 1;
      p.category_id = category_id;
      p.price = price;
      p.season = category.season;
      p.half_sizes = random.chance(0.3);
      p.restock_batch = random.between(20, 60);
      c.exec(
          "INSERT INTO products (id, category_id, name, description, price, cost, active,"
          " units_sold, created_at) VALUES (?, ?, ?, ?, ?, ?, 1, 0, ?)",
          p.id, category_id, name, description, price, cost, created_at);
      for (int step = 0; step < kSizeSteps; step += p.half_sizes ? 1 : 2) {
        p.sizes.push_back(size_label(step));
        p.stock.push_back(random.between(10, 40));
        c.exec("INSERT INTO product_sizes (product_id, size, position, stock) VALUES (?, ?, ?, ?)",
               p.id, p.sizes.back(), static_cast<std::int64_t>(p.sizes.size()) - 1, p.stock.back());
        c.exec(
            "INSERT INTO demo_restocks (id, product_id, size, quantity, at) VALUES (?, ?, ?, ?, ?)",
            ++restock_id, p.id, p.sizes.back(), p.stock.back(), created_at);
      }
      products.push_back(std::move(p));
    }
  }
  // Popularity follows a Zipf-like curve over a shuffled ranking; the bottom of the ranking holds
  // the slow sellers, and the six slowest are the ones the shop over-ordered.
  std::vector<std::size_t> ranking(products.size());
  std::iota(ranking.begin(), ranking.end(), 0);
  for (std::size_t i = ranking.size() - 1; i > 0; --i)
    std::swap(ranking[i], ranking[random.below(i + 1)]);
  for (std::size_t rank = 0; rank < ranking.size(); ++rank) {
    ProductInfo& p = products[ranking[rank]];
    p.popularity = 1.0 / std::pow(static_cast<double>(rank) + 3.0, 0.9);
    const std::size_t from_bottom = ranking.size() - 1 - rank;
    if (from_bottom < 14) p.popularity *= 0.03;
    if (from_bottom < 6) p.overstocked = true;
  }
  return products;
}

}  // namespace cw::demo
