// One connection of the HTTP server: deadlines, limits, keep-alive and the hand-over to the
// worker pool. Everything here runs on the connection's I/O thread, except the job handed to the
// pool, which touches only request_ and match_ (left alone meanwhile) and posts the response back.
#include <spdlog/spdlog.h>

#include <array>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>
#include <ctime>
#include <exception>
#include <iterator>

#include "http/access_log.hpp"
#include "http/problem.hpp"
#include "http/transport.hpp"

namespace cw::http::transport {
namespace http = beast::http;
namespace {

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
// After a refusal, how much more of what the client sends is read and discarded before closing
// anyway: enough for a request in flight, not a way to keep streaming at the server.
constexpr std::size_t kMaxLingerBytes = 1 << 20;

// "Fri, 04 Dec 2026 05:17:40 GMT", formatted once a second per thread (and without the locale).
std::string_view http_date() {
  thread_local std::time_t cached = -1;
  thread_local char text[32];
  thread_local std::size_t size = 0;
  const std::time_t now = std::time(nullptr);
  if (now != cached) {
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::tm utc{};
    gmtime_r(&now, &utc);
    const int n = std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                                kDays[utc.tm_wday], utc.tm_mday, kMonths[utc.tm_mon],
                                utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
    size = n > 0 ? static_cast<std::size_t>(n) : 0;
    cached = now;
  }
  return {text, size};
}

// A header value from a handler must not split the response: CR and LF are dropped.
void append_field_text(std::string& out, std::string_view text) {
  for (const char c : text) {
    if (c != '\r' && c != '\n') out += c;
  }
}

std::string response_head(const Response& response, bool close_after, bool http10) {
  std::string head = "HTTP/1.1 ";
  head += std::to_string(response.status);
  head += ' ';
  const auto reason = http::obsolete_reason(static_cast<http::status>(response.status));
  head.append(reason.data(), reason.size());
  head += "\r\nDate: ";
  head += http_date();
  head += "\r\n";
  if (response.status != 204) {
    if (!response.content_type.empty()) {
      head += "Content-Type: ";
      append_field_text(head, response.content_type);
      head += "\r\n";
    }
    head += "Content-Length: ";
    head += std::to_string(response.body.size());
    head += "\r\n";
  }
  if (close_after) {
    head += "Connection: close\r\n";
  } else if (http10) {
    head += "Connection: keep-alive\r\n";
  }
  for (const auto& [name, value] : response.headers) {
    append_field_text(head, name);
    head += ": ";
    append_field_text(head, value);
    head += "\r\n";
  }
  head += "\r\n";
  return head;
}

// A request that broke HTTP's rules (worth a 400), as opposed to a client that went away.
bool is_parse_error(const beast::error_code& ec) {
  return ec.category() == http::make_error_code(http::error::bad_target).category() &&
         ec != http::error::end_of_stream && ec != http::error::partial_message;
}

}  // namespace

Edge::Edge(const Config& config, Dispatcher& dispatcher, WorkerPool& pool, InFlight& deferred)
    : header_timeout(config.http_header_timeout_ms),
      body_timeout(config.http_body_timeout_ms),
      idle_timeout(config.http_idle_timeout_ms),
      write_timeout(config.http_write_timeout_ms),
      linger_time(std::min<Millis::rep>(2000, config.http_write_timeout_ms)),
      max_body(static_cast<std::uint64_t>(config.max_body_bytes)),
      max_header_bytes(static_cast<std::uint32_t>(config.http_max_header_bytes)),
      max_headers(static_cast<std::size_t>(config.http_max_headers)),
      json_log(config.log_format == "json"),
      dispatcher(dispatcher),
      pool(pool),
      deferred(deferred) {}

// ---- InFlight ----

void InFlight::add() {
  std::lock_guard lock(mutex_);
  ++count_;
}

void InFlight::done() {
  std::lock_guard lock(mutex_);
  if (--count_ == 0) idle_.notify_all();
}

void InFlight::wait_idle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return count_ == 0; });
}

// ---- IoLoop ----

IoLoop::IoLoop() : guard_(asio::make_work_guard(context_)), grace_timer_(context_) {}

IoLoop::~IoLoop() = default;

void IoLoop::run() {
  for (;;) {
    try {
      context_.run();
      return;
    } catch (const std::exception& e) {
      spdlog::error("http: I/O thread: {}", e.what());
    }
  }
}

void IoLoop::begin_stop(Millis grace) {
  stopping_ = true;
  for (Session* session : sessions()) session->stop_gracefully();
  if (sessions_.empty()) return finish();
  grace_timer_.expires_after(grace);
  grace_timer_.async_wait([this](beast::error_code ec) {
    if (ec) return;
    for (Session* session : sessions()) session->close();
    finish();
  });
}

void IoLoop::remove(Session* session) {
  sessions_.erase(session);
  if (stopping_ && sessions_.empty()) finish();
}

void IoLoop::finish() {
  grace_timer_.cancel();
  guard_.reset();
}

// ---- Session: reading ----

Session::Session(IoLoop& loop, const Edge& edge, tcp::socket socket)
    : loop_(loop), edge_(edge), socket_(std::move(socket)), timer_(loop.context()) {}

Session::~Session() {
  // The last session of a stopping loop cancels its grace timer, which Asio may report by throwing;
  // out of a destructor that ends the process anyway, so say so instead of leaving it implicit.
  try {
    if (state_ != State::kClosed) loop_.remove(this);
  } catch (...) {
    std::terminate();
  }
}

void Session::start() {
  loop_.add(this);
  if (loop_.stopping()) return close();
  beast::error_code ignored;
  // Responses go out in one write; Nagle would hold each back for the client's delayed ACK.
  socket_.set_option(tcp::no_delay(true), ignored);
  await_request();
}

void Session::await_request() {
  header_parser_.emplace();
  header_parser_->header_limit(edge_.max_header_bytes);
  // A Content-Length over the limit fails the header read (body_limit), before any body is read.
  header_parser_->body_limit(edge_.max_body);
  body_parser_.reset();
  if (first_ || buffer_.size() > 0) {
    // A new connection has its header deadline from the accept; pipelined bytes from now.
    state_ = State::kHeader;
    set_deadline(edge_.header_timeout);
    return read_header();
  }
  // Idle keep-alive: wait for the next byte without holding a read buffer.
  state_ = State::kWaiting;
  buffer_.shrink_to_fit();
  set_deadline(edge_.idle_timeout);
  socket_.async_wait(tcp::socket::wait_read, [self = shared_from_this()](beast::error_code ec) {
    if (self->state_ != State::kWaiting) return;
    if (ec) return self->close();
    self->state_ = State::kHeader;
    self->set_deadline(self->edge_.header_timeout);
    self->read_header();
  });
}

void Session::read_header() {
  http::async_read_header(
      socket_, buffer_, *header_parser_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
}

bool Session::nothing_received() const {
  return buffer_.size() == 0 && header_parser_ && !header_parser_->got_some();
}

void Session::on_header(beast::error_code ec) {
  if (state_ != State::kHeader) return;
  if (ec == http::error::header_limit) {
    return refuse(
        431, "header_too_large",
        "The request header is over " + std::to_string(edge_.max_header_bytes) + " bytes.");
  }
  if (ec && ec != http::error::body_limit) {
    if (is_parse_error(ec) && !nothing_received()) {
      return refuse(400, "bad_request", "The request could not be parsed.");
    }
    return close();  // the client left (or reset the connection)
  }
  const auto& header = header_parser_->get();
  started_ = SteadyClock::now();
  request_.method = std::string(header.method_string());
  request_.target = std::string(header.target());
  keep_alive_ = header.keep_alive();
  http10_ = header.version() < 11;
  if (ec == http::error::body_limit) {
    return refuse(413, "payload_too_large", "The request body is over the size limit.");
  }
  const auto fields = static_cast<std::size_t>(std::distance(header.begin(), header.end()));
  if (fields > edge_.max_headers) {
    return refuse(
        431, "too_many_headers",
        "The request has more than " + std::to_string(edge_.max_headers) + " header fields.");
  }
  if (header_parser_->is_done()) {
    take_headers(header);
    return handle();
  }
  if (beast::iequals(header[http::field::expect], "100-continue")) {
    state_ = State::kBody;
    set_deadline(edge_.body_timeout);
    return asio::async_write(socket_, asio::buffer(kContinue.data(), kContinue.size()),
                             [self = shared_from_this()](beast::error_code ec, std::size_t) {
                               if (self->state_ != State::kBody) return;
                               if (ec) return self->close();
                               self->read_body();
                             });
  }
  state_ = State::kBody;
  set_deadline(edge_.body_timeout);
  read_body();
}

void Session::read_body() {
  if (!body_parser_) {
    body_parser_.emplace(std::move(*header_parser_));
    header_parser_.reset();
    body_parser_->body_limit(edge_.max_body);
    // A chunked body grows chunk by chunk; one allocation of the limit (touched only as it fills)
    // keeps its memory at most the limit instead of the sum of every doubling.
    if (body_parser_->chunked()) body_parser_->get().body().reserve(edge_.max_body);
  }
  http::async_read(
      socket_, buffer_, *body_parser_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_body(ec); });
}

void Session::on_body(beast::error_code ec) {
  if (state_ != State::kBody) return;
  if (ec == http::error::body_limit) {
    body_parser_->get().body() = std::string();
    return refuse(413, "payload_too_large", "The request body is over the size limit.");
  }
  if (ec) {
    if (is_parse_error(ec)) {
      return refuse(400, "bad_request", "The request body could not be parsed.");
    }
    return close();
  }
  auto message = body_parser_->release();
  body_parser_.reset();
  take_headers(message);
  request_.body = std::move(message.body());
  handle();
}

void Session::take_headers(const http::fields& fields) {
  for (const auto& field : fields) {
    request_.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
}

// ---- Session: answering ----

void Session::handle() {
  state_ = State::kHandling;
  clear_deadline();
  request_.split_target();
  match_ = edge_.dispatcher.match(request_);
  if (!match_.route || match_.route->runs == Runs::kIoThread) {
    return respond(edge_.dispatcher.run(match_, request_));
  }
  auto self = shared_from_this();
  if (match_.route->deferred) {
    // Answered from another thread (the group commit's writer): the answer goes back to this
    // session's I/O thread, where the response is built and written. Counted until posted, so
    // that the server keeps its loops until then.
    edge_.deferred.add();
    const bool taken = edge_.dispatcher.defer(match_, request_, [self](Finish finish) mutable {
      InFlight& deferred = self->edge_.deferred;
      auto& context = self->loop_.context();
      asio::post(context, [self = std::move(self), finish = std::move(finish)]() mutable {
        self->respond(self->edge_.dispatcher.finish(finish, self->request_));
      });
      deferred.done();
    });
    if (taken) return;
    edge_.deferred.done();
  }
  const bool admitted = edge_.pool.try_submit(
      [self] { self->response_ = self->edge_.dispatcher.run(self->match_, self->request_); },
      [self]() mutable {
        // The session goes back to its I/O thread; its last owner, whenever, is there.
        auto& context = self->loop_.context();
        asio::post(context, [self = std::move(self)]() mutable {
          self->respond(std::move(self->response_));
        });
      });
  if (!admitted) {
    Response busy;
    write_problem(busy, 503, "overloaded", "The server is busy; try again shortly.");
    busy.set_header("Retry-After", "1");
    respond(std::move(busy));
  }
}

void Session::refuse(int status, std::string_view code, std::string_view detail) {
  keep_alive_ = false;
  unread_input_ = true;
  if (state_ == State::kHeader || state_ == State::kBody) {
    beast::error_code ignored;
    socket_.cancel(ignored);  // a read may be in flight (deadline); its handler finds kWriting
  }
  Response response;
  write_problem(response, status, code, detail);
  respond(std::move(response));
}

void Session::respond(Response response) {
  if (state_ == State::kClosed) return;
  state_ = State::kWriting;
  status_ = response.status;
  const bool close_after = !keep_alive_ || loop_.stopping();
  head_ = response_head(response, close_after, http10_);
  body_ = response.status == 204 ? std::string() : std::move(response.body);
  set_deadline(edge_.write_timeout);
  const std::array<asio::const_buffer, 2> buffers{asio::buffer(head_), asio::buffer(body_)};
  asio::async_write(socket_, buffers,
                    [self = shared_from_this(), close_after](beast::error_code ec, std::size_t) {
                      self->on_written(ec, close_after);
                    });
}

void Session::on_written(beast::error_code ec, bool close_after) {
  if (state_ != State::kWriting) return;
  const double ms =
      started_ == SteadyClock::time_point{}
          ? 0.0
          : std::chrono::duration<double, std::milli>(SteadyClock::now() - started_).count();
  log_request({request_.method.empty() ? std::string_view("-") : request_.method,
               request_.target.empty() ? std::string_view("-") : request_.target, status_, ms},
              edge_.json_log);
  request_ = Request{};
  match_ = Match{};
  started_ = {};
  body_ = std::string();
  if (ec) return close();
  if (close_after) return unread_input_ ? linger() : close();
  first_ = false;
  await_request();
}

// After a refusal the client may still be sending: closing with unread input would reset the
// connection and could destroy the response before the client reads it. So stop sending, read
// and discard for a short while, then close.
void Session::linger() {
  state_ = State::kLingering;
  beast::error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_send, ignored);
  set_deadline(edge_.linger_time);
  drain();
}

void Session::drain() {
  buffer_.consume(buffer_.size());
  socket_.async_read_some(buffer_.prepare(std::size_t{16} * 1024),
                          [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                            if (self->state_ != State::kLingering) return;
                            self->lingered_ += n;
                            if (ec || self->lingered_ > kMaxLingerBytes) return self->close();
                            self->drain();
                          });
}

void Session::stop_gracefully() {
  if (state_ == State::kWaiting || (state_ == State::kHeader && nothing_received())) close();
  // Otherwise the response under way goes out with "Connection: close" (respond() checks).
}

void Session::close() {
  if (state_ == State::kClosed) return;
  state_ = State::kClosed;
  beast::error_code ignored;
  timer_.cancel();
  socket_.shutdown(tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  loop_.remove(this);
}

// ---- Session: deadlines ----
// One timer per connection, re-armed only when a deadline moves earlier: most steps push the
// deadline later, and the timer, when it fires early, just waits again for the current one.

void Session::set_deadline(Millis timeout) {
  deadline_ = SteadyClock::now() + timeout;
  if (timer_waiting_ && timer_.expiry() <= deadline_) return;
  timer_.expires_at(deadline_);  // cancels a wait in progress (its handler sees the abort)
  wait_for_deadline();
}

void Session::wait_for_deadline() {
  timer_waiting_ = true;
  timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (ec == asio::error::operation_aborted || self->state_ == State::kClosed) return;
    self->timer_waiting_ = false;
    if (self->deadline_ == SteadyClock::time_point::max()) return;  // nothing to wait for now
    if (SteadyClock::now() < self->deadline_) {
      self->timer_.expires_at(self->deadline_);
      return self->wait_for_deadline();
    }
    self->on_deadline();
  });
}

void Session::on_deadline() {
  switch (state_) {
    case State::kHeader:
      if (nothing_received()) return close();
      return refuse(408, "request_timeout", "The request header did not arrive in time.");
    case State::kBody:
      return refuse(408, "request_timeout", "The request body did not arrive in time.");
    case State::kWaiting:    // idle keep-alive time-out
    case State::kWriting:    // the client does not read its response
    case State::kLingering:  // done lingering
      return close();
    case State::kHandling:
    case State::kClosed:
      return;
  }
}

}  // namespace cw::http::transport
