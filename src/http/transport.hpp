#pragma once
// The transport behind Server: Boost.Asio I/O threads, each with its own io_context, serving
// connections as Sessions that read with Boost.Beast's parser. Internal: only server.cpp and
// session.cpp include it (Asio and Beast are heavy). docs/architecture.md "HTTP transport"
// describes the design.

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/config.hpp"
#include "http/dispatch.hpp"
#include "http/request.hpp"
#include "http/worker_pool.hpp"

namespace cw::http::transport {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using Millis = std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

// Deferred requests (router.hpp) whose answers are still to come: their answers post to the
// loops, so the server waits for every one before the loops go. Thread-safe.
class InFlight {
 public:
  void add();
  void done();
  // Returns once every added request is done.
  void wait_idle();

 private:
  std::mutex mutex_;
  std::condition_variable idle_;
  std::size_t count_ = 0;
};

// What every session reads: settings (fixed at start) and the two things requests run through.
struct Edge {
  explicit Edge(const Config& config, Dispatcher& dispatcher, WorkerPool& pool, InFlight& deferred);

  Millis header_timeout;  // a request's header, from its first byte (a new connection: accept)
  Millis body_timeout;    // its whole body
  Millis idle_timeout;    // a keep-alive connection between requests
  Millis write_timeout;   // a whole response
  Millis linger_time;     // reading what follows a refused request before closing
  std::uint64_t max_body;
  std::uint32_t max_header_bytes;
  std::size_t max_headers;
  bool json_log;
  Dispatcher& dispatcher;
  WorkerPool& pool;
  InFlight& deferred;
};

class Session;

// One I/O thread's io_context and the sessions living on it. Everything but the context (which is
// thread-safe) is touched only on that thread.
class IoLoop {
 public:
  IoLoop();
  ~IoLoop();

  // Runs the context until it has no more work (after begin_stop) or is stopped.
  void run();
  // Stops taking work: idle connections close now, busy ones after their response; whatever is
  // still open after `grace` is closed. run() then returns. On this loop's thread.
  void begin_stop(Millis grace);
  bool stopping() const { return stopping_; }

  asio::io_context& context() { return context_; }
  void add(Session* session) { sessions_.insert(session); }
  void remove(Session* session);

 private:
  std::vector<Session*> sessions() const { return {sessions_.begin(), sessions_.end()}; }
  void finish();

  // Declared before the context: sessions destroyed with the context's pending handlers remove
  // themselves from it.
  std::unordered_set<Session*> sessions_;
  bool stopping_ = false;
  asio::io_context context_{1};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> guard_;
  asio::steady_timer grace_timer_;
};

// One connection: reads requests one after another (keep-alive, pipelining), hands each to the
// dispatcher (its deferred form, on the worker pool, or on the I/O thread for routes that allow
// it) and writes the response. Lives on one IoLoop; owned by the operations in flight
// (shared_from_this).
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(IoLoop& loop, const Edge& edge, tcp::socket socket);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start();
  // On stop: an idle connection closes now; a busy one after its response.
  void stop_gracefully();
  void close();

 private:
  enum class State { kWaiting, kHeader, kBody, kHandling, kWriting, kLingering, kClosed };
  using HeaderParser = beast::http::request_parser<beast::http::empty_body>;
  using BodyParser = beast::http::request_parser<beast::http::string_body>;

  void await_request();
  void read_header();
  void on_header(beast::error_code ec);
  void read_body();
  void on_body(beast::error_code ec);
  void handle();
  void respond(Response response);
  void on_written(beast::error_code ec, bool close_after);
  void refuse(int status, std::string_view code, std::string_view detail);
  void linger();
  void drain();
  void set_deadline(Millis timeout);
  void clear_deadline() { deadline_ = SteadyClock::time_point::max(); }
  void wait_for_deadline();
  void on_deadline();
  bool nothing_received() const;
  void take_headers(const beast::http::fields& fields);

  IoLoop& loop_;
  const Edge& edge_;
  tcp::socket socket_;
  asio::steady_timer timer_;
  SteadyClock::time_point deadline_ = SteadyClock::time_point::max();
  bool timer_waiting_ = false;
  beast::flat_buffer buffer_;
  std::optional<HeaderParser> header_parser_;
  std::optional<BodyParser> body_parser_;
  Request request_;
  Match match_;        // refers to request_.path
  Response response_;  // written by the worker that ran the request, read back here after
  State state_ = State::kWaiting;
  bool first_ = true;        // no request answered on this connection yet
  bool keep_alive_ = false;  // the request in hand lets the connection stay open
  bool http10_ = false;
  bool unread_input_ = false;  // refused before its body was read: linger before closing
  std::size_t lingered_ = 0;   // bytes discarded while lingering
  SteadyClock::time_point started_{};
  int status_ = 0;
  std::string head_;
  std::string body_;
};

}  // namespace cw::http::transport
