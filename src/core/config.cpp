#include "core/config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <functional>
#include <thread>

#include "core/time.hpp"

namespace cw {
namespace {

Error bad_value(const std::string& key, const std::string& value, const std::string& expected) {
  return Error::bad_request("invalid_config",
                            "configuration '" + key + "': '" + value + "' is not " + expected, key);
}

Result<std::int64_t> to_int(const std::string& key, const std::string& value, std::int64_t min,
                            std::int64_t max) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (ec != std::errc{} || end != value.data() + value.size() || v < min || v > max)
    return fail(bad_value(key, value,
                          "an integer from " + std::to_string(min) + " to " + std::to_string(max)));
  return v;
}

using Setter = std::function<Result<bool>(Config&, const std::string&, const std::string&)>;

template <typename Int>
Setter int_setter(Int Config::*member, std::int64_t min, std::int64_t max) {
  return [=](Config& c, const std::string& k, const std::string& v) -> Result<bool> {
    CW_ASSIGN_OR_RETURN(const auto n, to_int(k, v, min, max));
    c.*member = static_cast<Int>(n);
    return true;
  };
}

Setter string_setter(std::string Config::*member) {
  return [=](Config& c, const std::string&, const std::string& v) -> Result<bool> {
    c.*member = v;
    return true;
  };
}

const std::vector<std::pair<std::string, Setter>>& setters() {
  static const std::vector<std::pair<std::string, Setter>> table = {
      {"database", string_setter(&Config::database)},
      {"analytics_database", string_setter(&Config::analytics_database)},
      {"bind", string_setter(&Config::bind)},
      {"port", int_setter(&Config::port, 0, 65535)},
      {"http_threads", int_setter(&Config::http_threads, 1, 256)},
      {"max_body_bytes", int_setter(&Config::max_body_bytes, 1024, std::int64_t{1} << 32)},
      {"http_io_threads", int_setter(&Config::http_io_threads, 1, 64)},
      {"http_queue", int_setter(&Config::http_queue, 0, 1'000'000)},
      {"http_header_timeout_ms", int_setter(&Config::http_header_timeout_ms, 10, 3'600'000)},
      {"http_body_timeout_ms", int_setter(&Config::http_body_timeout_ms, 10, 3'600'000)},
      {"http_idle_timeout_ms", int_setter(&Config::http_idle_timeout_ms, 10, 3'600'000)},
      {"http_write_timeout_ms", int_setter(&Config::http_write_timeout_ms, 10, 3'600'000)},
      {"http_shutdown_grace_ms", int_setter(&Config::http_shutdown_grace_ms, 0, 3'600'000)},
      {"http_max_headers", int_setter(&Config::http_max_headers, 8, 10'000)},
      {"http_max_header_bytes", int_setter(&Config::http_max_header_bytes, 1024, 1 << 20)},
      {"currency",
       [](Config& c, const std::string& k, const std::string& v) -> Result<bool> {
         if (v.size() != 3 ||
             !std::all_of(v.begin(), v.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; }))
           return fail(bad_value(k, v, "an ISO 4217 code such as GBP"));
         c.currency = v;
         return true;
       }},
      {"currency_decimals", int_setter(&Config::currency_decimals, 0, 4)},
      {"durability",
       [](Config& c, const std::string& k, const std::string& v) -> Result<bool> {
         if (v == "full")
           c.durability = Durability::kFull;
         else if (v == "normal")
           c.durability = Durability::kNormal;
         else if (v == "off")
           c.durability = Durability::kOff;
         else
           return fail(bad_value(k, v, "one of full, normal, off"));
         return true;
       }},
      {"busy_timeout_ms", int_setter(&Config::busy_timeout_ms, 0, 600000)},
      {"group_commit_max", int_setter(&Config::group_commit_max, 1, 10000)},
      {"db_pool_size", int_setter(&Config::db_pool_size, 1, 1000)},
      {"token_lifetime_seconds",
       int_setter(&Config::token_lifetime_seconds, 60, 365 * kSecondsPerDay)},
      {"shipping_fee",
       [](Config& c, const std::string& k, const std::string& v) -> Result<bool> {
         auto m = parse_money(v, c.currency_decimals);
         if (!m || *m < 0) return fail(bad_value(k, v, "a non-negative amount such as 3.95"));
         c.shipping_fee = *m;
         return true;
       }},
      {"password_cost",
       [](Config& c, const std::string& k, const std::string& v) -> Result<bool> {
         if (v != "interactive" && v != "moderate" && v != "min")
           return fail(bad_value(k, v, "one of interactive, moderate, min"));
         c.password_cost = v;
         return true;
       }},
      {"max_failed_logins", int_setter(&Config::max_failed_logins, 1, 1000)},
      {"failed_login_window_seconds",
       int_setter(&Config::failed_login_window_seconds, 1, kSecondsPerDay)},
      {"log_level",
       [](Config& c, const std::string& k, const std::string& v) -> Result<bool> {
         static const char* levels[] = {"trace", "debug", "info", "warn", "error", "off"};
         if (std::none_of(std::begin(levels), std::end(levels),
                          [&](const char* l) { return v == l; }))
           return fail(bad_value(k, v, "one of trace, debug, info, warn, error, off"));
         c.log_level = v;
         return true;
       }},
      {"log_format",
       [](Config& c, const std::string& k, const std::string& v) -> Result<bool> {
         if (v != "text" && v != "json") return fail(bad_value(k, v, "one of text, json"));
         c.log_format = v;
         return true;
       }},
      {"reward_thresholds",
       [](Config& c, const std::string& k, const std::string& v) -> Result<bool> {
         // Five ascending amounts in major units, comma-separated: "250,500,750,1000,1250".
         std::array<Minor, 5> parsed{};
         std::size_t start = 0, n = 0;
         for (; n < parsed.size() && start <= v.size(); ++n) {
           const auto comma = std::min(v.find(',', start), v.size());
           auto amount = parse_money(v.substr(start, comma - start), c.currency_decimals);
           if (!amount || *amount < 0 || (n > 0 && *amount <= parsed[n - 1]))
             return fail(bad_value(k, v, "five ascending amounts such as 250,500,750,1000,1250"));
           parsed[n] = *amount;
           start = comma + 1;
         }
         if (n != parsed.size() || start <= v.size())
           return fail(bad_value(k, v, "five ascending amounts such as 250,500,750,1000,1250"));
         c.reward_thresholds = parsed;
         return true;
       }},
      {"reward_percent_per_category", int_setter(&Config::reward_percent_per_category, 1, 20)},
      {"reward_expiry_days", int_setter(&Config::reward_expiry_days, 1, 3650)},
      {"offers_alive_threshold",
       [](Config& c, const std::string& k, const std::string& v) -> Result<bool> {
         double x = 0;
         auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
         if (ec != std::errc{} || end != v.data() + v.size() || !(x > 0 && x <= 1))
           return fail(bad_value(k, v, "a number in (0, 1] such as 0.9"));
         c.offers_alive_threshold = x;
         return true;
       }},
      {"snapshot_interval_days", int_setter(&Config::snapshot_interval_days, 1, 3650)},
  };
  return table;
}

// The shortest text that reads back as `x` (a TOML float such as 0.9 stays "0.9").
std::string shortest_text(double x) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x);
  return ec == std::errc{} ? std::string(buf, end) : std::string();
}

std::string env_name(const std::string& key) {
  std::string name = "CARTWISE_";
  for (char ch : key) name += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return name;
}

}  // namespace

int default_http_io_threads() {
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency() / 2));
}

const std::vector<std::string>& Config::keys() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& [k, _] : setters()) out.push_back(k);
    return out;
  }();
  return names;
}

Result<bool> Config::set(const std::string& key, const std::string& value) {
  for (const auto& [k, setter] : setters())
    if (k == key) return setter(*this, key, value);
  return fail(Error::bad_request("unknown_config", "unknown configuration key '" + key + "'", key));
}

Result<Config> load_config(const std::string& file,
                           const std::map<std::string, std::string>& flags) {
  Config config;
  if (!file.empty()) {
    toml::table table;
    try {
      table = toml::parse_file(file);
    } catch (const toml::parse_error& e) {
      return fail(Error::bad_request("invalid_config",
                                     "config file " + file + ": " + std::string(e.description())));
    }
    for (const auto& [key, node] : table) {
      std::string value;
      if (auto s = node.value<std::string>())
        value = *s;
      else if (auto i = node.value<std::int64_t>())
        value = std::to_string(*i);
      else if (auto b = node.value<bool>())
        value = *b ? "true" : "false";
      else if (auto d = node.value<double>())
        value = shortest_text(*d);
      else
        return fail(Error::bad_request("invalid_config", "config file " + file + ": key '" +
                                                             std::string(key.str()) +
                                                             "' must be a string or a number"));
      CW_TRY(config.set(std::string(key.str()), value));
    }
  }
  for (const auto& key : Config::keys()) {
    if (const char* v = std::getenv(env_name(key).c_str())) {
      CW_TRY(config.set(key, v));
    }
  }
  for (const auto& [key, value] : flags) {
    CW_TRY(config.set(key, value));
  }
  return config;
}

}  // namespace cw
