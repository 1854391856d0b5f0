#pragma once
// A read-only memory map of a whole input file. Parsing reads straight from the mapping, so a huge
// file (or a huge single line) costs address space and page cache, never heap.

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace cw::csv {

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

}  // namespace cw::csv
