#pragma once
// End-to-end fixture: a real Server on an ephemeral port over a fresh database (a SQLite file, or
// a PostgreSQL database in tests parameterised by cw::testing::Backend), an
// httplib::Client, and helpers to seed products and accounts and to snapshot the database.

#include <gtest/gtest.h>
#include <httplib.h>

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "catalog/catalog.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "customers/accounts.hpp"
#include "http/server.hpp"
#include "support/temp_dir.hpp"

namespace cw::http::testing {

using Json = nlohmann::json;

struct Answer {
  int status = 0;
  Json body;  // null when the body is empty or not JSON
  std::string content_type;
  std::string retry_after;  // the Retry-After header, empty when absent
  std::string raw;
};

// Parameterised by database: suites that touch the database run TEST_P on both (instantiated
// with testing::kBothBackends); TEST_F suites of the transport itself run on SQLite.
class ApiTest : public ::testing::TestWithParam<cw::testing::Backend> {
 protected:
  ApiTest();
  // The same, with the test configuration changed by `adjust` before the server starts.
  explicit ApiTest(const std::function<void(Config&)>& adjust);
  ~ApiTest() override;

  // Requests with an optional bearer token; `body` is sent as JSON when not null.
  Answer get(const std::string& path, const std::string& token = {});
  Answer del(const std::string& path, const std::string& token = {});
  Answer post(const std::string& path, const Json& body, const std::string& token = {});
  Answer patch(const std::string& path, const Json& body, const std::string& token = {});
  // POST with an Idempotency-Key header (`key`).
  Answer post_keyed(const std::string& path, const Json& body, const std::string& token,
                    const std::string& key);
  // A POST on a client of its own, for requests sent from several threads at once; `key`, when
  // not empty, goes in an Idempotency-Key header.
  Answer post_from(httplib::Client& own, const std::string& path, const std::string& body,
                   const std::string& token, const std::string& key = {});
  // A client of this server for one thread.
  std::unique_ptr<httplib::Client> new_client() const;
  // Sends `body` as is (malformed JSON, oversized payloads).
  Answer send_raw(const std::string& method, const std::string& path, const std::string& body,
                  const std::string& token = {});

  // Adds a product in category "Boots" priced `price` (minor units) with these sizes.
  Id add_product(const std::string& name, Minor price,
                 std::vector<catalog::SizeStock> sizes = {{"UK 5", 10}, {"UK 6", 10}},
                 const std::string& category = "Boots", const std::string& description = "");
  // Registers a customer (with a default address) over HTTP and answers a session token.
  std::string customer_token(const std::string& username);
  // Logs in again (e.g. after the clock passed the token's lifetime); answers the new token.
  std::string login(const std::string& username,
                    const std::string& password = "correct horse battery");
  // Creates a staff account with the domain API and logs in over HTTP.
  std::string staff_token(const std::string& username, customers::Role role);
  Json registration(const std::string& username) const;
  // Places a one-line order; answers the order id (fails the test otherwise).
  Id order(const std::string& token, Id product_id, const std::string& size, int quantity);

  std::int64_t stock_of(Id product_id, const std::string& size);
  // Row counts of every shop table plus total stock, units sold, coupon uses and reward states:
  // equal snapshots mean nothing changed.
  std::map<std::string, std::int64_t> snapshot();

  // The problem+json checks every error answer must pass.
  static void expect_problem(const Answer& answer, int status, const std::string& code,
                             const std::string& field = {});

  cw::testing::TestDatabase database;
  ManualClock clock{from_unix(1'772'359'200)};  // 2026-03-01T10:00:00Z
  Config config;
  std::unique_ptr<customers::Accounts> accounts;
  std::unique_ptr<Server> server;
  std::thread serving;
  int port = 0;
  std::unique_ptr<httplib::Client> client;

 private:
  Answer finish(const httplib::Result& result);
};

}  // namespace cw::http::testing
