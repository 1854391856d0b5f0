// Login, bearer tokens, expiry, logout and throttling of failed logins.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "accounts_fixture.hpp"

namespace cw::customers {
namespace {

class SessionsTest : public AccountsTest {
 protected:
  void SetUp() override { customer_id = accounts.register_customer(alice()).value().customer_id; }
  Id customer_id = 0;
};

INSTANTIATE_TEST_SUITE_P(Db, SessionsTest, cw::testing::kBothBackends, cw::testing::backend_name);

TEST_P(SessionsTest, LoginGivesATokenThatAuthenticatesTheCustomer) {
  auto session = accounts.login("alice", "correct horse battery");
  ASSERT_TRUE(session.has_value()) << session.error().message;
  EXPECT_EQ(session->token.size(), 43u);  // 32 bytes, base64url without padding
  EXPECT_EQ(session->token.find_first_not_of(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_EQ(session->role, Role::kCustomer);
  EXPECT_EQ(session->expires_at, kStart + std::chrono::seconds(3600));

  auto principal = accounts.authenticate(session->token);
  ASSERT_TRUE(principal.has_value());
  EXPECT_EQ(principal->username, "alice");
  EXPECT_EQ(principal->role, Role::kCustomer);
  EXPECT_EQ(principal->customer_id, customer_id);
  EXPECT_GT(principal->account_id, 0);
}

TEST_P(SessionsTest, UsernameIsCaseInsensitiveAtLogin) {
  EXPECT_TRUE(accounts.login("ALICE", "correct horse battery").has_value());
}

TEST_P(SessionsTest, EachLoginGetsItsOwnToken) {
  auto first = accounts.login("alice", "correct horse battery").value();
  auto second = accounts.login("alice", "correct horse battery").value();
  EXPECT_NE(first.token, second.token);
  EXPECT_EQ(count("sessions"), 2);
}

TEST_P(SessionsTest, WrongPasswordAndUnknownUserLookTheSame) {
  auto wrong_password = accounts.login("alice", "incorrect horse battery");
  auto unknown_user = accounts.login("bob", "correct horse battery");
  auto invalid_name = accounts.login("x' OR '1'='1", "correct horse battery");
  for (const auto* result : {&wrong_password, &unknown_user, &invalid_name}) {
    ASSERT_TRUE(fails_with(*result, ErrorKind::kUnauthenticated, "invalid_credentials"));
    EXPECT_EQ(result->error().message, wrong_password.error().message);
  }
  EXPECT_EQ(count("sessions"), 0);
}

TEST_P(SessionsTest, TokensAreStoredOnlyAsHashes) {
  auto session = accounts.login("alice", "correct horse battery").value();
  auto c = t->lease();
  auto rows = c->query("SELECT token_hash FROM sessions");
  ASSERT_TRUE(rows.next());
  const std::string stored = rows.text(0);
  EXPECT_EQ(stored.size(), 64u);
  EXPECT_EQ(stored.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(stored.find(session.token), std::string::npos);
  EXPECT_NE(stored, session.token);
  EXPECT_FALSE(rows.next());
  EXPECT_EQ(c->scalar("SELECT COUNT(*) FROM sessions WHERE token_hash = ?", session.token), 0);
  // The stored hash is no token either.
  EXPECT_TRUE(
      fails_with(accounts.authenticate(stored), ErrorKind::kUnauthenticated, "invalid_token"));
}

TEST_P(SessionsTest, TokenExpiresAtTheExactInstant) {
  auto session = accounts.login("alice", "correct horse battery").value();
  clock.set(session.expires_at - std::chrono::seconds(1));
  EXPECT_TRUE(accounts.authenticate(session.token).has_value());
  clock.set(session.expires_at);
  EXPECT_TRUE(fails_with(accounts.authenticate(session.token), ErrorKind::kUnauthenticated,
                         "invalid_token"));
}

TEST_P(SessionsTest, UnknownAndEmptyTokensAreRefused) {
  EXPECT_TRUE(fails_with(accounts.authenticate(""), ErrorKind::kUnauthenticated, "invalid_token"));
  EXPECT_TRUE(fails_with(accounts.authenticate("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
                         ErrorKind::kUnauthenticated, "invalid_token"));
  EXPECT_TRUE(fails_with(accounts.authenticate("' OR 1=1 --"), ErrorKind::kUnauthenticated,
                         "invalid_token"));
}

TEST_P(SessionsTest, LogoutEndsOnlyThatSession) {
  auto first = accounts.login("alice", "correct horse battery").value();
  auto second = accounts.login("alice", "correct horse battery").value();
  accounts.logout(first.token);
  EXPECT_TRUE(
      fails_with(accounts.authenticate(first.token), ErrorKind::kUnauthenticated, "invalid_token"));
  EXPECT_TRUE(accounts.authenticate(second.token).has_value());
  accounts.logout(first.token);  // already gone: no error
  accounts.logout("");
  EXPECT_EQ(count("sessions"), 1);
}

TEST_P(SessionsTest, ExpiredSessionsArePrunedAtTheNextLogin) {
  accounts.login("alice", "correct horse battery").value();
  clock.advance(std::chrono::seconds(3600));
  accounts.login("alice", "correct horse battery").value();
  EXPECT_EQ(count("sessions"), 1);
}

TEST_P(SessionsTest, TooManyFailuresThrottleEvenTheRightPassword) {
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(fails_with(accounts.login("alice", "wrong password!"), ErrorKind::kUnauthenticated,
                           "invalid_credentials"));
    clock.advance(std::chrono::seconds(10));
  }
  EXPECT_TRUE(fails_with(accounts.login("Alice", "correct horse battery"),
                         ErrorKind::kTooManyRequests, "too_many_attempts"));
  EXPECT_EQ(count("sessions"), 0);
  // The first failure (at kStart) leaves the 300 s window at kStart + 300.
  clock.set(kStart + std::chrono::seconds(299));
  EXPECT_TRUE(fails_with(accounts.login("alice", "correct horse battery"),
                         ErrorKind::kTooManyRequests, "too_many_attempts"));
  clock.set(kStart + std::chrono::seconds(300));
  EXPECT_TRUE(accounts.login("alice", "correct horse battery").has_value());
}

TEST_P(SessionsTest, ThrottledLoginSaysWhenToTryAgain) {
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(accounts.login("alice", "wrong password!").has_value());
    clock.advance(std::chrono::seconds(10));
  }
  // Failures at kStart, +10 s, +20 s; now +30 s: the first leaves the 300 s window at +300 s.
  auto throttled = accounts.login("alice", "correct horse battery");
  ASSERT_TRUE(fails_with(throttled, ErrorKind::kTooManyRequests, "too_many_attempts"));
  EXPECT_EQ(throttled.error().retry_after, 270);
  clock.set(kStart + std::chrono::seconds(299));
  EXPECT_EQ(accounts.login("alice", "correct horse battery").error().retry_after, 1);
}

TEST_P(SessionsTest, ParallelGuessesEachCountAsAFailure) {
  // Each guess costs one password verification (slow on purpose); before the count was taken in
  // the same write as the failure, all of a burst passed the check before any failure was
  // written, and the right password at the end of the burst still logged in.
  constexpr int kGuesses = 16;
  std::vector<std::thread> guessers;
  std::atomic<int> throttled{0}, rejected{0};
  for (int i = 0; i < kGuesses; ++i) {
    guessers.emplace_back([&] {
      auto result = accounts.login("alice", "wrong password!");
      if (!result && result.error().kind == ErrorKind::kTooManyRequests) ++throttled;
      if (!result && result.error().kind == ErrorKind::kUnauthenticated) ++rejected;
    });
  }
  for (auto& guesser : guessers) guesser.join();
  EXPECT_EQ(rejected.load(), 3);  // max_failed_logins in the test configuration
  EXPECT_EQ(throttled.load(), kGuesses - 3);
  EXPECT_EQ(count("login_failures"), 3);
  EXPECT_TRUE(fails_with(accounts.login("alice", "correct horse battery"),
                         ErrorKind::kTooManyRequests, "too_many_attempts"));
}

TEST_P(SessionsTest, ThrottledAttemptsDoNotExtendTheLockout) {
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(accounts.login("alice", "wrong password!"));
  for (int i = 0; i < 5; ++i)
    EXPECT_FALSE(accounts.login("alice", "wrong password!"));  // each a 429
  EXPECT_EQ(count("login_failures"), 3);
}

TEST_P(SessionsTest, SuccessfulLoginClearsFailures) {
  EXPECT_FALSE(accounts.login("alice", "wrong password!"));
  EXPECT_FALSE(accounts.login("alice", "wrong password!"));
  ASSERT_TRUE(accounts.login("alice", "correct horse battery").has_value());
  EXPECT_EQ(count("login_failures"), 0);
  EXPECT_FALSE(accounts.login("alice", "wrong password!"));
  EXPECT_FALSE(accounts.login("alice", "wrong password!"));
  EXPECT_TRUE(accounts.login("alice", "correct horse battery").has_value());
}

TEST_P(SessionsTest, UnknownUsernamesAreThrottledLikeKnownOnes) {
  for (int i = 0; i < 3; ++i)
    EXPECT_TRUE(fails_with(accounts.login("Nobody", "whatever it is"), ErrorKind::kUnauthenticated,
                           "invalid_credentials"));
  EXPECT_TRUE(fails_with(accounts.login("nobody", "whatever it is"), ErrorKind::kTooManyRequests,
                         "too_many_attempts"));
  // Another username is not affected.
  EXPECT_TRUE(accounts.login("alice", "correct horse battery").has_value());
}

}  // namespace
}  // namespace cw::customers
