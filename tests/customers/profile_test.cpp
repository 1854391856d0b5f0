// Reading and updating profiles; SQL metacharacters stored literally.
#include <gtest/gtest.h>

#include "accounts_fixture.hpp"

namespace cw::customers {
namespace {

class ProfileTest : public AccountsTest {
 protected:
  void SetUp() override {
    Registration r = alice();
    r.phone = "0113 000 0000";
    r.occupation = "Engineer";
    id = accounts.register_customer(r).value().customer_id;
  }
  Id id = 0;
};

INSTANTIATE_TEST_SUITE_P(Db, ProfileTest, cw::testing::kBothBackends, cw::testing::backend_name);

TEST_P(ProfileTest, ReadsByIdAndByUsername) {
  auto by_id = accounts.profile(id);
  ASSERT_TRUE(by_id.has_value());
  EXPECT_EQ(by_id->username, "alice");
  auto by_name = accounts.profile_by_username("ALICE");
  ASSERT_TRUE(by_name.has_value());
  EXPECT_EQ(by_name->customer_id, id);
  EXPECT_EQ(by_name->email, "Alice@Example.com");
  EXPECT_EQ(accounts.default_address(id)->city, "Leeds");
}

TEST_P(ProfileTest, UnknownCustomersAndStaffHaveNoProfile) {
  EXPECT_TRUE(fails_with(accounts.profile(id + 1), ErrorKind::kNotFound, "not_found"));
  EXPECT_TRUE(fails_with(accounts.profile_by_username("bob"), ErrorKind::kNotFound, "not_found"));
  EXPECT_TRUE(fails_with(accounts.profile_by_username(""), ErrorKind::kNotFound, "not_found"));
  ASSERT_TRUE(accounts.add_staff("clerk", "staff password 1", Role::kWarehouse).has_value());
  EXPECT_TRUE(fails_with(accounts.profile_by_username("clerk"), ErrorKind::kNotFound, "not_found"));
  EXPECT_FALSE(accounts.default_address(id + 1).has_value());
}

TEST_P(ProfileTest, UpdateChangesOnlyTheFieldsGiven) {
  ProfileUpdate u;
  u.first_name = "Alicia";
  u.phone = "";  // clears it
  u.gender = "female";
  u.date_of_birth = "1985-12-31";
  auto updated = accounts.update_profile(id, u);
  ASSERT_TRUE(updated.has_value()) << updated.error().message;
  EXPECT_EQ(updated->first_name, "Alicia");
  EXPECT_EQ(updated->last_name, "Smith");
  EXPECT_EQ(updated->email, "Alice@Example.com");
  EXPECT_FALSE(updated->phone.has_value());
  EXPECT_EQ(updated->gender, "female");
  EXPECT_EQ(updated->date_of_birth, "1985-12-31");
  EXPECT_EQ(updated->occupation, "Engineer");
  EXPECT_EQ(updated->address->line1, "1 High Street");
  auto reread = accounts.profile(id).value();
  EXPECT_EQ(reread.first_name, "Alicia");
  EXPECT_FALSE(reread.phone.has_value());
}

TEST_P(ProfileTest, ANewAddressReplacesTheDefault) {
  ProfileUpdate u;
  u.address = Address{"2 Low Road", "Flat 3", "York", "YO1 7HH", "GB"};
  ASSERT_TRUE(accounts.update_profile(id, u).has_value());
  auto address = accounts.default_address(id);
  ASSERT_TRUE(address.has_value());
  EXPECT_EQ(address->line1, "2 Low Road");
  EXPECT_EQ(address->line2, "Flat 3");
  EXPECT_EQ(address->city, "York");
  EXPECT_EQ(address->postcode, "YO1 7HH");
  auto c = t->lease();
  EXPECT_EQ(
      c->scalar("SELECT COUNT(*) FROM addresses WHERE customer_id = ? AND is_default = 1", id), 1);
  EXPECT_EQ(accounts.profile(id)->address->city, "York");
}

TEST_P(ProfileTest, AnIncompleteAddressChangesNothing) {
  ProfileUpdate u;
  u.first_name = "Alicia";
  u.address = Address{"2 Low Road", std::nullopt, "", "YO1 7HH", "GB"};
  EXPECT_TRUE(fails_with(accounts.update_profile(id, u), ErrorKind::kUnprocessable, "missing_field",
                         "address.city"));
  auto profile = accounts.profile(id).value();
  EXPECT_EQ(profile.first_name, "Alice");
  EXPECT_EQ(profile.address->city, "Leeds");
}

TEST_P(ProfileTest, EmailStaysUniqueRegardlessOfCase) {
  Registration bob = alice();
  bob.username = "bob";
  bob.email = "bob@example.com";
  ASSERT_TRUE(accounts.register_customer(bob).has_value());
  ProfileUpdate u;
  u.email = "BOB@example.com";
  u.first_name = "Changed";
  EXPECT_TRUE(
      fails_with(accounts.update_profile(id, u), ErrorKind::kConflict, "email_taken", "email"));
  EXPECT_EQ(accounts.profile(id)->first_name, "Alice");
  u.email = "alice@example.com";  // her own address in another case is fine
  EXPECT_EQ(accounts.update_profile(id, u).value().email, "alice@example.com");
}

TEST_P(ProfileTest, UpdateAppliesTheRegistrationRules) {
  ProfileUpdate bad_email;
  bad_email.email = "not-an-email";
  EXPECT_TRUE(fails_with(accounts.update_profile(id, bad_email), ErrorKind::kUnprocessable,
                         "invalid_email", "email"));
  ProfileUpdate empty_name;
  empty_name.last_name = " ";
  EXPECT_TRUE(fails_with(accounts.update_profile(id, empty_name), ErrorKind::kUnprocessable,
                         "missing_field", "last_name"));
  ProfileUpdate weak;
  weak.password = "short";
  EXPECT_TRUE(fails_with(accounts.update_profile(id, weak), ErrorKind::kUnprocessable,
                         "weak_password", "password"));
  ProfileUpdate future;
  future.date_of_birth = "2030-01-01";
  EXPECT_TRUE(fails_with(accounts.update_profile(id, future), ErrorKind::kUnprocessable,
                         "invalid_date", "date_of_birth"));
  EXPECT_TRUE(accounts.login("alice", "correct horse battery").has_value());
  EXPECT_EQ(accounts.profile(id)->last_name, "Smith");
}

TEST_P(ProfileTest, UnknownCustomerCannotBeUpdated) {
  ProfileUpdate u;
  u.first_name = "Ghost";
  EXPECT_TRUE(fails_with(accounts.update_profile(id + 1, u), ErrorKind::kNotFound, "not_found"));
}

TEST_P(ProfileTest, PasswordChangeRehashesAndEndsSessions) {
  auto old_session = accounts.login("alice", "correct horse battery").value();
  ProfileUpdate u;
  u.password = "a brand new password";
  ASSERT_TRUE(accounts.update_profile(id, u).has_value());
  EXPECT_TRUE(fails_with(accounts.authenticate(old_session.token), ErrorKind::kUnauthenticated,
                         "invalid_token"));
  EXPECT_TRUE(fails_with(accounts.login("alice", "correct horse battery"),
                         ErrorKind::kUnauthenticated, "invalid_credentials"));
  EXPECT_TRUE(accounts.login("alice", "a brand new password").has_value());
}

TEST_P(ProfileTest, PasswordChangeKeepsTheCallersOwnSession) {
  auto mine = accounts.login("alice", "correct horse battery").value();
  auto other = accounts.login("alice", "correct horse battery").value();
  ProfileUpdate u;
  u.password = "a brand new password";
  ASSERT_TRUE(accounts.update_profile(id, u, mine.token).has_value());
  EXPECT_TRUE(accounts.authenticate(mine.token).has_value());
  EXPECT_TRUE(
      fails_with(accounts.authenticate(other.token), ErrorKind::kUnauthenticated, "invalid_token"));
}

TEST_P(ProfileTest, UpdatesWithoutPasswordKeepSessions) {
  auto session = accounts.login("alice", "correct horse battery").value();
  ProfileUpdate u;
  u.occupation = "Teacher";
  ASSERT_TRUE(accounts.update_profile(id, u).has_value());
  EXPECT_TRUE(accounts.authenticate(session.token).has_value());
}

INSTANTIATE_TEST_SUITE_P(Db, AccountsTest, cw::testing::kBothBackends, cw::testing::backend_name);

TEST_P(AccountsTest, SqlMetacharactersAreStoredLiterally) {
  const std::string nasty = "Robert'); DROP TABLE customers;-- \"%_\\ ; DELETE FROM accounts";
  Registration r = alice();
  r.username = "o.brien_x-1";
  r.email = "o'brien+x%_@example.com";
  r.password = "pw' OR '1'='1 -- " + nasty;
  r.first_name = nasty + " first";
  r.last_name = nasty + " last";
  r.phone = "0'); DROP TABLE x;--";
  r.gender = "g'\"";
  r.occupation = nasty + " occ";
  r.address = Address{nasty + " 1", nasty + " 2", nasty + " city", "P'1%", "G\"B"};
  auto registered = accounts.register_customer(r);
  ASSERT_TRUE(registered.has_value()) << registered.error().message;

  const auto check = [&](const Profile& p) {
    EXPECT_EQ(p.email, "o'brien+x%_@example.com");
    EXPECT_EQ(p.first_name, nasty + " first");
    EXPECT_EQ(p.last_name, nasty + " last");
    EXPECT_EQ(p.phone, "0'); DROP TABLE x;--");
    EXPECT_EQ(p.gender, "g'\"");
    EXPECT_EQ(p.occupation, nasty + " occ");
    EXPECT_EQ(p.address->line1, nasty + " 1");
    EXPECT_EQ(p.address->line2, nasty + " 2");
    EXPECT_EQ(p.address->city, nasty + " city");
    EXPECT_EQ(p.address->postcode, "P'1%");
    EXPECT_EQ(p.address->country, "G\"B");
  };
  check(*registered);
  check(accounts.profile(registered->customer_id).value());
  EXPECT_TRUE(accounts.login("o.brien_x-1", r.password).has_value());
  EXPECT_TRUE(fails_with(accounts.login("o.brien_x-1", "pw' OR '1'='1"),
                         ErrorKind::kUnauthenticated, "invalid_credentials"));

  // A LIKE-style wildcard in an e-mail matches nothing else.
  Registration other = alice();
  other.email = "o'brienAx%_@example.com";
  EXPECT_TRUE(accounts.register_customer(other).has_value());

  ProfileUpdate u;
  u.first_name = nasty + " again";
  u.address = Address{nasty, std::nullopt, nasty, "'", "\""};
  auto updated = accounts.update_profile(registered->customer_id, u);
  ASSERT_TRUE(updated.has_value()) << updated.error().message;
  EXPECT_EQ(updated->first_name, nasty + " again");
  EXPECT_EQ(updated->address->line1, nasty);
  EXPECT_EQ(updated->address->postcode, "'");
  EXPECT_EQ(count("customers"), 2);
  EXPECT_EQ(count("accounts"), 2);
}

}  // namespace
}  // namespace cw::customers
