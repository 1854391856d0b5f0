#pragma once
// Configuration: every setting has a key, a default, and is read from (highest first) a command
// line flag, the environment variable CARTWISE_<KEY upper-cased>, a TOML file, then the default.
// See docs/configuration.md for the list.

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/money.hpp"

namespace cw {

enum class Durability { kFull, kNormal, kOff };  // SQLite synchronous=FULL|NORMAL|OFF

// Half the machine's cores, at least one: the I/O threads answer the anonymous catalogue search
// themselves, and on two cores a second I/O thread only competes with the first for the core the
// workers and the clients need (docs/performance.md, "Catalogue search").
int default_http_io_threads();

struct Config {
  std::string database = "./cartwise.db";
  // Where reports, exports, snapshots and the analytics endpoints read (a read replica or an
  // analytics copy, docs/scaling.md); empty: `database`. Writes never go there.
  std::string analytics_database;
  std::string bind = "127.0.0.1";
  int port = 8080;
  int http_threads = 8;  // the worker pool: handlers that may touch the database run here
  std::int64_t max_body_bytes = 1 << 20;
  // The HTTP edge (docs/configuration.md, docs/architecture.md "HTTP transport"): threads that
  // accept, read and write; requests that may wait for a worker (beyond that: 503); deadlines;
  // caps on the request header (beyond them: 431).
  int http_io_threads = default_http_io_threads();
  int http_queue = 4096;
  int http_header_timeout_ms = 10'000;
  int http_body_timeout_ms = 30'000;
  int http_idle_timeout_ms = 60'000;
  int http_write_timeout_ms = 30'000;
  int http_shutdown_grace_ms = 10'000;
  int http_max_headers = 100;
  int http_max_header_bytes = 16 * 1024;
  std::string currency = "GBP";
  int currency_decimals = 2;
  Durability durability = Durability::kFull;
  int busy_timeout_ms = 5000;
  // Most checkouts one group-commit transaction takes (db/group_commit.hpp); 1 turns it off.
  int group_commit_max = 64;
  // Most idle database connections kept open for reuse (db::Options::pool_size).
  int db_pool_size = 16;
  std::int64_t token_lifetime_seconds = std::int64_t{24} * 3600;
  Minor shipping_fee = 0;
  // Argon2id cost: "interactive" (libsodium's interactive limits, the production floor),
  // "moderate", or "min" (tests only: makes hashing cheap).
  std::string password_cost = "interactive";
  int max_failed_logins = 5;  // per username, within failed_login_window_seconds
  int failed_login_window_seconds = 300;
  std::string log_level = "info";
  std::string log_format = "text";  // "text" or "json" (one JSON object per line)
  // Loyalty: a purchase whose goods after discounts are MORE than reward_thresholds[k-1] earns a
  // category-k reward (k = 1..5) worth k x reward_percent_per_category % off; minor units.
  std::array<Minor, 5> reward_thresholds{25'000, 50'000, 75'000, 100'000, 125'000};
  int reward_percent_per_category = 10;
  int reward_expiry_days = 90;
  // Offers (`cartwise offers plan`): no offer for a customer whose P(alive) is at least this.
  double offers_alive_threshold = 0.9;
  // Snapshots: the server takes one when the latest is this many days old (docs/analytics.md).
  int snapshot_interval_days = 15;

  // Every known key, in documentation order.
  static const std::vector<std::string>& keys();

  // Sets one key from its textual value ("8080", "full", "0.00"). Unknown keys and bad values give
  // a kBadRequest error naming the key.
  Result<bool> set(const std::string& key, const std::string& value);
};

// Builds the configuration: defaults, then the TOML file (when `file` is non-empty; a missing file
// is an error), then CARTWISE_* environment variables, then `flags` (key -> value).
Result<Config> load_config(const std::string& file,
                           const std::map<std::string, std::string>& flags);

}  // namespace cw
