#pragma once
// A migrated database, a hand-moved clock and Accounts with the cheapest Argon2id cost.

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "customers/accounts.hpp"
#include "support/temp_dir.hpp"

namespace cw::customers {

// 2026-01-01T00:00:00Z
inline const Timestamp kStart = from_unix(1'767'225'600);

inline Config test_config() {
  Config config;
  config.password_cost = "min";
  config.max_failed_logins = 3;
  config.failed_login_window_seconds = 300;
  config.token_lifetime_seconds = 3600;
  return config;
}

inline Registration alice() {
  Registration r;
  r.username = "Alice";
  r.password = "correct horse battery";
  r.email = "Alice@Example.com";
  r.first_name = "Alice";
  r.last_name = "Smith";
  r.address = Address{"1 High Street", std::nullopt, "Leeds", "LS1 1AA", "GB"};
  return r;
}

template <typename T>
::testing::AssertionResult fails_with(const Result<T>& result, ErrorKind kind,
                                      std::string_view code, std::string_view field = {}) {
  if (result) return ::testing::AssertionFailure() << "succeeded; expected " << code;
  const Error& e = result.error();
  if (e.kind != kind || e.code != code || e.field != field)
    return ::testing::AssertionFailure()
           << "got kind " << static_cast<int>(e.kind) << " code '" << e.code << "' field '"
           << e.field << "' (" << e.message << "); expected code '" << code << "' field '" << field
           << "'";
  return ::testing::AssertionSuccess();
}

class AccountsTest : public ::testing::TestWithParam<cw::testing::Backend> {
 protected:
  std::int64_t count(std::string_view table) {
    auto c = t->lease();
    return c->scalar("SELECT COUNT(*) FROM " + std::string(table)).value_or(-1);
  }
  // Rows in every table this module writes: a 4xx must leave it unchanged.
  std::int64_t total_rows() {
    return count("customers") + count("addresses") + count("accounts") + count("sessions");
  }

  cw::testing::TestDatabase t;
  Config config = test_config();
  ManualClock clock{kStart};
  Accounts accounts{*t, config, clock};
};

}  // namespace cw::customers
