// The HTTP edge on real sockets: clients that trickle, idle or flood cost a socket, not a worker;
// deadlines, header caps and the body limit for every transfer encoding; a full pool answers 503;
// stop() finishes what is in flight.
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <fstream>
#include <thread>

#include "api_fixture.hpp"
#include "db/group_commit.hpp"
#include "raw_client.hpp"

namespace cw::http::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// The resident set of this process (the server runs in it), in bytes.
std::int64_t resident_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6)) * 1024;
  }
  return -1;
}

Json body_of(const RawResponse& response) {
  return Json::parse(response.body, nullptr, false);
}

void expect_raw_problem(const std::optional<RawResponse>& response, int status,
                        const std::string& code) {
  ASSERT_TRUE(response.has_value()) << "no response";
  EXPECT_EQ(response->status, status) << response->body;
  EXPECT_EQ(response->headers.at("content-type"), "application/problem+json");
  EXPECT_EQ(body_of(*response).value("code", ""), code) << response->body;
  EXPECT_EQ(body_of(*response).value("status", 0), status);
}

std::string get_request(const std::string& target) {
  return "GET " + target + " HTTP/1.1\r\nHost: test\r\n\r\n";
}

using EdgeTest = ApiTest;

// ---- deadlines ----

class SlowClientTest : public ApiTest {
 protected:
  SlowClientTest()
      : ApiTest([](Config& c) {
          c.http_header_timeout_ms = 1500;
          c.http_body_timeout_ms = 1000;
          c.http_idle_timeout_ms = 400;
        }) {}
};

// The attack: connections that each send one header byte a second used to hold every
// worker, and /healthz waited for as long as the trickle lasted.
TEST_F(SlowClientTest, TricklingHeaderIsDroppedAtTheDeadlineWhileHealthzStaysFast) {
  constexpr int kTricklers = 16;  // twice the workers the old server had
  struct Outcome {
    bool closed = false;
    double after_ms = 0;
    std::string received;
  };
  std::vector<Outcome> outcomes(kTricklers);
  std::vector<std::thread> tricklers;
  for (int i = 0; i < kTricklers; ++i) {
    tricklers.emplace_back([&, i] {
      RawClient client(port);
      const auto start = Clock::now();
      const std::string request =
          "GET /healthz HTTP/1.1\r\nHost: test\r\nX-Slow: " + std::string(30, 'a') + "\r\n\r\n";
      for (const char byte : request) {
        if (!client.send(std::string_view(&byte, 1))) break;
        if (client.wait_closed(1000ms, &outcomes[i].received)) break;
      }
      outcomes[i].closed = client.wait_closed(5000ms, &outcomes[i].received);
      outcomes[i].after_ms = ms_since(start);
    });
  }
  std::this_thread::sleep_for(300ms);
  std::vector<double> health_ms;
  for (int i = 0; i < 10; ++i) {
    const auto start = Clock::now();
    const auto answer = get("/healthz");
    health_ms.push_back(ms_since(start));
    EXPECT_EQ(answer.status, 200);
    std::this_thread::sleep_for(80ms);
  }
  for (auto& thread : tricklers) thread.join();

  std::sort(health_ms.begin(), health_ms.end());
  EXPECT_LT(health_ms[health_ms.size() / 2], 50.0) << "median /healthz time while trickled";
  EXPECT_LT(health_ms.back(), 1000.0) << "slowest /healthz while trickled";
  for (const auto& outcome : outcomes) {
    EXPECT_TRUE(outcome.closed);
    // Dropped at the 1.5 s header deadline, long before the 36 s the trickle would take.
    EXPECT_GE(outcome.after_ms, 1400.0);
    EXPECT_LT(outcome.after_ms, 6000.0);
    EXPECT_EQ(outcome.received.rfind("HTTP/1.1 408 ", 0), 0u) << outcome.received;
    EXPECT_NE(outcome.received.find("request_timeout"), std::string::npos) << outcome.received;
  }
}

TEST_F(SlowClientTest, ConnectionThatSendsNothingIsClosedAtTheHeaderDeadline) {
  RawClient silent(port);
  const auto start = Clock::now();
  std::string received;
  EXPECT_TRUE(silent.wait_closed(5000ms, &received));
  EXPECT_GE(ms_since(start), 1400.0);
  EXPECT_EQ(received, "") << "nothing was asked, nothing is answered";
}

TEST_F(SlowClientTest, BodyThatStopsHalfWayIs408AtTheBodyDeadline) {
  RawClient client(port);
  ASSERT_TRUE(client.send(
      "POST /api/v1/sessions HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
      "Content-Length: 100\r\n\r\n{\"username\":"));
  const auto start = Clock::now();
  expect_raw_problem(client.read_response(5000ms), 408, "request_timeout");
  EXPECT_GE(ms_since(start), 900.0);
  EXPECT_TRUE(client.wait_closed(3000ms));
}

TEST_F(SlowClientTest, IdleKeepAliveConnectionIsClosedAfterTheIdleTimeout) {
  RawClient client(port);
  ASSERT_TRUE(client.send(get_request("/healthz")));
  const auto answer = client.read_response();
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(answer->status, 200);
  EXPECT_EQ(answer->headers.count("connection"), 0u) << "HTTP/1.1 stays open by default";
  const auto start = Clock::now();
  EXPECT_TRUE(client.wait_closed(5000ms));
  EXPECT_GE(ms_since(start), 350.0);
}

// ---- many connections ----

// Raises this process's open-file limit to at least `wanted` (up to the hard limit).
bool allow_open_files(rlim_t wanted) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return false;
  if (limit.rlim_cur >= wanted) return true;
  if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max < wanted) return false;
  limit.rlim_cur = wanted;
  return ::setrlimit(RLIMIT_NOFILE, &limit) == 0;
}

TEST_F(EdgeTest, TwoThousandIdleKeepAliveConnectionsDoNotSlowSearches) {
  constexpr int kIdle = 2000;
  // Each connection is two descriptors here: the client's and the server's.
  ASSERT_TRUE(allow_open_files(2 * kIdle + 512)) << "raise the hard RLIMIT_NOFILE";
  for (int i = 0; i < 20; ++i) add_product("Boot " + std::to_string(i), 5000 + i * 100);

  std::vector<std::unique_ptr<RawClient>> idle;
  for (int i = 0; i < kIdle; ++i) {
    idle.push_back(std::make_unique<RawClient>(port));
    ASSERT_TRUE(idle.back()->send(get_request("/healthz")));
  }
  for (auto& client : idle) {
    const auto answer = client->read_response();
    ASSERT_TRUE(answer.has_value());
    ASSERT_EQ(answer->status, 200);
  }

  auto searcher = new_client();
  searcher->set_keep_alive(true);
  // The first search loads the catalogue's in-memory copy and renders its JSON: not measured.
  for (int i = 0; i < 5; ++i) ASSERT_EQ(searcher->Get("/api/v1/products?size=UK%205")->status, 200);
  std::vector<double> search_ms;
  for (int i = 0; i < 200; ++i) {
    const auto start = Clock::now();
    auto result = searcher->Get("/api/v1/products?size=UK%205&page_size=20");
    search_ms.push_back(ms_since(start));
    ASSERT_TRUE(result);
    ASSERT_EQ(result->status, 200);
    ASSERT_EQ(Json::parse(result->body).at("items").size(), 20u);
  }
  std::sort(search_ms.begin(), search_ms.end());
  EXPECT_LT(search_ms[197], 20.0) << "p99 of 200 searches beside " << kIdle
                                  << " idle connections; median " << search_ms[100] << " ms, max "
                                  << search_ms.back() << " ms";

  // The idle connections were kept, not dropped: each still answers.
  for (int i = 0; i < kIdle; i += 20) {
    ASSERT_TRUE(idle[i]->send(get_request("/healthz")));
    const auto answer = idle[i]->read_response();
    ASSERT_TRUE(answer.has_value()) << "connection " << i;
    EXPECT_EQ(answer->status, 200);
  }
}

// ---- header caps ----

TEST_F(EdgeTest, ThousandHeaderFieldsAre431) {
  RawClient client(port);
  std::string request = "GET /healthz HTTP/1.1\r\nHost: test\r\n";
  for (int i = 0; i < 1000; ++i) request += "X-A: b\r\n";  // 8 KB: under the size cap
  ASSERT_TRUE(client.send(request + "\r\n"));
  const auto answer = client.read_response();
  expect_raw_problem(answer, 431, "too_many_headers");
  EXPECT_EQ(answer->headers.at("connection"), "close");
  EXPECT_TRUE(client.wait_closed(3000ms));
}

TEST_F(EdgeTest, HundredHeaderFieldsAreServed) {
  RawClient client(port);
  std::string request = "GET /healthz HTTP/1.1\r\nHost: test\r\n";
  for (int i = 0; i < 99; ++i) request += "X-A: b\r\n";
  ASSERT_TRUE(client.send(request + "\r\n"));
  const auto answer = client.read_response();
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(answer->status, 200);
}

TEST_F(EdgeTest, HeaderOverSixteenKibIs431) {
  RawClient client(port);
  ASSERT_TRUE(client.send(
      "GET /healthz HTTP/1.1\r\nHost: test\r\nX-Big: " + std::string(20 * 1024, 'b') + "\r\n\r\n"));
  expect_raw_problem(client.read_response(), 431, "header_too_large");
}

// ---- body limit, every transfer encoding ----

class BodyLimitTest : public ApiTest {
 protected:
  static constexpr std::int64_t kLimit = 4 << 20;
  BodyLimitTest() : ApiTest([](Config& c) { c.max_body_bytes = kLimit; }) {}
};

std::string chunk(std::string_view data) {
  char size[32];
  std::snprintf(size, sizeof size, "%zx\r\n", data.size());
  return size + std::string(data) + "\r\n";
}

// The attack: a 200 MB chunked POST to /sessions, with no login, took the server to
// 870 MiB. Now the body is cut at the limit and nothing past it is kept.
TEST_F(BodyLimitTest, ChunkedBodyOverTheLimitIs413AndMemoryStaysUnderTwiceTheLimit) {
  ASSERT_EQ(get("/healthz").status, 200);
  const std::int64_t baseline = resident_bytes();
  ASSERT_GT(baseline, 0);
  std::atomic<bool> sampling{true};
  std::atomic<std::int64_t> peak{baseline};
  std::thread sampler([&] {
    while (sampling) {
      peak = std::max(peak.load(), resident_bytes());
      std::this_thread::sleep_for(2ms);
    }
  });

  RawClient client(port);
  ASSERT_TRUE(client.send(
      "POST /api/v1/sessions HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n"));
  std::atomic<std::int64_t> sent{0};
  std::thread sender([&] {
    const std::string piece = chunk(std::string(64 * 1024, 'x'));
    while (sent < 200'000'000 && client.send(piece)) sent += 64 * 1024;
  });
  const auto answer = client.read_response(60s);
  sender.join();
  sampling = false;
  sampler.join();

  expect_raw_problem(answer, 413, "payload_too_large");
  EXPECT_EQ(answer->headers.at("connection"), "close");
  EXPECT_LT(sent.load(), 200'000'000) << "the server stops reading";
  EXPECT_LT(peak - baseline, 2 * kLimit)
      << "resident set grew by " << (peak - baseline) / 1024 << " KiB";
  EXPECT_EQ(get("/healthz").status, 200);
}

TEST_F(BodyLimitTest, ContentLengthOverTheLimitIs413BeforeAnyBodyIsSent) {
  RawClient client(port);
  ASSERT_TRUE(
      client.send("POST /api/v1/sessions HTTP/1.1\r\nHost: test\r\nContent-Type: "
                  "application/json\r\nContent-Length: 1000000000\r\n\r\n"));
  expect_raw_problem(client.read_response(10s), 413, "payload_too_large");
}

TEST_F(BodyLimitTest, ChunkedBodyUnderTheLimitIsServed) {
  const std::string body = registration("chunky").dump();
  RawClient client(port);
  ASSERT_TRUE(
      client.send("POST /api/v1/customers HTTP/1.1\r\nHost: test\r\nContent-Type: "
                  "application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
                  chunk(body.substr(0, 10)) + chunk(body.substr(10)) + "0\r\n\r\n"));
  const auto answer = client.read_response();
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(answer->status, 201) << answer->body;
  EXPECT_EQ(body_of(*answer).value("username", ""), "chunky");
}

TEST_F(BodyLimitTest, ExpectContinueGetsAnInterimResponseBeforeTheBody) {
  const std::string body = registration("patient").dump();
  RawClient client(port);
  ASSERT_TRUE(
      client.send("POST /api/v1/customers HTTP/1.1\r\nHost: test\r\nContent-Type: "
                  "application/json\r\nExpect: 100-continue\r\nContent-Length: " +
                  std::to_string(body.size()) + "\r\n\r\n"));
  const auto interim = client.read_response(10s);
  ASSERT_TRUE(interim.has_value());
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(client.send(body));
  const auto answer = client.read_response();
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(answer->status, 201) << answer->body;
}

// ---- the bounded pool ----

// One worker and no queue: a request that holds the worker (a registration waiting for the
// database's write lock, held here by the test) leaves no room for a second.
class FullPoolTest : public ApiTest {
 protected:
  FullPoolTest()
      : ApiTest([](Config& c) {
          c.http_threads = 1;
          c.http_queue = 0;
        }) {}

  // Starts a registration that waits for `lock` on the one worker; answers once the worker is
  // seen busy (a search is refused with 503), or fails the test.
  std::thread hold_the_worker(Answer& held, std::optional<Answer>& refused,
                              const std::string& username = "held") {
    std::thread holder([this, &held, username] {
      auto own = new_client();
      // A probe may have the worker at that moment: then this one is refused; try again.
      do {
        held = post_from(*own, "/api/v1/customers", registration(username).dump(), "");
      } while (held.status == 503);
    });
    const auto give_up = Clock::now() + 4s;  // the writer waits up to busy_timeout (5 s)
    while (Clock::now() < give_up) {
      Answer probe = get("/api/v1/categories");
      if (probe.status == 503) {
        refused = probe;
        break;
      }
      EXPECT_EQ(probe.status, 200);
      std::this_thread::sleep_for(10ms);
    }
    return holder;
  }
};

TEST_F(FullPoolTest, FullPoolAnswers503WithRetryAfterAndHealthzStillAnswers) {
  auto lock = database->lease();
  lock->begin(db::TxMode::kWrite);
  Answer held;
  std::optional<Answer> refused;
  std::thread holder = hold_the_worker(held, refused);
  ASSERT_TRUE(refused.has_value()) << "the pool never filled";
  expect_problem(*refused, 503, "overloaded");
  EXPECT_EQ(refused->retry_after, "1");
  // Answered on the I/O thread: the full pool does not delay it.
  EXPECT_EQ(get("/healthz").status, 200);
  lock->rollback();
  holder.join();
  EXPECT_EQ(held.status, 201) << held.raw;
  // The worker is free again.
  EXPECT_EQ(get("/api/v1/categories").status, 200);
}

// An anonymous search over a current catalogue copy needs no worker (search_products_now): it is
// answered while the pool is full. One with a token, or one that must reload the copy first,
// waits for the pool like any other request.
TEST_F(FullPoolTest, AnonymousSearchOverACurrentCopyIsAnsweredWhileThePoolIsFull) {
  const std::string token = customer_token("viewer");
  add_product("Boots", 5000);
  ASSERT_EQ(get("/api/v1/products").body.at("total"), 1);  // the copy is loaded

  auto lock = database->lease();
  lock->begin(db::TxMode::kWrite);
  Answer held;
  std::optional<Answer> refused;
  std::thread holder = hold_the_worker(held, refused, "held-one");
  ASSERT_TRUE(refused.has_value()) << "the pool never filled";
  const Answer anonymous = get("/api/v1/products?size=UK%205");
  EXPECT_EQ(anonymous.status, 200) << anonymous.raw;
  EXPECT_EQ(anonymous.body.at("total"), 1);
  EXPECT_EQ(anonymous.body.at("items").at(0).at("name"), "Boots");
  expect_problem(get("/api/v1/products", token), 503, "overloaded");
  expect_problem(get("/api/v1/products?page=0"), 400, "invalid_parameter", "page");
  lock->rollback();
  holder.join();
  EXPECT_EQ(held.status, 201) << held.raw;

  add_product("Clogs", 3000);  // the copy is now older than the catalogue
  lock->begin(db::TxMode::kWrite);
  refused.reset();
  holder = hold_the_worker(held, refused, "held-two");
  ASSERT_TRUE(refused.has_value()) << "the pool never filled";
  expect_problem(get("/api/v1/products"), 503, "overloaded");
  lock->rollback();
  holder.join();
  const Answer reloaded = get("/api/v1/products");
  EXPECT_EQ(reloaded.body.at("total"), 2);
  EXPECT_EQ(reloaded.body.at("items").at(1).at("name"), "Clogs");
}

TEST_F(FullPoolTest, StopFinishesTheRequestInFlightAndRefusesNewConnections) {
  RawClient idle(port);
  ASSERT_TRUE(idle.send(get_request("/healthz")));
  ASSERT_TRUE(idle.read_response().has_value());

  auto lock = database->lease();
  lock->begin(db::TxMode::kWrite);
  Answer held;
  std::optional<Answer> refused;
  std::thread holder = hold_the_worker(held, refused);
  ASSERT_TRUE(refused.has_value()) << "the registration never reached the worker";

  std::thread stopper([this] { server->stop(); });
  const auto give_up = Clock::now() + 4s;
  while (can_connect(port) && Clock::now() < give_up) std::this_thread::sleep_for(5ms);
  EXPECT_FALSE(can_connect(port)) << "still accepting after stop()";
  EXPECT_TRUE(idle.wait_closed(3000ms)) << "an idle connection is closed at once";
  lock->rollback();
  holder.join();
  stopper.join();
  serving.join();

  EXPECT_EQ(held.status, 201) << held.raw;
  EXPECT_EQ(held.body.value("username", ""), "held");
  EXPECT_EQ(database->lease()->scalar("SELECT COUNT(*) FROM accounts WHERE username = 'held'"), 1);
}

// Checkouts hand their order to the group commit's writer without a worker (Route::deferred), at
// most `http_queue` of them at a time; past that they take the worker pool, and when that is full
// too they get 503 with Retry-After rather than waiting unbounded.
class FullWriterQueueTest : public ApiTest {
 protected:
  FullWriterQueueTest()
      : ApiTest([](Config& c) {
          c.http_threads = 1;
          c.http_queue = 1;
        }) {}

  // Posts a one-line order from its own thread; `done` is set once it is answered.
  std::thread checkout(const std::string& token, Id product, Answer& answer,
                       std::atomic<bool>& done) {
    return std::thread([this, token, product, &answer, &done] {
      auto own = new_client();
      const Json line = {{"product_id", product}, {"size", "UK 5"}, {"quantity", 1}};
      answer = post_from(*own, "/api/v1/orders", Json({{"lines", {line}}}).dump(), token);
      done = true;
    });
  }

  void wait_until_queued(std::size_t units) {
    const auto give_up = Clock::now() + 4s;  // the writer waits up to busy_timeout (5 s)
    while (database->group_commit().queued() < units && Clock::now() < give_up)
      std::this_thread::sleep_for(2ms);
    ASSERT_EQ(database->group_commit().queued(), units);
  }
};

TEST_F(FullWriterQueueTest, CheckoutsPastTheWritersQueueTakeTheWorkersThenGet503) {
  const Id boots = add_product("Boots", 5000);
  const std::string token = customer_token("queued");
  auto lock = database->lease();
  lock->begin(db::TxMode::kWrite);  // the writer waits at BEGIN: every unit stays queued

  std::array<Answer, 4> answers;
  std::array<std::atomic<bool>, 4> done{};
  std::vector<std::thread> clients;
  clients.push_back(checkout(token, boots, answers[0], done[0]));  // the deferred path's one place
  wait_until_queued(1);
  clients.push_back(checkout(token, boots, answers[1], done[1]));  // the one worker, in run()
  wait_until_queued(2);
  // The worker is taken and the writer's queue is full: of the next two, one waits in the pool's
  // one queue place and the other is refused at once.
  clients.push_back(checkout(token, boots, answers[2], done[2]));
  clients.push_back(checkout(token, boots, answers[3], done[3]));
  const auto give_up = Clock::now() + 4s;
  while (!done[2] && !done[3] && Clock::now() < give_up) std::this_thread::sleep_for(2ms);
  const std::size_t refused = done[2] ? 2 : 3;
  ASSERT_TRUE(done[refused]) << "neither checkout was refused while the writer was held";
  expect_problem(answers[refused], 503, "overloaded");
  EXPECT_EQ(answers[refused].retry_after, "1");
  EXPECT_FALSE(done[0] || done[1]) << "answered before their batch could commit";

  lock->rollback();
  for (auto& client : clients) client.join();
  for (std::size_t i = 0; i < answers.size(); ++i) {
    if (i == refused) continue;
    EXPECT_EQ(answers[i].status, 201) << i << ": " << answers[i].raw;
  }
  EXPECT_EQ(database->lease()->scalar("SELECT COUNT(*) FROM orders"), 3);
  EXPECT_EQ(stock_of(boots, "UK 5"), 7);
}

}  // namespace
}  // namespace cw::http::testing
