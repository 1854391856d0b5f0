#pragma once
#include <cstdint>

namespace cw {
// Row ids of every table. 64-bit, positive.
using Id = std::int64_t;
}  // namespace cw
