#pragma once
// Splits a loop over rows between two threads when it is large enough to pay for a thread
// (the machines Cartwise targets have two cores).

#ifndef CW_INTERNAL_CLV
#error "clv/parallel.hpp is internal to cw_clv (src/README.md, Boundaries)"
#endif

#include <cstddef>
#include <thread>

namespace cw::clv::detail {

inline constexpr std::size_t kParallelRows = 50'000;

// Calls body(begin, end, part) for part 0 and 1 over halves of [0, n), the second on another
// thread, or body(0, n, 0) alone for small n.
template <typename Body>
void split_rows(std::size_t n, Body&& body) {
  if (n < kParallelRows) {
    body(std::size_t{0}, n, 0);
    return;
  }
  const std::size_t half = n / 2;
  std::thread other([&] { body(half, n, 1); });
  body(std::size_t{0}, half, 0);
  other.join();
}

}  // namespace cw::clv::detail
