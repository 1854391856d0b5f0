#pragma once
// A bare TCP client for what httplib::Client will not do: trickle a header byte by byte, send
// 1,000 header fields or a chunked body without end, hold thousands of idle keep-alive
// connections, send bytes a URL parser would refuse.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace cw::http::testing {

struct RawResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};

class RawClient {
 public:
  // Connects to 127.0.0.1:port; throws std::runtime_error when it cannot.
  explicit RawClient(int port);
  ~RawClient();
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  // Sends every byte; false when the connection is closed or reset.
  bool send(std::string_view bytes);
  // Reads one response (status line, header, Content-Length body); nullopt when the connection
  // closes first or `timeout` passes.
  std::optional<RawResponse> read_response(
      std::chrono::milliseconds timeout = std::chrono::seconds(30));
  // Waits for the server to close the connection (end of stream or reset); true when it did
  // within `timeout`. What arrived meanwhile is appended to `received`.
  bool wait_closed(std::chrono::milliseconds timeout, std::string* received = nullptr);

 private:
  // Reads what is there (waiting up to `timeout`) into buffer_; false on end of stream or error.
  bool fill(std::chrono::milliseconds timeout);

  int fd_ = -1;
  std::string buffer_;
  bool closed_ = false;
};

// Whether a TCP connection to 127.0.0.1:port is accepted (false: refused).
bool can_connect(int port);

}  // namespace cw::http::testing
