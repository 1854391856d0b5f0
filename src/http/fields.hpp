#pragma once
// Reading request input at the edge: JSON bodies and query parameters, with 400 errors that
// name the offending field. The first error wins; later reads answer defaults, so a handler reads
// every field and then checks error() once.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/money.hpp"
#include "core/time.hpp"
#include "http/request.hpp"

namespace cw::http {

using Json = nlohmann::json;

// 400 malformed_json when `body` is not JSON, 400 invalid_type when it is not an object.
Result<Json> parse_object(const std::string& body);
// The same, also counting how often the top-level member `key` occurs (a JSON object keeps only
// the last of duplicate members; a caller that must refuse duplicates looks at the count).
Result<Json> parse_object(const std::string& body, std::string_view key, int& occurrences);

// Serialises a response body; text that is not valid UTF-8 (imported data) is replaced, not fatal.
std::string dump(const Json& value);

class Fields {
 public:
  // `prefix` names the object in error fields: "ship_to" gives "ship_to.city".
  explicit Fields(const Json& object, std::string prefix = {});

  // Required members: missing -> 400 missing_field, wrong JSON type -> 400 invalid_type.
  std::string text(const char* key);
  std::int64_t integer(const char* key);
  // Optional members: absent or null -> nullopt; wrong type -> 400 invalid_type.
  std::optional<std::string> optional_text(const char* key);
  std::optional<std::int64_t> optional_integer(const char* key);
  std::optional<bool> optional_boolean(const char* key);
  // Money as a decimal string in major units ("5.00"): a JSON number is 400 invalid_type, a
  // string that is not an amount 422 invalid_money.
  std::optional<Minor> optional_money(const char* key, int decimals);
  // RFC 3339 timestamps (422 invalid_timestamp) and YYYY-MM-DD dates (422 invalid_date).
  std::optional<Timestamp> optional_timestamp(const char* key);
  std::optional<Date> optional_date(const char* key);
  Date date(const char* key);

  // For PATCH: absent -> nullopt (leave alone); null -> an empty inner value (clear it);
  // otherwise what `read(key)` answers (one of the optional_* readers above).
  template <typename Read>
  auto nullable(const char* key, Read read) -> std::optional<decltype(read(key))> {
    if (error_ || !object_.contains(key)) return std::nullopt;
    if (object_.at(key).is_null()) return decltype(read(key)){};
    return read(key);
  }
  bool contains(const char* key) const { return object_.contains(key); }

  // An optional member that must be an object (nullptr when absent or null).
  const Json* optional_object(const char* key);
  // A required member that must be an array (nullptr on error).
  const Json* array(const char* key);

  // Records an error found by the caller (e.g. an element of an array of the wrong type).
  void fail(Error error);
  std::string path(std::string_view key) const;
  const std::optional<Error>& error() const { return error_; }

 private:
  const Json* member(const char* key, bool required);

  const Json& object_;
  std::string prefix_;
  std::optional<Error> error_;
};

// Query parameters; the same first-error-wins style. Unknown values are 400 invalid_parameter.
class Query {
 public:
  explicit Query(const Request& request) : request_(request) {}

  std::optional<std::string> text(const char* key) const;
  // A whole number within [min, max]; absent -> nullopt.
  std::optional<std::int64_t> integer(const char* key, std::int64_t min, std::int64_t max);
  // A money amount in major units ("49.99") parsed with cw::parse_money.
  std::optional<Minor> money(const char* key, int decimals);

  void fail(Error error);
  const std::optional<Error>& error() const { return error_; }

 private:
  const Request& request_;
  std::optional<Error> error_;
};

// Parses a path segment as a positive id; nullopt when it is not one (the caller answers 404).
std::optional<Id> parse_id(std::string_view segment);

}  // namespace cw::http
