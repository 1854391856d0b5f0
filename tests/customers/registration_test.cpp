// Registration and staff accounts: what is stored, uniqueness, races.
#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <thread>
#include <vector>

#include "accounts_fixture.hpp"

namespace cw::customers {
namespace {

using RegistrationTest = AccountsTest;

INSTANTIATE_TEST_SUITE_P(Db, RegistrationTest, cw::testing::kBothBackends,
                         cw::testing::backend_name);

TEST_P(RegistrationTest, StoresCustomerDefaultAddressAndAccountTogether) {
  Registration r = alice();
  r.phone = "+44 113 000 0000";
  r.gender = "female";
  r.date_of_birth = "1990-05-17";
  r.occupation = "Engineer";
  auto profile = accounts.register_customer(r);
  ASSERT_TRUE(profile.has_value()) << profile.error().message;
  EXPECT_GT(profile->customer_id, 0);
  EXPECT_EQ(profile->username, "alice");
  EXPECT_EQ(profile->email, "Alice@Example.com");
  EXPECT_EQ(profile->first_name, "Alice");
  EXPECT_EQ(profile->last_name, "Smith");
  EXPECT_EQ(profile->phone, "+44 113 000 0000");
  EXPECT_EQ(profile->gender, "female");
  EXPECT_EQ(profile->date_of_birth, "1990-05-17");
  EXPECT_EQ(profile->occupation, "Engineer");
  EXPECT_EQ(profile->created_at, kStart);
  ASSERT_TRUE(profile->address.has_value());
  EXPECT_EQ(profile->address->line1, "1 High Street");
  EXPECT_FALSE(profile->address->line2.has_value());
  EXPECT_EQ(profile->address->city, "Leeds");
  EXPECT_EQ(profile->address->postcode, "LS1 1AA");
  EXPECT_EQ(profile->address->country, "GB");

  auto c = t->lease();
  auto rows =
      c->query("SELECT role, customer_id, password_hash FROM accounts WHERE username = 'alice'");
  ASSERT_TRUE(rows.next());
  EXPECT_EQ(rows.text(0), "customer");
  EXPECT_EQ(rows.integer(1), profile->customer_id);
  EXPECT_EQ(rows.text(2).rfind("$argon2id$", 0), 0u);
  EXPECT_EQ(rows.text(2).find("correct horse"), std::string::npos);
  EXPECT_EQ(
      c->scalar("SELECT is_default FROM addresses WHERE customer_id = ?", profile->customer_id), 1);
}

TEST_P(RegistrationTest, UsernamesAreUniqueRegardlessOfCase) {
  ASSERT_TRUE(accounts.register_customer(alice()).has_value());
  const std::int64_t before = total_rows();
  Registration r = alice();
  r.username = "ALICE";
  r.email = "other@example.com";
  EXPECT_TRUE(fails_with(accounts.register_customer(r), ErrorKind::kConflict, "username_taken",
                         "username"));
  EXPECT_EQ(total_rows(), before);
}

TEST_P(RegistrationTest, EmailsAreUniqueRegardlessOfCase) {
  ASSERT_TRUE(accounts.register_customer(alice()).has_value());
  const std::int64_t before = total_rows();
  Registration r = alice();
  r.username = "alice2";
  r.email = "aLiCe@eXaMpLe.CoM";
  EXPECT_TRUE(
      fails_with(accounts.register_customer(r), ErrorKind::kConflict, "email_taken", "email"));
  EXPECT_EQ(total_rows(), before);
}

// Many threads register at the same instant; the unique constraints decide, whichever of the
// pre-check or the insert sees the duplicate.
template <typename Vary>
std::vector<Result<Profile>> register_concurrently(Accounts& accounts, int threads, Vary vary) {
  std::vector<Result<Profile>> results(threads, fail(Error::internal("not run")));
  std::barrier start(threads);
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) {
    pool.emplace_back([&, i] {
      Registration r = alice();
      vary(r, i);
      start.arrive_and_wait();
      results[i] = accounts.register_customer(r);
    });
  }
  for (auto& thread : pool) thread.join();
  return results;
}

TEST_P(RegistrationTest, ConcurrentSameUsernameGivesExactlyOneSuccess) {
  constexpr int kThreads = 8;
  auto results = register_concurrently(accounts, kThreads, [](Registration& r, int i) {
    r.email = "alice" + std::to_string(i) + "@example.com";
  });
  int succeeded = 0;
  for (const auto& result : results) {
    if (result)
      ++succeeded;
    else
      EXPECT_TRUE(fails_with(result, ErrorKind::kConflict, "username_taken", "username"));
  }
  EXPECT_EQ(succeeded, 1);
  EXPECT_EQ(count("accounts"), 1);
  EXPECT_EQ(count("customers"), 1);
  EXPECT_EQ(count("addresses"), 1);
}

TEST_P(RegistrationTest, ConcurrentSameEmailGivesExactlyOneSuccess) {
  constexpr int kThreads = 8;
  auto results = register_concurrently(accounts, kThreads, [](Registration& r, int i) {
    r.username = "alice" + std::to_string(i);
    if (i % 2) r.email = "ALICE@example.COM";
  });
  int succeeded = 0;
  for (const auto& result : results) {
    if (result)
      ++succeeded;
    else
      EXPECT_TRUE(fails_with(result, ErrorKind::kConflict, "email_taken", "email"));
  }
  EXPECT_EQ(succeeded, 1);
  EXPECT_EQ(count("accounts"), 1);
  EXPECT_EQ(count("customers"), 1);
}

TEST_P(RegistrationTest, StaffAccountsHaveARoleAndNoCustomer) {
  for (Role role : {Role::kWarehouse, Role::kAnalyst, Role::kAdmin}) {
    const std::string name = "Staff-" + std::string(role_name(role));
    auto id = accounts.add_staff(name, "staff password 1", role);
    ASSERT_TRUE(id.has_value()) << id.error().message;
    auto c = t->lease();
    auto rows = c->query("SELECT username, role, customer_id FROM accounts WHERE id = ?", *id);
    ASSERT_TRUE(rows.next());
    EXPECT_EQ(rows.text(0), "staff-" + std::string(role_name(role)));
    EXPECT_EQ(rows.text(1), role_name(role));
    EXPECT_TRUE(rows.is_null(2));
  }
  EXPECT_EQ(count("customers"), 0);

  auto session = accounts.login("STAFF-WAREHOUSE", "staff password 1");
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->role, Role::kWarehouse);
  auto principal = accounts.authenticate(session->token);
  ASSERT_TRUE(principal.has_value());
  EXPECT_EQ(principal->role, Role::kWarehouse);
  EXPECT_EQ(principal->username, "staff-warehouse");
  EXPECT_FALSE(principal->customer_id.has_value());
}

TEST_P(RegistrationTest, StaffRulesAndUniquenessAcrossCustomers) {
  EXPECT_TRUE(fails_with(accounts.add_staff("clerk", "staff password 1", Role::kCustomer),
                         ErrorKind::kUnprocessable, "invalid_role", "role"));
  EXPECT_TRUE(fails_with(accounts.add_staff("x", "staff password 1", Role::kAdmin),
                         ErrorKind::kUnprocessable, "invalid_username", "username"));
  EXPECT_TRUE(fails_with(accounts.add_staff("clerk", "short", Role::kAdmin),
                         ErrorKind::kUnprocessable, "weak_password", "password"));
  ASSERT_TRUE(accounts.register_customer(alice()).has_value());
  EXPECT_TRUE(fails_with(accounts.add_staff("ALICE", "staff password 1", Role::kAdmin),
                         ErrorKind::kConflict, "username_taken", "username"));
  EXPECT_EQ(count("accounts"), 1);
  ASSERT_TRUE(accounts.add_staff("clerk", "staff password 1", Role::kAdmin).has_value());
  Registration r = alice();
  r.username = "Clerk";
  r.email = "clerk@example.com";
  EXPECT_TRUE(fails_with(accounts.register_customer(r), ErrorKind::kConflict, "username_taken",
                         "username"));
  EXPECT_EQ(count("customers"), 1);
}

TEST(PasswordHasherTest, HashesAreSaltedArgon2idAndVerify) {
  PasswordHasher hasher("min");
  const std::string first = hasher.hash("a long enough password");
  const std::string second = hasher.hash("a long enough password");
  EXPECT_EQ(first.rfind("$argon2id$", 0), 0u);
  EXPECT_NE(first, second);  // a fresh salt each time
  EXPECT_TRUE(hasher.verify(first, "a long enough password"));
  EXPECT_TRUE(hasher.verify(second, "a long enough password"));
  EXPECT_FALSE(hasher.verify(first, "a long enough passwore"));
  EXPECT_FALSE(hasher.verify("not a hash", "a long enough password"));
  EXPECT_EQ(hasher.dummy_hash().rfind("$argon2id$", 0), 0u);
  EXPECT_THROW(PasswordHasher("cheap"), Failure);
}

}  // namespace
}  // namespace cw::customers
