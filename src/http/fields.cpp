#include "http/fields.hpp"

#include <charconv>
#include <limits>

namespace cw::http {
namespace {

std::string_view type_name(const Json& value) {
  if (value.is_number_integer()) return "an integer";
  return value.type_name();
}

std::optional<std::int64_t> parse_integer(std::string_view text) {
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

}  // namespace

Result<Json> parse_object(const std::string& body) {
  Json parsed = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return fail(Error::bad_request("malformed_json", "The request body is not valid JSON."));
  }
  if (!parsed.is_object()) {
    return fail(Error::bad_request("invalid_type", "The request body must be a JSON object."));
  }
  return parsed;
}

Result<Json> parse_object(const std::string& body, std::string_view key, int& occurrences) {
  occurrences = 0;
  const Json::parser_callback_t count = [&](int depth, Json::parse_event_t event, Json& parsed) {
    if (depth == 1 && event == Json::parse_event_t::key && parsed.is_string() &&
        parsed.get_ref<const std::string&>() == key) {
      ++occurrences;
    }
    return true;
  };
  Json parsed = Json::parse(body, count, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return fail(Error::bad_request("malformed_json", "The request body is not valid JSON."));
  }
  if (!parsed.is_object()) {
    return fail(Error::bad_request("invalid_type", "The request body must be a JSON object."));
  }
  return parsed;
}

std::string dump(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Fields::Fields(const Json& object, std::string prefix)
    : object_(object), prefix_(std::move(prefix)) {}

std::string Fields::path(std::string_view key) const {
  if (prefix_.empty()) return std::string(key);
  return prefix_ + "." + std::string(key);
}

void Fields::fail(Error error) {
  if (!error_) error_ = std::move(error);
}

const Json* Fields::member(const char* key, bool required) {
  if (error_) return nullptr;
  auto it = object_.find(key);
  if (it == object_.end() || it->is_null()) {
    if (required) fail(Error::bad_request("missing_field", path(key) + " is required.", path(key)));
    return nullptr;
  }
  return &*it;
}

std::string Fields::text(const char* key) {
  auto value = optional_text(key);
  if (!value && !error_) {
    fail(Error::bad_request("missing_field", path(key) + " is required.", path(key)));
  }
  return value.value_or(std::string());
}

std::int64_t Fields::integer(const char* key) {
  auto value = optional_integer(key);
  if (!value && !error_) {
    fail(Error::bad_request("missing_field", path(key) + " is required.", path(key)));
  }
  return value.value_or(0);
}

std::optional<std::string> Fields::optional_text(const char* key) {
  const Json* value = member(key, false);
  if (!value) return std::nullopt;
  if (!value->is_string()) {
    fail(Error::bad_request(
        "invalid_type",
        path(key) + " must be a string, not " + std::string(type_name(*value)) + ".", path(key)));
    return std::nullopt;
  }
  return value->get<std::string>();
}

std::optional<std::int64_t> Fields::optional_integer(const char* key) {
  const Json* value = member(key, false);
  if (!value) return std::nullopt;
  if (value->is_number_integer() && !value->is_number_unsigned()) return value->get<std::int64_t>();
  if (value->is_number_unsigned() &&
      value->get<std::uint64_t>() <=
          static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return static_cast<std::int64_t>(value->get<std::uint64_t>());
  }
  fail(Error::bad_request(
      "invalid_type",
      path(key) + " must be a whole number, not " + std::string(type_name(*value)) + ".",
      path(key)));
  return std::nullopt;
}

std::optional<bool> Fields::optional_boolean(const char* key) {
  const Json* value = member(key, false);
  if (!value) return std::nullopt;
  if (value->is_boolean()) return value->get<bool>();
  fail(Error::bad_request(
      "invalid_type",
      path(key) + " must be true or false, not " + std::string(type_name(*value)) + ".",
      path(key)));
  return std::nullopt;
}

std::optional<Minor> Fields::optional_money(const char* key, int decimals) {
  const Json* value = member(key, false);
  if (!value) return std::nullopt;
  if (!value->is_string()) {
    fail(Error::bad_request("invalid_type",
                            path(key) + " must be a decimal string such as \"5.00\", not " +
                                std::string(type_name(*value)) + ".",
                            path(key)));
    return std::nullopt;
  }
  auto amount = parse_money(value->get_ref<const std::string&>(), decimals);
  if (!amount) {
    fail(Error::unprocessable("invalid_money",
                              path(key) + " must be an amount such as \"5.00\" with at most " +
                                  std::to_string(decimals) + " decimals.",
                              path(key)));
    return std::nullopt;
  }
  return *amount;
}

std::optional<Timestamp> Fields::optional_timestamp(const char* key) {
  auto text = optional_text(key);
  if (!text) return std::nullopt;
  auto parsed = parse_timestamp(*text);
  if (!parsed) {
    fail(Error::unprocessable("invalid_timestamp",
                              path(key) + " must be a time such as \"2026-03-01T10:00:00Z\".",
                              path(key)));
    return std::nullopt;
  }
  return *parsed;
}

std::optional<Date> Fields::optional_date(const char* key) {
  auto text = optional_text(key);
  if (!text) return std::nullopt;
  auto parsed = parse_date(*text);
  if (!parsed) {
    fail(Error::unprocessable("invalid_date", path(key) + " must be a date such as \"2026-03-01\".",
                              path(key)));
    return std::nullopt;
  }
  return *parsed;
}

Date Fields::date(const char* key) {
  auto value = optional_date(key);
  if (!value && !error_) {
    fail(Error::bad_request("missing_field", path(key) + " is required.", path(key)));
  }
  return value.value_or(Date{});
}

const Json* Fields::optional_object(const char* key) {
  const Json* value = member(key, false);
  if (!value) return nullptr;
  if (!value->is_object()) {
    fail(Error::bad_request(
        "invalid_type",
        path(key) + " must be an object, not " + std::string(type_name(*value)) + ".", path(key)));
    return nullptr;
  }
  return value;
}

const Json* Fields::array(const char* key) {
  const Json* value = member(key, true);
  if (!value) return nullptr;
  if (!value->is_array()) {
    fail(Error::bad_request(
        "invalid_type",
        path(key) + " must be an array, not " + std::string(type_name(*value)) + ".", path(key)));
    return nullptr;
  }
  return value;
}

std::optional<std::string> Query::text(const char* key) const {
  if (!request_.has_param(key)) return std::nullopt;
  return request_.param(key);
}

std::optional<std::int64_t> Query::integer(const char* key, std::int64_t min, std::int64_t max) {
  if (error_ || !request_.has_param(key)) return std::nullopt;
  auto value = parse_integer(request_.param(key));
  if (!value || *value < min || *value > max) {
    fail(Error::bad_request("invalid_parameter",
                            std::string(key) + " must be a whole number from " +
                                std::to_string(min) + " to " + std::to_string(max) + ".",
                            key));
    return std::nullopt;
  }
  return value;
}

std::optional<Minor> Query::money(const char* key, int decimals) {
  if (error_ || !request_.has_param(key)) return std::nullopt;
  auto value = parse_money(request_.param(key), decimals);
  if (!value) {
    fail(Error::bad_request("invalid_parameter",
                            std::string(key) + " must be an amount such as 49.99.", key));
    return std::nullopt;
  }
  return *value;
}

void Query::fail(Error error) {
  if (!error_) error_ = std::move(error);
}

std::optional<Id> parse_id(std::string_view segment) {
  auto value = parse_integer(segment);
  if (!value || *value < 1) return std::nullopt;
  return value;
}

}  // namespace cw::http
