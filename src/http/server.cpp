// The server: the listening socket, the I/O threads and the worker pool (transport.hpp, session.cpp
// for one connection), and start/stop.
#include "http/server.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "http/transport.hpp"

namespace cw::http {

using namespace transport;

struct Server::Impl {
  Impl(db::Database& db, const Config& config, const Clock& clock, db::Database* analytics);

  void run();         // serves until a stop has drained every loop
  void begin_stop();  // asks every loop to stop (graceful)
  void accept();
  void start_session(IoLoop& loop, tcp::socket socket);
  void retry_accept(const beast::error_code& ec);

  const Config& config;
  Dispatcher dispatcher;
  Edge edge;
  std::vector<std::unique_ptr<IoLoop>> loops;
  // After the loops, so destroyed before them: waits for the deferred requests' answers, which
  // post to the loops.
  struct WaitForDeferred {
    ~WaitForDeferred() { deferred.wait_idle(); }
    InFlight deferred;
  } deferred;
  tcp::acceptor acceptor;
  asio::steady_timer accept_retry;
  std::size_t next_loop = 0;
  SteadyClock::time_point last_accept_warning{};
  // Last, so destroyed first: its jobs hold sessions and post to the loops, so it finishes them
  // (and joins) while the loops and the dispatcher are still there.
  WorkerPool pool;

  std::mutex mutex;
  std::condition_variable stopped;
  bool stop_requested = false;
  bool running = false;
  bool stop_begun = false;
};

namespace {

// Connections taken from the backlog at once after an accept completes.
constexpr int kAcceptBurst = 256;

std::vector<std::unique_ptr<IoLoop>> make_loops(int count) {
  std::vector<std::unique_ptr<IoLoop>> loops;
  for (int i = 0; i < std::max(1, count); ++i) loops.push_back(std::make_unique<IoLoop>());
  return loops;
}

}  // namespace

Server::Impl::Impl(db::Database& db, const Config& config, const Clock& clock,
                   db::Database* analytics)
    : config(config),
      dispatcher(db, config, clock, analytics),
      edge(config, dispatcher, pool, deferred.deferred),
      loops(make_loops(config.http_io_threads)),
      acceptor(loops.front()->context()),
      accept_retry(loops.front()->context()),
      pool(config.http_threads, config.http_queue) {}

void Server::Impl::accept() {
  IoLoop& loop = *loops[next_loop++ % loops.size()];
  acceptor.async_accept(loop.context(), [this, &loop](beast::error_code ec, tcp::socket socket) {
    if (!acceptor.is_open() || ec == asio::error::operation_aborted) return;
    if (ec) return retry_accept(ec);
    start_session(loop, std::move(socket));
    // Take the rest of the backlog now. One accept per pass of the event loop, queued behind
    // every request that is ready, let 10,000 clients connecting at once wait in the backlog
    // while the first ones were served: a tenth of wrk -c10000's requests timed out at 10 s.
    for (int taken = 0; taken < kAcceptBurst; ++taken) {
      IoLoop& next = *loops[next_loop++ % loops.size()];
      beast::error_code more;
      tcp::socket another = acceptor.accept(next.context(), more);
      if (more) break;  // the backlog is empty (or an error, which the next async accept reports)
      start_session(next, std::move(another));
    }
    accept();
  });
}

void Server::Impl::start_session(IoLoop& loop, tcp::socket socket) {
  asio::post(loop.context(), [this, &loop, socket = std::move(socket)]() mutable {
    std::make_shared<Session>(loop, edge, std::move(socket))->start();
  });
}

// Out of file descriptors (EMFILE) and the like: the connection waits in the backlog; try again
// shortly rather than spin, and say so at most every ten seconds.
void Server::Impl::retry_accept(const beast::error_code& ec) {
  const auto now = SteadyClock::now();
  if (now - last_accept_warning > std::chrono::seconds(10)) {
    spdlog::warn("http: cannot accept connections: {}", ec.message());
    last_accept_warning = now;
  }
  accept_retry.expires_after(std::chrono::milliseconds(50));
  accept_retry.async_wait([this](beast::error_code wait) {
    if (!wait && acceptor.is_open()) accept();
  });
}

void Server::Impl::run() {
  if (acceptor.is_open()) accept();
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < loops.size(); ++i) {
    threads.emplace_back([loop = loops[i].get()] { loop->run(); });
  }
  loops.front()->run();
  for (auto& thread : threads) thread.join();
}

void Server::Impl::begin_stop() {
  asio::post(loops.front()->context(), [this] {
    beast::error_code ignored;
    acceptor.close(ignored);
    accept_retry.cancel();
  });
  const Millis grace(config.http_shutdown_grace_ms);
  for (auto& loop : loops) {
    asio::post(loop->context(), [loop = loop.get(), grace] { loop->begin_stop(grace); });
  }
}

Server::Server(db::Database& db, const Config& config, const Clock& clock, db::Database* analytics)
    : impl_(std::make_unique<Impl>(db, config, clock, analytics)) {}

Server::~Server() {
  stop();
}

Result<int> Server::bind() {
  const Config& config = impl_->config;
  const auto cannot = [&](const beast::error_code& ec) {
    return fail(Error::internal("cannot listen on " + config.bind + ":" +
                                std::to_string(config.port) + ": " + ec.message()));
  };
  beast::error_code ec;
  asio::ip::address address = asio::ip::make_address(config.bind, ec);
  if (ec) {
    // A host name ("localhost"): its first address.
    tcp::resolver resolver(impl_->loops.front()->context());
    const auto found = resolver.resolve(config.bind, "", ec);
    if (ec || found.empty()) return cannot(ec);
    address = found.begin()->endpoint().address();
  }
  const tcp::endpoint endpoint(address, static_cast<unsigned short>(config.port));
  tcp::acceptor& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);  // SOMAXCONN
  // The accepts after the first of a burst must not wait for a connection that is not there.
  if (!ec) acceptor.non_blocking(true, ec);
  if (ec) {
    beast::error_code ignored;
    acceptor.close(ignored);
    return cannot(ec);
  }
  return static_cast<int>(acceptor.local_endpoint().port());
}

void Server::listen() {
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->stop_requested || impl_->running) return;
    impl_->running = true;
  }
  impl_->run();
  {
    std::lock_guard lock(impl_->mutex);
    impl_->running = false;
  }
  impl_->stopped.notify_all();
}

void Server::stop() {
  if (!impl_) return;
  std::unique_lock lock(impl_->mutex);
  impl_->stop_requested = true;
  if (!impl_->running) return;
  if (!impl_->stop_begun) {
    impl_->stop_begun = true;
    impl_->begin_stop();
  }
  impl_->stopped.wait(lock, [this] { return !impl_->running; });
}

}  // namespace cw::http
