#pragma once
// The route table and what a handler sees. Internal to the http module (includes nlohmann::json,
// no transport library); the public face is server.hpp.

#include <array>
#include <atomic>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "activity/activity.hpp"
#include "catalog/catalog.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/error.hpp"
#include "customers/accounts.hpp"
#include "db/database.hpp"
#include "http/product_json.hpp"
#include "http/request.hpp"
#include "http/warmup.hpp"
#include "offers/offers.hpp"
#include "orders/orders.hpp"
#include "promotions/promotions.hpp"
#include "reports/shop.hpp"
#include "snapshots/snapshots.hpp"
#include "warehouse/warehouse.hpp"

namespace cw::http {

using Json = nlohmann::json;

// The domain services every handler may use; built once per server, shared by its threads.
struct Services {
  Services(db::Database& db, const Config& config, const Clock& clock,
           db::Database* analytics_db = nullptr)
      : db(db),
        analytics(analytics_db ? *analytics_db : db),
        config(config),
        clock(clock),
        catalog(db, clock),
        accounts(db, config, clock),
        orders(db, config, clock),
        warehouse(db),
        activity(db, clock),
        promotions(db, clock),
        snapshots(db, config, clock, analytics_db),
        warmup(analytics, snapshots, analytics_cache, clock) {}

  db::Database& db;  // for reads that span modules (rewards on product pages, idempotency keys)
  // Where the analytics reports and the offer plan's candidates read the shop: the read replica
  // of config analytics_database, else `db`. Never written.
  db::Database& analytics;
  const Config& config;
  const Clock& clock;
  catalog::Catalog catalog;
  customers::Accounts accounts;
  orders::Orders orders;
  warehouse::Warehouse warehouse;
  activity::Activity activity;
  promotions::Promotions promotions;
  snapshots::Snapshots snapshots;
  // The analytics engine's customer facts, kept between report requests while the data is
  // unchanged.
  reports::DatasetCache analytics_cache;
  // The offer plan's fitted models (offers::CandidateCache), kept while the data is unchanged.
  offers::CandidateCache offer_candidates;
  // Search pages are assembled from these texts while the catalogue is unchanged.
  ProductJsonCache product_json;
  // Anonymous search pages, answered again while the catalogue is unchanged.
  SearchPageCache search_pages;
  // Unix time after which the next keyed request purges expired Idempotency-Keys (idempotent.cpp).
  std::atomic<std::int64_t> next_idempotency_purge{0};
  // Loads analytics_cache in the background (warmup.hpp). Last: stopped before the rest goes.
  AnalyticsWarmup warmup;
};

// Who may call a route. The router enforces it before the handler runs.
enum class Access {
  kPublic,         // nobody is authenticated, even when a token is sent
  kOptional,       // a token, when sent, must be valid; anonymous callers are allowed
  kViewer,         // public; a valid token, when sent, identifies the caller, an invalid one is
                   // ignored (no authentication work at all without the header)
  kAuthenticated,  // any role; the handler decides further
  kCustomer,       // a customer token
  kWarehouse,      // a warehouse or admin token
  kMarketing,      // an analyst or admin token (coupons, campaigns, analytics)
  kAdmin,          // an admin token
};

// One request as a handler sees it.
struct Call {
  const Request& request;
  std::array<std::string_view, 2> path_params{};  // the {…} segments, in order
  std::optional<customers::Principal> principal;  // set when authenticated
  std::string_view token;                         // the bearer token, when one was sent
};

// A successful answer: a status and a JSON body (or a ready-made body, e.g. the OpenAPI text).
// clang-tidy 14 sees an exception escaping the implicit members through nlohmann::json's
// constructors; moving a Json (all these members do) does not throw.
struct Reply {  // NOLINT(bugprone-exception-escape)
  int status = 200;
  Json body;
  // When non-empty, sent instead of `body`, with `content_type` (default application/json).
  // With a Content-Encoding among `headers` it is already encoded and is sent untouched.
  std::string_view raw_body{};
  // A stored response replayed as is (Idempotency-Key): when non-empty, sent instead of `body`
  // with `content_type`, whatever its status.
  std::string stored_body{};
  std::string content_type{};
  // Extra response headers (e.g. Content-Disposition of a CSV download).
  std::vector<std::pair<std::string, std::string>> headers{};
};

using Handler = Result<Reply> (*)(Services&, const Call&);

// The rest of a deferred request's answer: run once on the I/O thread, through the same mapping
// as a handler's result (its exceptions become a logged 500, a database conflict a 503).
using Finish = std::function<Result<Reply>()>;
// Hands a deferred request's Finish to the transport; called once, from any thread.
using Answer = std::function<void(Finish)>;
// A route's form that holds no worker thread while the database works (checkout: the order goes to
// the group commit's writer, docs/architecture.md "Group commit"; an anonymous search answers from
// memory at once). Runs on the I/O thread before any authentication, so it must not wait for the
// database: at most one short read that waits for no writer (a SQLite WAL read); call.principal
// is not set. True: it took the request and `answer` will be called, possibly before it returns.
// False: declined, with `answer` dropped and nothing done; the request goes to the worker pool
// and the route's handler as usual.
using Deferred = bool (*)(Services&, const Call&, Answer answer);

// Where a route's handler runs. Anything that may touch the database (authentication included)
// runs on the bounded worker pool; a handler that answers from memory may run on the I/O thread,
// so that it stays fast however busy the pool is.
enum class Runs { kWorker, kIoThread };

struct Route {
  std::string_view method;
  std::string_view path;  // "/api/v1/orders/{id}/ship"; "/{path...}" takes any rest
  Access access;
  Handler handler;
  Runs runs = Runs::kWorker;
  Deferred deferred = nullptr;  // tried first when set (kWorker routes only)
};

// The whole table (routes.cpp).
const std::vector<Route>& route_table();

// Finds the route for a method and path, trying routes in table order. Sets `params` from the
// {…} segments. A last segment "{name...}" makes a catch-all: it matches its fixed prefix and
// any rest (zero or more segments), which becomes params[0] with its leading slash ("/" for
// none); it belongs at the end of the table. When the path exists for other methods only
// (catch-alls aside), answers nullptr and sets `path_known`.
class Router {
 public:
  explicit Router(const std::vector<Route>& routes);
  const Route* match(std::string_view method, std::string_view path,
                     std::array<std::string_view, 2>& params, bool& path_known) const;

 private:
  struct Compiled {
    const Route* route;
    std::vector<std::string_view> segments;  // "{}" marks a parameter
    bool rest = false;  // a catch-all; its "{name...}" segment is not in `segments`
  };
  std::vector<Compiled> compiled_;
};

}  // namespace cw::http
