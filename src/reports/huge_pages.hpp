#pragma once
// Transparent huge pages for the engine's large columns.

#ifndef CW_INTERNAL_REPORTS
#error "reports/huge_pages.hpp is internal to cw_reports (src/README.md, Boundaries)"
#endif

#include <cstddef>

namespace cw::reports {

// Asks the kernel to back the 2 MiB-aligned part of [data, data + bytes) with transparent huge
// pages, before it is first written: one fault and one 2 MiB clear instead of 512 small faults.
// For large buffers (the engine's per-customer columns) that are about to be filled; a hint only,
// ignored where unsupported.
void prefer_huge_pages(const void* data, std::size_t bytes);

// prefer_huge_pages() over a vector's reserved capacity; call right after reserve().
template <typename Vector>
void prefer_huge_pages_for(const Vector& v) {
  prefer_huge_pages(v.data(), v.capacity() * sizeof(typename Vector::value_type));
}

}  // namespace cw::reports
