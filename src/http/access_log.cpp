#include "http/access_log.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/spdlog.h>

#include <ctime>
#include <memory>

#include "http/server.hpp"

namespace cw::http {
namespace {

// Marks request lines, whose payload is already JSON members, for the JSON formatter. A property
// of the message rather than of its text, so nothing a client sends can pass for it.
constexpr const char* kRequestLineSource = "cartwise-http-request-line";

void append_json_string(std::string& out, std::string_view text) {
  // `text` comes out of escape_for_log: printable ASCII, so only '"' and '\' need escaping.
  out += '"';
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

// {"time":"2026-03-01T10:00:00.123Z","level":"info", then the request line's members, or
// "msg" with any other message, escaped}.
class JsonLineFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const auto since_epoch = msg.time.time_since_epoch();
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - seconds).count();
    const std::time_t t = seconds.count();
    std::tm utc{};
    gmtime_r(&t, &utc);
    char stamp[32];
    const std::size_t n = std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &utc);

    std::string line = "{\"time\":\"";
    line.append(stamp, n);
    line += '.';
    line += static_cast<char>('0' + millis / 100);
    line += static_cast<char>('0' + millis / 10 % 10);
    line += static_cast<char>('0' + millis % 10);
    line += "Z\",\"level\":\"";
    const auto level = spdlog::level::to_string_view(msg.level);
    line.append(level.data(), level.size());
    line += "\",";
    const std::string_view payload(msg.payload.data(), msg.payload.size());
    if (msg.source.filename == kRequestLineSource) {
      line += payload;
    } else {
      line += "\"msg\":";
      append_json_string(line, escape_for_log(payload));
    }
    line += "}\n";
    dest.append(line.data(), line.data() + line.size());
  }

  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonLineFormatter>();
  }
};

}  // namespace

std::string escape_for_log(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\\') {
      out += "\\\\";
    } else if (byte >= 0x20 && byte < 0x7f) {
      out += c;
    } else {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    }
  }
  return out;
}

std::string loggable_path(std::string_view target) {
  return escape_for_log(target.substr(0, target.find('?')));
}

void log_request(const RequestLine& line, bool json) {
  if (!spdlog::should_log(spdlog::level::info)) return;
  const std::string method = escape_for_log(line.method);
  const std::string path = loggable_path(line.target);
  if (!json) {
    spdlog::info("{} {} {} {:.2f}ms", method, path, line.status, line.ms);
    return;
  }
  std::string members = "\"method\":";
  append_json_string(members, method);
  members += ",\"path\":";
  append_json_string(members, path);
  spdlog::log(spdlog::source_loc{kRequestLineSource, 0, ""}, spdlog::level::info,
              "{},\"status\":{},\"ms\":{:.2f}", members, line.status, line.ms);
}

void configure_logging(const Config& config) {
  spdlog::set_level(spdlog::level::from_str(config.log_level));
  if (config.log_format == "json") {
    spdlog::default_logger()->set_formatter(std::make_unique<JsonLineFormatter>());
  } else {
    spdlog::default_logger()->set_formatter(std::make_unique<spdlog::pattern_formatter>());
  }
}

}  // namespace cw::http
