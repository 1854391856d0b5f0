// End-to-end rfm on an `orders` file, as the CLI will run it: load (two threads), score, and write
// the full per-customer CSV to stdout.
//   bench_reports_rfm FILE [AS_OF [THREADS]]   (AS_OF defaults to 2025-01-01, THREADS to 2)
// With BENCH_PHASES set, prints the wall time of loading + scoring and of rendering to stderr.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "core/time.hpp"
#include "reports/render.hpp"
#include "reports/reports.hpp"

int main(int argc, char** argv) {
  if (argc < 2 || argc > 4) {
    std::fprintf(stderr, "usage: %s FILE [AS_OF [THREADS]]\n", argv[0]);
    return 2;
  }
  auto as_of = cw::parse_date(argc > 2 ? argv[2] : "2025-01-01");
  if (!as_of) {
    std::fprintf(stderr, "%s\n", as_of.error().message.c_str());
    return 2;
  }
  cw::reports::ReportOptions options;
  options.as_of_day = static_cast<std::int32_t>(cw::day_number(*as_of));
  if (argc > 3) options.threads = std::atoi(argv[3]);
  const auto start = std::chrono::steady_clock::now();
  auto table = cw::reports::run_report(
      "rfm", cw::reports::ReportInput{argv[1], cw::reports::InputFormat::kOrders}, options,
      cw::SystemClock{});
  if (!table) {
    std::fprintf(stderr, "error: %s\n", table.error().message.c_str());
    return 1;
  }
  const auto computed = std::chrono::steady_clock::now();
  std::ios::sync_with_stdio(false);
  cw::reports::render(*table, cw::reports::Format::kCsv, std::cout);
  std::cout.flush();
  if (std::getenv("BENCH_PHASES")) {
    const auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
    std::fprintf(stderr, "load+score %.0f ms, render %.0f ms\n", ms(computed - start),
                 ms(std::chrono::steady_clock::now() - computed));
  }
  return std::cout ? 0 : 1;
}
