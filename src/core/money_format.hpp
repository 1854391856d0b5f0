#pragma once
// format_money (core/money.hpp) without allocating: the text is written into the caller's buffer.
// For renderers that write millions of values; kept apart from money.hpp so that its many
// includers do not carry it.

#include <cstdint>
#include <cstring>

#include "core/money.hpp"

namespace cw {

// format_money's text written at `out`, which has room for 22 + decimals chars; answers its end.
inline char* format_money_to(char* out, Minor amount, int decimals) {
  // Built right to left in a buffer (room for a sign, 20 digits, the point and 40 decimals).
  char buf[64];
  char* p = buf + sizeof buf;
  const bool negative = amount < 0;
  // Unsigned arithmetic so that INT64_MIN formats too.
  std::uint64_t magnitude =
      negative ? 0 - static_cast<std::uint64_t>(amount) : static_cast<std::uint64_t>(amount);
  for (int i = 0; i < decimals; ++i) {
    *--p = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  }
  if (decimals > 0) *--p = '.';
  do {
    *--p = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  if (negative) *--p = '-';
  const auto length = static_cast<std::size_t>(buf + sizeof buf - p);
  std::memcpy(out, p, length);
  return out + length;
}

}  // namespace cw
