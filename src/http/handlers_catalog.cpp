#include <map>

#include "http/handlers.hpp"
#include "http/json_text.hpp"
#include "http/mapping.hpp"
#include "loyalty/loyalty.hpp"

namespace cw::http::handlers {
namespace {

Result<catalog::SortOrder> parse_sort(const std::string& text) {
  if (text == "id") return catalog::SortOrder::kId;
  if (text == "price") return catalog::SortOrder::kPriceAscending;
  if (text == "-price") return catalog::SortOrder::kPriceDescending;
  if (text == "name") return catalog::SortOrder::kName;
  return fail(Error::bad_request("invalid_parameter",
                                 "sort must be one of id, price, -price, name.", "sort"));
}

// The customer whose rewards a product page shows; nullopt for anonymous and staff callers, who
// get no reward_percent_off member at all.
std::optional<Id> reward_viewer(const Call& call) {
  if (!call.principal) return std::nullopt;
  return call.principal->customer_id;
}

Json percent_or_null(const std::optional<int>& percent) {
  return percent ? Json(*percent) : Json(nullptr);
}

}  // namespace

namespace {

Result<catalog::SearchQuery> search_query(const Services& services, const Call& call) {
  Query query(call.request);
  catalog::SearchQuery search;
  search.text = query.text("q").value_or(std::string());
  search.category = query.text("category");
  search.size = query.text("size");
  search.min_price = query.money("min_price", services.config.currency_decimals);
  search.max_price = query.money("max_price", services.config.currency_decimals);
  search.page = static_cast<int>(query.integer("page", 1, 1'000'000).value_or(1));
  search.page_size = static_cast<int>(query.integer("page_size", 1, 100).value_or(20));
  if (auto sort = query.text("sort")) {
    auto order = parse_sort(*sort);
    if (!order)
      query.fail(order.error());
    else
      search.sort = *order;
  }
  if (query.error()) return fail(*query.error());
  return search;
}

// The page is assembled from each product's cached JSON text (product_json.hpp); a viewer's
// reward_percent_off (`rewards`: by product) is spliced in before the object's closing brace.
Reply search_page(Services& services, const catalog::SearchQuery& search,
                  const catalog::SearchResult& result, const std::map<Id, int>* rewards) {
  const Money money{services.config};
  std::string body = "{\"items\":[";
  body.reserve(512 * (result.items.size() + 1));
  for (std::size_t i = 0; i < result.items.size(); ++i) {
    const catalog::Product& product = result.items[i];
    if (i) body += ',';
    services.product_json.append(body, result.version, product, money);
    if (rewards) {
      body.pop_back();
      auto found = rewards->find(product.id);
      body += ",\"reward_percent_off\":";
      body += found == rewards->end() ? std::string("null") : std::to_string(found->second);
      body += '}';
    }
  }
  body += "],\"page\":" + std::to_string(search.page) +
          ",\"page_size\":" + std::to_string(search.page_size) +
          ",\"total\":" + std::to_string(result.total) + "}";
  return json_text_reply(std::move(body));
}

}  // namespace

Result<Reply> search_products(Services& services, const Call& call) {
  CW_ASSIGN_OR_RETURN(const auto search, search_query(services, call));
  CW_ASSIGN_OR_RETURN(const auto result, services.catalog.search(search));
  const auto viewer = reward_viewer(call);
  if (!viewer) return search_page(services, search, result, nullptr);
  // One query for the whole page: the customer's best unclaimed reward per product.
  std::map<Id, int> rewards;
  if (!result.items.empty()) {
    rewards = loyalty::Loyalty(services.db, services.clock).reward_percent_by_product(*viewer);
  }
  return search_page(services, search, result, &rewards);
}

bool search_products_now(Services& services, const Call& call, Answer answer) {
  // A token may add the viewer's rewards (more queries); on PostgreSQL even the version read is a
  // round trip to the server: both wait, so they take the worker pool.
  if (call.request.header("Authorization") || services.db.dialect() != db::Dialect::kSqlite) {
    return false;
  }
  const auto catalog = services.catalog.loaded();
  if (!catalog) return false;  // the copy must be reloaded first: a read of the whole catalogue
  const std::string& target = call.request.target;
  auto reply = [&]() -> Result<Reply> {
    if (auto page = services.search_pages.find(catalog->version(), target)) {
      return json_text_reply(std::move(*page));
    }
    CW_ASSIGN_OR_RETURN(const auto search, search_query(services, call));
    CW_ASSIGN_OR_RETURN(const auto result, catalog->search(search));
    Reply page = search_page(services, search, result, nullptr);
    services.search_pages.keep(result.version, target, page.stored_body);
    return page;
  }();
  answer([reply = std::move(reply)] { return reply; });
  return true;
}

Result<Reply> get_product(Services& services, const Call& call) {
  auto id = parse_id(call.path_params[0]);
  if (!id) return fail(Error::not_found("product"));
  CW_ASSIGN_OR_RETURN(auto product, services.catalog.get(*id));
  Json item = to_json(product, Money{services.config});
  if (const auto viewer = reward_viewer(call)) {
    item["reward_percent_off"] = percent_or_null(
        loyalty::Loyalty(services.db, services.clock).reward_percent_for(*viewer, product.id));
  }
  return Reply{200, std::move(item)};
}

// The catalogue filter's choices: every category, with its products on sale.
Result<Reply> list_categories(Services& services, const Call&) {
  Json items = Json::array();
  for (const catalog::Category& category : services.catalog.categories()) {
    items.push_back(
        {{"id", category.id}, {"name", category.name}, {"products", category.products}});
  }
  return Reply{200, {{"items", std::move(items)}}};
}

}  // namespace cw::http::handlers
