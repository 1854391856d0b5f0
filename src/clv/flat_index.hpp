#pragma once
// A small open-addressing hash from 64-bit keys to dense indices 0, 1, 2, ... in order of first
// appearance: the distinct values of a column (times, frequencies, key pairs) without the
// allocation per entry of std::unordered_map, for million-row inputs.

#ifndef CW_INTERNAL_CLV
#error "clv/flat_index.hpp is internal to cw_clv (src/README.md, Boundaries)"
#endif

#include <bit>
#include <cstdint>
#include <cstring>
#include <vector>

namespace cw::clv::detail {

class FlatIndex {
 public:
  explicit FlatIndex(std::size_t expected) {
    const std::size_t capacity = std::bit_ceil(2 * expected + 16);
    keys_.resize(capacity);
    slots_.assign(capacity, kEmpty);
    mask_ = capacity - 1;
  }

  // The index of `key`, adding it when new.
  std::uint32_t index(std::uint64_t key) {
    std::size_t at = mix(key) & mask_;
    while (slots_[at] != kEmpty) {
      if (keys_[at] == key) return slots_[at];
      at = (at + 1) & mask_;
    }
    if (2 * (size_ + 1) > keys_.size()) {
      grow();
      return index(key);
    }
    keys_[at] = key;
    slots_[at] = static_cast<std::uint32_t>(size_);
    return static_cast<std::uint32_t>(size_++);
  }
  std::size_t size() const { return size_; }

  static std::uint64_t bits(double v) {
    v += 0.0;  // -0.0 and 0.0 are one key
    std::uint64_t b;
    std::memcpy(&b, &v, sizeof b);
    return b;
  }

 private:
  static constexpr std::uint32_t kEmpty = UINT32_MAX;
  static std::size_t mix(std::uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    return static_cast<std::size_t>(k);
  }
  void grow() {
    std::vector<std::uint64_t> keys(keys_.size() * 2);
    std::vector<std::uint32_t> slots(keys_.size() * 2, kEmpty);
    const std::size_t mask = keys.size() - 1;
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      if (slots_[i] == kEmpty) continue;
      std::size_t at = mix(keys_[i]) & mask;
      while (slots[at] != kEmpty) at = (at + 1) & mask;
      keys[at] = keys_[i];
      slots[at] = slots_[i];
    }
    keys_.swap(keys);
    slots_.swap(slots);
    mask_ = mask;
  }

  std::vector<std::uint64_t> keys_;
  std::vector<std::uint32_t> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace cw::clv::detail
