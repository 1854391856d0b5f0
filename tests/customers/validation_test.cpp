// Every input rule of registration: the error kind, code and field, and that nothing is written.
#include <gtest/gtest.h>

#include "accounts_fixture.hpp"

namespace cw::customers {
namespace {

using ValidationTest = AccountsTest;

INSTANTIATE_TEST_SUITE_P(Db, ValidationTest, cw::testing::kBothBackends, cw::testing::backend_name);

TEST_P(ValidationTest, EmptyUsernameSaysItIsEmpty) {
  Registration r = alice();
  r.username = "";
  auto result = accounts.register_customer(r);
  ASSERT_TRUE(fails_with(result, ErrorKind::kUnprocessable, "invalid_username", "username"));
  EXPECT_NE(result.error().message.find("empty"), std::string::npos) << result.error().message;
}

TEST_P(ValidationTest, MalformedUsernamesAreRefused) {
  for (const char* name : {"ab", "abcdefghijklmnopqrstuvwxyz0123456", "_abc", ".abc", "-abc",
                           "ab c", "abc!", "j\xC3\xBCrgen", "abc'--", " abc", "a/b/c"}) {
    SCOPED_TRACE(name);
    Registration r = alice();
    r.username = name;
    EXPECT_TRUE(fails_with(accounts.register_customer(r), ErrorKind::kUnprocessable,
                           "invalid_username", "username"));
  }
  EXPECT_EQ(total_rows(), 0);
}

TEST_P(ValidationTest, UsernamesAreLowerCasedAndMayUseDotsUnderscoresHyphens) {
  EXPECT_EQ(normalize_username("Alice.Smith_1-X").value(), "alice.smith_1-x");
  EXPECT_EQ(normalize_username("abc").value(), "abc");
  EXPECT_EQ(normalize_username("9" + std::string(31, 'z')).value(), "9" + std::string(31, 'z'));
  Registration r = alice();
  r.username = "Alice.Smith_1-X";
  EXPECT_EQ(accounts.register_customer(r).value().username, "alice.smith_1-x");
}

TEST_P(ValidationTest, PasswordsNeedTenCodePointsNotBytes) {
  Registration r = alice();
  r.password = "123456789";
  EXPECT_TRUE(fails_with(accounts.register_customer(r), ErrorKind::kUnprocessable, "weak_password",
                         "password"));
  std::string nine_e_acute;
  for (int i = 0; i < 9; ++i) nine_e_acute += "\xC3\xA9";  // 18 bytes, 9 code points
  r.password = nine_e_acute;
  EXPECT_TRUE(fails_with(accounts.register_customer(r), ErrorKind::kUnprocessable, "weak_password",
                         "password"));
  EXPECT_EQ(total_rows(), 0);
  r.password = nine_e_acute + "\xC3\xA9";
  EXPECT_TRUE(accounts.register_customer(r).has_value());
}

TEST_P(ValidationTest, MalformedEmailsAreRefused) {
  for (const char* email :
       {"", "plain", "a@b", "a@@b.com", "a b@c.com", "@b.com", "a@.com", "a@b..com", "a..b@c.com",
        ".a@b.com", "a@-b.com", "a@b.com.", "a\"b@c.com", "a@b_c.com"}) {
    SCOPED_TRACE(email);
    Registration r = alice();
    r.email = email;
    EXPECT_TRUE(fails_with(accounts.register_customer(r), ErrorKind::kUnprocessable,
                           "invalid_email", "email"));
  }
  EXPECT_EQ(total_rows(), 0);
}

TEST_P(ValidationTest, MissingNamesNameTheirField) {
  Registration r = alice();
  r.first_name = "   ";
  EXPECT_TRUE(fails_with(accounts.register_customer(r), ErrorKind::kUnprocessable, "missing_field",
                         "first_name"));
  r = alice();
  r.last_name = "";
  EXPECT_TRUE(fails_with(accounts.register_customer(r), ErrorKind::kUnprocessable, "missing_field",
                         "last_name"));
  r = alice();
  r.first_name = std::string(101, 'x');
  EXPECT_TRUE(fails_with(accounts.register_customer(r), ErrorKind::kUnprocessable, "too_long",
                         "first_name"));
  EXPECT_EQ(total_rows(), 0);
}

TEST_P(ValidationTest, AnAddressNeedsLine1CityPostcodeAndCountry) {
  const Address full{"1 High Street", std::nullopt, "Leeds", "LS1 1AA", "GB"};
  const std::pair<std::string Address::*, const char*> required[] = {
      {&Address::line1, "address.line1"},
      {&Address::city, "address.city"},
      {&Address::postcode, "address.postcode"},
      {&Address::country, "address.country"}};
  for (const auto& [member, field] : required) {
    SCOPED_TRACE(field);
    Registration r = alice();
    r.address = full;
    (*r.address).*member = " ";
    EXPECT_TRUE(fails_with(accounts.register_customer(r), ErrorKind::kUnprocessable,
                           "missing_field", field));
  }
  EXPECT_EQ(total_rows(), 0);
}

TEST_P(ValidationTest, AnAddressIsOptional) {
  Registration r = alice();
  r.address.reset();
  auto profile = accounts.register_customer(r);
  ASSERT_TRUE(profile.has_value());
  EXPECT_FALSE(profile->address.has_value());
  EXPECT_EQ(count("addresses"), 0);
}

TEST_P(ValidationTest, DateOfBirthMustBeARealDateNotInTheFuture) {
  for (const char* date :
       {"2000-02-30", "2000/01/01", "01-01-2000", "tomorrow", "2000-13-01", "2026-01-02"}) {
    SCOPED_TRACE(date);
    Registration r = alice();
    r.date_of_birth = date;
    EXPECT_TRUE(fails_with(accounts.register_customer(r), ErrorKind::kUnprocessable, "invalid_date",
                           "date_of_birth"));
  }
  EXPECT_EQ(total_rows(), 0);
  Registration r = alice();
  r.date_of_birth = "2026-01-01";  // today is allowed
  EXPECT_EQ(accounts.register_customer(r).value().date_of_birth, "2026-01-01");
}

TEST_P(ValidationTest, OverlongOptionalFieldsNameTheirField) {
  Registration r = alice();
  r.phone = std::string(41, '1');
  EXPECT_TRUE(
      fails_with(accounts.register_customer(r), ErrorKind::kUnprocessable, "too_long", "phone"));
  r = alice();
  r.address->line2 = std::string(201, 'x');
  EXPECT_TRUE(fails_with(accounts.register_customer(r), ErrorKind::kUnprocessable, "too_long",
                         "address.line2"));
  EXPECT_EQ(total_rows(), 0);
}

TEST(Roles, NamesRoundTripAndParseIgnoresCase) {
  for (Role role : {Role::kCustomer, Role::kWarehouse, Role::kAnalyst, Role::kAdmin})
    EXPECT_EQ(parse_role(role_name(role)), role);
  EXPECT_EQ(role_name(Role::kWarehouse), "warehouse");
  EXPECT_EQ(parse_role("Admin"), Role::kAdmin);
  EXPECT_FALSE(parse_role("root").has_value());
  EXPECT_FALSE(parse_role("").has_value());
}

}  // namespace
}  // namespace cw::customers
