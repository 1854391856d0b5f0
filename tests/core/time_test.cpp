#include "core/time.hpp"

#include <gtest/gtest.h>

namespace cw {
namespace {

using namespace std::chrono;

TEST(Time, FormatsRfc3339InUtc) {
  EXPECT_EQ(format_timestamp(from_unix(0)), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_timestamp(from_unix(1795456086)), "2026-11-23T17:48:06Z");
  EXPECT_EQ(format_date(sys_days{2024y / February / 29}), "2024-02-29");
}

TEST(Time, ParsesTimestampsWithAndWithoutOffsets) {
  EXPECT_EQ(to_unix(parse_timestamp("2026-11-23T17:48:06Z").value()), 1795456086);
  EXPECT_EQ(to_unix(parse_timestamp("2026-11-23 17:48:06").value()), 1795456086);
  EXPECT_EQ(to_unix(parse_timestamp("2026-11-23T17:48:06.123Z").value()), 1795456086);
  EXPECT_EQ(to_unix(parse_timestamp("2026-11-23T18:48:06+01:00").value()), 1795456086);
  EXPECT_EQ(to_unix(parse_timestamp("2026-11-23T16:18:06-01:30").value()), 1795456086);
}

TEST(Time, RejectsImpossibleDates) {
  for (const char* bad :
       {"2023-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "26-01-01", "2026-01-01x", ""}) {
    auto r = parse_date(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, "invalid_date");
  }
  for (const char* bad : {"2026-11-23T24:00:00Z", "2026-11-23T17:48Z", "2026-11-23T17:48:06+1",
                          "2026-11-23X17:48:06Z", "2026-11-23T17:48:06Zjunk"}) {
    EXPECT_FALSE(parse_timestamp(bad)) << bad;
  }
}

TEST(Time, DateOrTimestamp) {
  EXPECT_EQ(format_timestamp(parse_date_or_timestamp("2026-03-01").value()),
            "2026-03-01T00:00:00Z");
  EXPECT_EQ(format_timestamp(parse_date_or_timestamp("2026-03-01T10:00:00Z").value()),
            "2026-03-01T10:00:00Z");
}

TEST(Time, AgeCountsWholeYears) {
  const Date birth = sys_days{2000y / March / 15};
  EXPECT_EQ(years_between(birth, sys_days{2026y / March / 14}), 25);
  EXPECT_EQ(years_between(birth, sys_days{2026y / March / 15}), 26);
}

}  // namespace
}  // namespace cw
