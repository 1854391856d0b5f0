#pragma once
// A read-only memory map of a whole input file. Parsing reads straight from the mapping, so a huge
// file (or a huge single line) costs address space and page cache, never heap.

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace cw::reports {

class MappedFile {
 public:
  // Maps `path` read-only. A missing or unreadable file, or one that is not a regular file, is a
  // kBadRequest error with code "input_unreadable". A zero-byte file maps to an empty view.
  static Result<MappedFile> open(const std::string& path);

  MappedFile() = default;
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::string_view bytes() const { return {data_, size_}; }

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

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
