// Writes the benchmark's `orders` file: N orders (default 10,000,000) of C customers (default
// 1,000,000), order ids ascending, dates ascending over 2019-2024, amounts 1.00-500.00. Fully
// deterministic (fixed seed), about 330 MB for the defaults.
//   bench_reports_generate FILE [ORDERS] [CUSTOMERS]
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "csv/field_parsers.hpp"
#include "reports/facts.hpp"

namespace {

// SplitMix64: tiny, fast and reproducible on every platform.
std::uint64_t next_random(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE [ORDERS] [CUSTOMERS]\n", argv[0]);
    return 2;
  }
  const std::int64_t orders = argc > 2 ? std::atoll(argv[2]) : 10'000'000;
  const std::int64_t customers = argc > 3 ? std::atoll(argv[3]) : 1'000'000;
  std::FILE* out = std::fopen(argv[1], "wb");
  if (!out) {
    std::perror(argv[1]);
    return 1;
  }
  static char buffer[1 << 20];
  std::setvbuf(out, buffer, _IOFBF, sizeof buffer);
  std::fputs("order_id,customer_id,order_date,amount\n", out);
  const std::int32_t first_day = *cw::civil_day(2019, 1, 1);
  const std::int32_t days = *cw::civil_day(2024, 12, 31) - first_day + 1;
  std::uint64_t state = 20240630;
  for (std::int64_t i = 1; i <= orders; ++i) {
    const std::uint64_t r = next_random(state);
    const std::int64_t customer =
        static_cast<std::int64_t>(r % static_cast<std::uint64_t>(customers)) + 1;
    const auto day = static_cast<std::int32_t>(first_day + (i - 1) * days / orders);
    const std::int64_t cents = 100 + static_cast<std::int64_t>((r >> 32) % 49901);
    const cw::Civil c = cw::civil_of(day);
    std::fprintf(out, "%lld,%lld,%04d-%02d-%02d,%lld.%02lld\n", static_cast<long long>(i),
                 static_cast<long long>(customer), c.year, c.month, c.day,
                 static_cast<long long>(cents / 100), static_cast<long long>(cents % 100));
  }
  return std::fclose(out) == 0 ? 0 : 1;
}
