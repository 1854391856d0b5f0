// The crash check: the real `cartwise serve`, durability full and group commit on, is killed with
// SIGKILL in the middle of concurrent HTTP checkouts. Opened again, the database holds every
// order that was acknowledged with 201, and the stock adds up with the orders it holds; a
// restarted server takes orders again.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "core/ids.hpp"
#include "db/database.hpp"
#include "support/shop_builder.hpp"
#include "support/temp_dir.hpp"

namespace cw::cli {
namespace {

constexpr std::int64_t kInitialStock = 1'000'000;

struct Response {
  int status = 0;  // 0: no complete answer (refused, reset, cut short)
  std::string body;
};

// One request on its own connection (Connection: close); reads until the server closes it.
Response http(int port, const std::string& method, const std::string& path, const std::string& body,
              const std::string& token = {}) {
  const int sock = socket(AF_INET, SOCK_STREAM, 0);
  if (sock < 0) return {};
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(sock, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(sock);
    return {};
  }
  std::string request =
      method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n";
  if (!token.empty()) request += "Authorization: Bearer " + token + "\r\n";
  request += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
             "\r\n\r\n" + body;
  if (send(sock, request.data(), request.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(request.size())) {
    close(sock);
    return {};
  }
  std::string raw;
  char buffer[4096];
  for (ssize_t n; (n = read(sock, buffer, sizeof buffer)) > 0;)
    raw.append(buffer, static_cast<std::size_t>(n));
  close(sock);
  // Complete only when the whole body announced by Content-Length arrived.
  const auto head_end = raw.find("\r\n\r\n");
  if (raw.rfind("HTTP/1.1 ", 0) != 0 || head_end == std::string::npos) return {};
  std::string head = raw.substr(0, head_end);
  for (char& ch : head) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const auto length_at = head.find("content-length:");
  if (length_at == std::string::npos) return {};
  const auto length = std::stoul(head.substr(length_at + 15));
  if (raw.size() - head_end - 4 < length) return {};
  return {std::stoi(raw.substr(9, 3)), raw.substr(head_end + 4, length)};
}

// The value of the top-level member `name` (a number or a string without escapes) of a JSON
// object; empty when absent.
std::string member(const std::string& json, const std::string& name) {
  const std::string key = "\"" + name + "\":";
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char ch = json[i];
    if (in_string) {
      if (ch == '\\')
        ++i;
      else if (ch == '"')
        in_string = false;
      continue;
    }
    if (depth == 1 && json.compare(i, key.size(), key) == 0) {
      std::size_t start = i + key.size(), end = start;
      if (json[start] == '"') {
        end = json.find('"', ++start);
      } else {
        while (end < json.size() && json[end] != ',' && json[end] != '}') ++end;
      }
      return json.substr(start, end - start);
    }
    if (ch == '"')
      in_string = true;
    else if (ch == '{' || ch == '[')
      ++depth;
    else if (ch == '}' || ch == ']')
      --depth;
  }
  return {};
}

// `cartwise serve` on a free port, its output in a file.
class Server {
 public:
  Server(const std::string& db, const std::string& log) {
    pid_ = fork();
    if (pid_ == 0) {
      const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
      const char* env[] = {"PATH=/usr/bin:/bin", "CARTWISE_PASSWORD_COST=min",
                           "CARTWISE_DURABILITY=full", "CARTWISE_GROUP_COMMIT_MAX=64", nullptr};
      execle(CARTWISE_BINARY, CARTWISE_BINARY, "serve", "--db", db.c_str(), "--port", "0",
             static_cast<char*>(nullptr), env);
      _exit(127);
    }
    // The server prints its URL once it listens; no time limit but the process must live.
    const std::string url = "http://127.0.0.1:";
    while (port_ == 0) {
      std::ifstream in(log);
      std::stringstream text;
      text << in.rdbuf();
      if (const auto at = text.str().find(url); at != std::string::npos)
        port_ = std::atoi(text.str().c_str() + at + url.size());
      if (port_ == 0) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
          pid_ = -1;
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
  }
  ~Server() { stop(SIGTERM); }
  int port() const { return port_; }
  // Sends `signal` and reaps the process.
  void stop(int signal) {
    if (pid_ <= 0) return;
    kill(pid_, signal);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

class Crash : public ::testing::Test {
 protected:
  testing::TempDir dir_;
  std::string db_ = dir_.file("shop.db");
  Id product_ = 0;

  void SetUp() override {
    auto db = db::Database::open({db_, Durability::kFull, 5000});
    auto c = db->lease();
    testing::ShopBuilder shop{*c};
    product_ = shop.product({.category_id = shop.category("Heels"), .name = "Pump", .price = 1000});
    shop.add_size(product_, "UK 5", kInitialStock);
  }

  // Registers a shopper and logs in; answers the bearer token.
  std::string shopper(int port, int n) {
    const std::string name = "shopper" + std::to_string(n);
    const auto registered = http(
        port, "POST", "/api/v1/customers",
        R"({"username":")" + name + R"(","password":"correct-horse-1","email":")" + name +
            R"(@example.com","first_name":"Ada","last_name":"Lovelace","address":{"line1":"1 High St","city":"Leeds","postcode":"LS1 1AA","country":"GB"}})");
    EXPECT_EQ(registered.status, 201) << registered.body;
    const auto session = http(port, "POST", "/api/v1/sessions",
                              R"({"username":")" + name + R"(","password":"correct-horse-1"})");
    EXPECT_EQ(session.status, 200) << session.body;
    return member(session.body, "token");
  }

  std::string order_body() const {
    return R"({"lines":[{"product_id":)" + std::to_string(product_) +
           R"(,"size":"UK 5","quantity":1}]})";
  }
};

TEST_F(Crash, KillNineUnderCheckoutLoadLosesNoAcknowledgedOrder) {
  constexpr int kClients = 16;
  constexpr std::size_t kAcknowledgedBeforeKill = 150;
  auto server = std::make_unique<Server>(db_, dir_.file("serve.log"));
  const int port = server->port();
  ASSERT_GT(port, 0) << "the server did not start";
  std::vector<std::string> tokens;
  for (int i = 0; i < 8; ++i) tokens.push_back(shopper(port, i));
  for (const auto& token : tokens) ASSERT_FALSE(token.empty());

  std::mutex mutex;
  std::vector<Id> acknowledged;
  std::atomic<bool> killed{false};
  std::atomic<int> refused{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&, i] {
      while (!killed.load()) {
        const auto answer = http(port, "POST", "/api/v1/orders", order_body(), tokens[i % 8]);
        if (answer.status == 201) {
          std::lock_guard lock(mutex);
          acknowledged.push_back(std::stoll(member(answer.body, "id")));
        } else if (answer.status != 0) {
          ++refused;  // an answer other than 201 (none expected while stock lasts)
        }
      }
    });
  }
  for (;;) {
    {
      std::lock_guard lock(mutex);
      if (acknowledged.size() >= kAcknowledgedBeforeKill) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  server->stop(SIGKILL);  // checkouts are in flight: clients keep sending until they see it
  killed = true;
  for (auto& client : clients) client.join();
  EXPECT_EQ(refused.load(), 0);

  {
    auto db = db::Database::open({db_, Durability::kFull, 5000});
    auto c = db->lease();
    auto check = c->query("PRAGMA integrity_check");
    ASSERT_TRUE(check.next());
    EXPECT_EQ(check.text(0), "ok");
    std::set<Id> stored;
    for (auto rows = c->query("SELECT id FROM orders"); rows.next();)
      stored.insert(rows.integer(0));
    std::size_t missing = 0;
    for (Id id : acknowledged) missing += stored.count(id) == 0 ? 1 : 0;
    EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged orders";
    EXPECT_GE(stored.size(), acknowledged.size());
    // Every stored order is whole, and stock and units sold match the orders kept.
    const auto units = c->scalar("SELECT COALESCE(SUM(quantity), 0) FROM order_lines").value();
    EXPECT_EQ(units, static_cast<std::int64_t>(stored.size()));
    EXPECT_EQ(c->scalar("SELECT COUNT(*) FROM order_events"),
              static_cast<std::int64_t>(stored.size()));
    EXPECT_EQ(c->scalar("SELECT stock FROM product_sizes WHERE product_id = ?", product_),
              kInitialStock - units);
    EXPECT_EQ(c->scalar("SELECT units_sold FROM products WHERE id = ?", product_), units);
    EXPECT_EQ(c->scalar("SELECT SUM(orders) FROM customer_facts"), units);
  }

  // Restarted on the same file, the server takes orders again (the sessions survived too).
  Server again(db_, dir_.file("serve-again.log"));
  ASSERT_GT(again.port(), 0);
  const auto placed = http(again.port(), "POST", "/api/v1/orders", order_body(), tokens[0]);
  EXPECT_EQ(placed.status, 201) << placed.body;
}

}  // namespace
}  // namespace cw::cli
