#pragma once
// Folds orders into per-customer totals. Customer ids below a limit index a directly addressed
// array of 16-byte slots (no hashing); larger ids go to a hash map. The array is reserved once as
// zeroed virtual memory (pages appear only when touched) so that it never reallocates.
//
// Orders do not go to their slots one by one: with customers spread at random over an array far
// larger than the cache, every update would wait for memory. A parser appends them to an
// OrderBatch instead, which groups them by partition: a 64th of the array's cache lines (256 KiB
// for a million customers), which stays in the core's cache while its orders are folded in. The
// four slots of a cache line share a partition, and a partition holds one line of every 4 KiB,
// at a different offset in each, so that its lines use every cache set (a plain stride would map
// them all to a few sets and evict them). Distinct partitions touch distinct slots and distinct
// wide-map entries, so two threads can fold disjoint sets of partitions into one accumulator at
// the same time.

#ifndef CW_INTERNAL_REPORTS
#error "reports/customer_accumulator.hpp is internal to cw_reports (src/README.md, Boundaries)"
#endif

#include <array>
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "core/money.hpp"
#include "reports/facts.hpp"

namespace cw::reports {

class CustomerAccumulator;

// The partition of a customer id: bits 2-7 of the id, mixed with bits 8-13.
inline std::size_t partition_of(std::uint64_t id) {
  return ((id >> 2) ^ (id >> 8)) & 63;
}

// Orders waiting to be folded into a CustomerAccumulator, grouped by partition, each packed into
// 8 bytes; every partition has room for kPartitionCapacity orders. Orders that do not fit the
// packing (an id beyond the direct array or 2^32, a day outside the 16-bit range, an amount of
// 2^22 minor units or more) wait, unpacked, in a side list that CustomerAccumulator::add_side()
// folds in single-threaded.
class OrderBatch {
 public:
  static constexpr int kPartitions = 64;
  static constexpr std::size_t kPartitionCapacity = std::size_t{1} << 14;

  // `direct_limit`: that of the accumulator the batch feeds.
  explicit OrderBatch(std::int64_t direct_limit);
  OrderBatch(OrderBatch&&) noexcept = default;

  // Adds an order; true when its partition is now full: fold the batch in (and clear_packed())
  // before the next push.
  bool push(std::int64_t customer_id, std::int32_t day, Minor amount) {
    const auto offset = static_cast<std::uint64_t>(static_cast<std::uint32_t>(day - kBaseDay));
    const auto id = static_cast<std::uint64_t>(customer_id);
    const auto cents = static_cast<std::uint64_t>(amount);
    if (id < direct_limit_ && offset <= 0xFFFF && cents < (std::uint64_t{1} << kAmountBits))
        [[likely]] {
      const std::size_t p = partition_of(id);
      const std::uint64_t packed_id = ((id >> 8) << 2) | (id & 3);
      std::uint32_t& n = count_[p];
      orders_[p * kPartitionCapacity + n] = packed_id << 38 | offset << kAmountBits | cents;
      return ++n == kPartitionCapacity;
    }
    side_.push_back({customer_id, day, amount});
    return false;
  }

  // Packed orders waiting.
  std::size_t packed() const;
  // Forgets the packed orders (after they were folded in); the side list stays until add_side().
  void clear_packed() { count_.fill(0); }

 private:
  friend class CustomerAccumulator;
  static constexpr std::int32_t kBaseDay = -25567;  // 1900-01-01: offsets reach 2079-06-06
  static constexpr int kAmountBits = 22;
  struct Order {
    std::int64_t customer_id;
    std::int32_t day;
    Minor amount;
  };
  std::uint64_t direct_limit_;
  std::unique_ptr<std::uint64_t[]> orders_;  // kPartitions x kPartitionCapacity
  std::array<std::uint32_t, kPartitions> count_{};
  std::vector<Order> side_;
};

class CustomerAccumulator {
 public:
  // Ids in [0, min(direct_limit, 2^32)) are stored in the directly indexed array.
  explicit CustomerAccumulator(std::int64_t direct_limit);
  ~CustomerAccumulator();
  CustomerAccumulator(CustomerAccumulator&& other) noexcept;
  CustomerAccumulator& operator=(CustomerAccumulator&&) = delete;
  CustomerAccumulator(const CustomerAccumulator&) = delete;
  CustomerAccumulator& operator=(const CustomerAccumulator&) = delete;

  // What an OrderBatch feeding this accumulator needs to know.
  std::int64_t direct_limit() const { return static_cast<std::int64_t>(capacity_); }

  // Folds in one order. Not thread-safe.
  void add(std::int64_t customer_id, std::int32_t day, Minor amount);
  // Folds in the packed orders of `partition` from `batch`. Calls for distinct partitions may run
  // concurrently, as long as nothing else touches the accumulator meanwhile.
  void add_partition(const OrderBatch& batch, int partition);
  // Folds in every order of the batch and empties it. Not thread-safe.
  void add_all(OrderBatch& batch);
  // Folds in (and empties) the batch's side list. Not thread-safe.
  void add_side(OrderBatch& batch);

  // The facts table, ascending by customer id.
  CustomerFacts build() const;

  // Row of each customer id in build()'s table: call after build(), on the same accumulator.
  class RowIndex {
   public:
    std::int32_t operator()(std::int64_t customer_id) const;

   private:
    friend class CustomerAccumulator;
    std::vector<std::int32_t> direct_;
    std::unordered_map<std::int64_t, std::int32_t> other_;
  };
  RowIndex row_index() const;

 private:
  // Days are stored in the hot array as 16-bit offsets from kBaseDay (1900-01-01 to 2079-06-06)
  // so that a slot is 16 bytes: four per cache line, none straddling two. A customer with a day
  // outside that range, or too many orders for 32 bits, moves to the wide map (`kMoved`).
  static constexpr std::int32_t kBaseDay = -25567;  // 1900-01-01
  static constexpr std::uint32_t kMoved = 0xFFFFFFFF;
  struct Slot {
    Minor revenue;
    std::uint32_t orders;  // 0: no order yet (the zeroed state); kMoved: see wide_
    std::uint16_t first;
    std::uint16_t last;
  };
  static_assert(sizeof(Slot) == 16);
  struct Totals {
    Minor revenue = 0;
    std::int32_t first = 0;
    std::int32_t last = 0;
    std::int64_t orders = 0;
  };
  // Ids of the direct range keep their wide entries in the map of their partition (so that
  // threads folding distinct partitions never share a map); larger ids in the last map.
  static constexpr int kMaps = OrderBatch::kPartitions + 1;
  std::size_t wide_index(std::int64_t customer_id) const {
    const auto id = static_cast<std::uint64_t>(customer_id);
    return id < capacity_ ? partition_of(id) : kMaps - 1;
  }
  void add_direct(std::uint64_t id, std::uint32_t offset, Minor amount) {
    Slot& s = direct_[id];
    if (s.orders == 0) {
      s.first = s.last = static_cast<std::uint16_t>(offset);
      s.orders = 1;
      s.revenue = amount;
      std::size_t& used = used_[partition_of(id)].value;
      if (id >= used) used = id + 1;
      return;
    }
    if (s.orders < kMoved - 1) {
      if (offset < s.first) s.first = static_cast<std::uint16_t>(offset);
      if (offset > s.last) s.last = static_cast<std::uint16_t>(offset);
      ++s.orders;
      s.revenue += amount;
      return;
    }
    add_wide(static_cast<std::int64_t>(id), static_cast<std::int32_t>(offset) + kBaseDay, amount);
  }
  void add_wide(std::int64_t customer_id, std::int32_t day, Minor amount);
  // Every customer with an order as (id, totals), ascending by id.
  template <typename Fn>
  void for_each_sorted(Fn&& fn) const;
  std::vector<std::int64_t> sorted_wide_ids() const;

  // 1 + the largest direct id seen, per partition (each written only by its partition's folder).
  struct alignas(64) Used {
    std::size_t value = 0;
  };
  std::size_t used() const;

  Slot* direct_ = nullptr;
  std::size_t capacity_ = 0;  // entries reserved
  std::array<Used, OrderBatch::kPartitions> used_{};
  std::array<std::unordered_map<std::int64_t, Totals>, kMaps> wide_;
};

}  // namespace cw::reports
