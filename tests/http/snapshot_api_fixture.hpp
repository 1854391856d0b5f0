#pragma once
// What the snapshot API suites share: an analyst, an admin and a shopper logged in after the suite
// seeded its shop, and taking a snapshot over HTTP as the admin.
#include <cstdint>
#include <string>

#include "api_fixture.hpp"

namespace cw::http::testing {

class SnapshotApiTest : public ApiTest {
 protected:
  // After the shop is seeded: its fixed customer ids come first, the logins after them.
  void log_in_users() {
    analyst = staff_token("numbers", customers::Role::kAnalyst);
    admin = staff_token("boss", customers::Role::kAdmin);
    shopper = customer_token("zed");
  }
  // Takes a snapshot as of `as_of` (YYYY-MM-DD); answers its id.
  std::int64_t take(const std::string& as_of) {
    auto answer = post("/api/v1/snapshots", {{"as_of", as_of}}, admin);
    EXPECT_EQ(answer.status, 201) << answer.raw;
    return answer.body.value("id", std::int64_t{0});
  }
  std::string analyst, admin, shopper;
};

}  // namespace cw::http::testing
