// The request log cannot be forged: the path is logged as received, with every byte a client
// could use to break a line or a terminal escaped; JSON lines as an option.
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <map>
#include <sstream>

#include "api_fixture.hpp"
#include "raw_client.hpp"

namespace cw::http::testing {
namespace {

// Captures what the server logs, through the default logger, until the server has stopped.
class RequestLogTest : public ApiTest {
 protected:
  explicit RequestLogTest(const std::string& format = "text")
      : ApiTest([&format](Config& c) { c.log_format = format; }) {
    previous_ = spdlog::default_logger();
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(lines_);
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("capture", sink));
    Config logging = config;
    logging.log_level = "info";
    configure_logging(logging);
  }
  ~RequestLogTest() override {
    server->stop();  // nothing may log into lines_ once it is gone
    if (serving.joinable()) serving.join();
    spdlog::set_default_logger(previous_);
    spdlog::set_level(spdlog::level::warn);
  }

  // Every line logged; the server is stopped first, so that every request has been logged.
  std::string log() {
    server->stop();
    if (serving.joinable()) serving.join();
    return lines_.str();
  }

  // Sends `request_line` as is and answers the status.
  int send_raw_request(const std::string& request_line) {
    RawClient raw(port);
    EXPECT_TRUE(raw.send(request_line + "\r\nHost: test\r\n\r\n"));
    const auto answer = raw.read_response();
    return answer ? answer->status : 0;
  }

 private:
  std::ostringstream lines_;
  std::shared_ptr<spdlog::logger> previous_;
};

TEST_F(RequestLogTest, EncodedNewlineInThePathStaysOnItsOneLine) {
  // Decoded, this path would write a second, forged line "GET /admin 200".
  expect_problem(get("/api/v1/products%0aGET%20/admin%20200%200.10ms"), 404, "not_found");
  const std::string text = log();
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << text;
  EXPECT_NE(text.find("GET /api/v1/products%0aGET%20/admin%20200%200.10ms 404 "), std::string::npos)
      << text;
}

TEST_F(RequestLogTest, TerminalEscapesNulAndRawBytesAreEscaped) {
  expect_problem(get("/api/x%1b[31mred%00nul"), 404, "not_found");
  // Bytes a URL should not carry at all, sent raw: non-ASCII and a backslash.
  EXPECT_EQ(send_raw_request("GET /api/caf\xc3\xa9\\x0a HTTP/1.1"), 404);
  const std::string text = log();
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2) << text;
  EXPECT_NE(text.find("GET /api/x%1b[31mred%00nul 404 "), std::string::npos) << text;
  EXPECT_NE(text.find(R"(GET /api/caf\xc3\xa9\\x0a 404 )"), std::string::npos) << text;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    EXPECT_TRUE(c == '\n' || (byte >= 0x20 && byte < 0x7f)) << "raw byte " << int(byte);
  }
}

TEST_F(RequestLogTest, QueryIsNotLogged) {
  EXPECT_EQ(get("/api/v1/products?q=secret-search").status, 200);
  const std::string text = log();
  EXPECT_NE(text.find("GET /api/v1/products 200 "), std::string::npos) << text;
  EXPECT_EQ(text.find("secret-search"), std::string::npos) << text;
}

TEST_F(RequestLogTest, RefusedRequestsAreLoggedToo) {
  RawClient raw(port);
  std::string request = "GET /healthz HTTP/1.1\r\nHost: test\r\n";
  for (int i = 0; i < 1000; ++i) request += "X-A: b\r\n";
  ASSERT_TRUE(raw.send(request + "\r\n"));
  ASSERT_TRUE(raw.read_response().has_value());
  const std::string text = log();
  EXPECT_NE(text.find("GET /healthz 431 "), std::string::npos) << text;
  EXPECT_EQ(text.find("X-A"), std::string::npos) << "headers are never logged";
}

class JsonRequestLogTest : public RequestLogTest {
 protected:
  JsonRequestLogTest() : RequestLogTest("json") {}
};

TEST_F(JsonRequestLogTest, EveryLineIsOneJsonObject) {
  expect_problem(get("/api/v1/products%0a%22x%5c"), 404, "not_found");
  EXPECT_EQ(send_raw_request("GET /api/caf\xc3\xa9\"\\ HTTP/1.1"), 404);
  EXPECT_EQ(get("/healthz").status, 200);
  spdlog::warn("a message with \"quotes\" and a\nnewline");
  const std::string text = log();

  // Lines of requests on different connections may come in any order (two I/O threads).
  std::map<std::string, Json> requests;  // by path
  std::vector<Json> others;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    Json parsed = Json::parse(line, nullptr, false);
    ASSERT_TRUE(parsed.is_object()) << line;
    EXPECT_EQ(parsed.value("time", "").size(), std::string("2026-03-01T10:00:00.000Z").size());
    if (parsed.contains("path")) {
      requests[parsed.value("path", "")] = parsed;
    } else {
      others.push_back(parsed);
    }
  }
  SCOPED_TRACE(text);
  ASSERT_EQ(requests.size(), 3u);
  const Json& encoded = requests["/api/v1/products%0a%22x%5c"];
  EXPECT_EQ(encoded.value("method", ""), "GET");
  EXPECT_EQ(encoded.value("status", 0), 404);
  EXPECT_TRUE(encoded.at("ms").is_number());
  EXPECT_EQ(encoded.value("level", ""), "info");
  EXPECT_EQ(requests[R"(/api/caf\xc3\xa9"\\)"].value("status", 0), 404);
  EXPECT_EQ(requests["/healthz"].value("status", 0), 200);
  ASSERT_EQ(others.size(), 1u);
  EXPECT_EQ(others[0].value("level", ""), "warning");
  EXPECT_EQ(others[0].value("msg", ""), R"(a message with "quotes" and a\x0anewline)");
}

}  // namespace
}  // namespace cw::http::testing
