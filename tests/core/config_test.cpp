#include "core/config.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "support/temp_dir.hpp"

namespace cw {
namespace {

TEST(Config, DefaultsMatchTheContract) {
  auto c = load_config("", {}).value();
  EXPECT_EQ(c.port, 8080);
  EXPECT_EQ(c.bind, "127.0.0.1");
  EXPECT_EQ(c.database, "./cartwise.db");
  EXPECT_EQ(c.durability, Durability::kFull);
  EXPECT_EQ(c.max_body_bytes, 1 << 20);
  EXPECT_EQ(c.password_cost, "interactive");
}

TEST(Config, FlagBeatsEnvironmentBeatsFile) {
  testing::TempDir dir;
  const auto file = dir.file("cartwise.toml");
  std::ofstream(file) << "port = 9000\ncurrency = \"EUR\"\ndurability = \"normal\"\n"
                         "shipping_fee = \"3.95\"\n";
  ::setenv("CARTWISE_PORT", "9100", 1);
  ::setenv("CARTWISE_CURRENCY", "USD", 1);
  auto c = load_config(file, {{"port", "9200"}}).value();
  ::unsetenv("CARTWISE_PORT");
  ::unsetenv("CARTWISE_CURRENCY");
  EXPECT_EQ(c.port, 9200);
  EXPECT_EQ(c.currency, "USD");
  EXPECT_EQ(c.durability, Durability::kNormal);
  EXPECT_EQ(c.shipping_fee, 395);
}

TEST(Config, BadValuesNameTheKey) {
  auto r = load_config("", {{"port", "eighty"}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "port");
  EXPECT_NE(r.error().message.find("'eighty'"), std::string::npos);
  auto unknown = load_config("", {{"colour", "blue"}});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, "unknown_config");
}

TEST(Config, RewardThresholdsAreFiveAscendingAmounts) {
  auto c = load_config("", {{"reward_thresholds", "100,200.50,300,400,500"}}).value();
  EXPECT_EQ(c.reward_thresholds, (std::array<Minor, 5>{10000, 20050, 30000, 40000, 50000}));
  EXPECT_EQ(load_config("", {}).value().reward_thresholds[4], 125000);
  for (const char* bad : {"100,200,300,400", "100,200,300,400,500,600", "500,400,300,200,100",
                          "100,200,,400,500", "100,200,300,400,500,"}) {
    auto r = load_config("", {{"reward_thresholds", bad}});
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().field, "reward_thresholds") << bad;
  }
}

TEST(Config, OffersAliveThresholdIsAFractionFromTheFileOrAFlag) {
  EXPECT_EQ(load_config("", {}).value().offers_alive_threshold, 0.9);
  testing::TempDir dir;
  const auto file = dir.file("cartwise.toml");
  std::ofstream(file) << "offers_alive_threshold = 0.75\n";
  EXPECT_EQ(load_config(file, {}).value().offers_alive_threshold, 0.75);
  EXPECT_EQ(load_config("", {{"offers_alive_threshold", "1"}}).value().offers_alive_threshold, 1);
  for (const char* bad : {"0", "1.5", "-0.2", "high", "0.5x"}) {
    auto r = load_config("", {{"offers_alive_threshold", bad}});
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().field, "offers_alive_threshold") << bad;
  }
}

TEST(Config, SnapshotIntervalIsWholeDays) {
  EXPECT_EQ(load_config("", {}).value().snapshot_interval_days, 15);
  EXPECT_EQ(load_config("", {{"snapshot_interval_days", "7"}}).value().snapshot_interval_days, 7);
  for (const char* bad : {"0", "-1", "3651", "weekly"}) {
    auto r = load_config("", {{"snapshot_interval_days", bad}});
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().field, "snapshot_interval_days") << bad;
  }
}

TEST(Config, GroupCommitMaxIsAtLeastOne) {
  EXPECT_EQ(load_config("", {}).value().group_commit_max, 64);
  EXPECT_EQ(load_config("", {{"group_commit_max", "1"}}).value().group_commit_max, 1);
  for (const char* bad : {"0", "-3", "10001", "many"}) {
    auto r = load_config("", {{"group_commit_max", bad}});
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().field, "group_commit_max") << bad;
  }
}

TEST(Config, BrokenTomlFileIsAnError) {
  testing::TempDir dir;
  const auto file = dir.file("bad.toml");
  std::ofstream(file) << "port = = 1\n";
  auto r = load_config(file, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "invalid_config");
  EXPECT_FALSE(load_config(dir.file("missing.toml"), {}));
}

}  // namespace
}  // namespace cw
