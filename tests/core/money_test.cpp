#include "core/money.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "core/money_format.hpp"

namespace cw {
namespace {

TEST(Money, FormatsMinorUnitsAsMajorDecimal) {
  EXPECT_EQ(format_money(8999), "89.99");
  EXPECT_EQ(format_money(5), "0.05");
  EXPECT_EQ(format_money(-5), "-0.05");
  EXPECT_EQ(format_money(0), "0.00");
  EXPECT_EQ(format_money(123456, 0), "123456");
  EXPECT_EQ(format_money(-123450, 3), "-123.450");
  EXPECT_EQ(format_money(std::numeric_limits<Minor>::min()), "-92233720368547758.08");
}

TEST(Money, FormatsIntoABufferWithoutAllocating) {
  char buf[32];
  char* end = format_money_to(buf, -5, 2);
  EXPECT_EQ(std::string(buf, end), "-0.05");
  end = format_money_to(buf, std::numeric_limits<Minor>::max(), 6);
  EXPECT_EQ(std::string(buf, end), "9223372036854.775807");
}

TEST(Money, ParsesDecimalStrings) {
  EXPECT_EQ(parse_money("89.99").value(), 8999);
  EXPECT_EQ(parse_money("89.9").value(), 8990);
  EXPECT_EQ(parse_money("89").value(), 8900);
  EXPECT_EQ(parse_money("-3.50").value(), -350);
  EXPECT_EQ(parse_money(".5").value(), 50);
}

TEST(Money, RejectsWhatIsNotAnAmount) {
  for (const char* bad : {"", "-", "1.234", "1e5", "1,000", "abc", "1.2.3", ".", "12 "}) {
    auto r = parse_money(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, "invalid_amount") << bad;
  }
  EXPECT_FALSE(parse_money("1234567890123456"));  // 16 integer digits would overflow later
}

TEST(Money, RoundedParseRoundsHalfAwayFromZero) {
  EXPECT_EQ(parse_money_rounded("12.345").value(), 1235);
  EXPECT_EQ(parse_money_rounded("12.3449").value(), 1234);
  EXPECT_EQ(parse_money_rounded("-12.345").value(), -1235);
  EXPECT_EQ(parse_money_rounded("2.55").value(), 255);
}

TEST(Money, MulDivRoundsHalfUp) {
  EXPECT_EQ(mul_div_round(999, 10, 100), 100);  // 99.9 -> 100
  EXPECT_EQ(mul_div_round(995, 10, 100), 100);  // 99.5 -> 100
  EXPECT_EQ(mul_div_round(994, 10, 100), 99);
  EXPECT_EQ(mul_div_round(-995, 10, 100), -100);
  EXPECT_EQ(mul_div_round(1, 1, 3), 0);
  EXPECT_EQ(mul_div_round(2, 1, 3), 1);
  EXPECT_EQ(mul_div_round(INT64_MAX / 2, 2, 2), INT64_MAX / 2);  // no intermediate overflow
}

}  // namespace
}  // namespace cw
