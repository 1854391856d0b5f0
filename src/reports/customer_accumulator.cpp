#include "reports/customer_accumulator.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <utility>

#include "reports/huge_pages.hpp"

namespace cw::reports {

OrderBatch::OrderBatch(std::int64_t direct_limit)
    : direct_limit_(static_cast<std::uint64_t>(std::max<std::int64_t>(direct_limit, 0))),
      orders_(std::make_unique_for_overwrite<std::uint64_t[]>(kPartitions * kPartitionCapacity)) {
  prefer_huge_pages(orders_.get(), kPartitions * kPartitionCapacity * sizeof(std::uint64_t));
}

std::size_t OrderBatch::packed() const {
  std::size_t n = 0;
  for (const std::uint32_t c : count_) n += c;
  return n;
}

CustomerAccumulator::CustomerAccumulator(std::int64_t direct_limit) {
  direct_limit = std::min<std::int64_t>(direct_limit, std::int64_t{1} << 32);
  if (direct_limit <= 0) return;
  const std::size_t bytes = static_cast<std::size_t>(direct_limit) * sizeof(Slot);
  void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return;  // everything goes to the wide map: slower, still correct
  prefer_huge_pages(p, bytes);
  direct_ = static_cast<Slot*>(p);
  capacity_ = static_cast<std::size_t>(direct_limit);
}

CustomerAccumulator::~CustomerAccumulator() {
  if (direct_) ::munmap(direct_, capacity_ * sizeof(Slot));
}

CustomerAccumulator::CustomerAccumulator(CustomerAccumulator&& other) noexcept
    : direct_(std::exchange(other.direct_, nullptr)),
      capacity_(std::exchange(other.capacity_, 0)),
      used_(std::exchange(other.used_, {})),
      wide_(std::move(other.wide_)) {}

void CustomerAccumulator::add(std::int64_t customer_id, std::int32_t day, Minor amount) {
  const auto offset = static_cast<std::uint32_t>(day - kBaseDay);
  if (static_cast<std::uint64_t>(customer_id) < capacity_ && offset <= 0xFFFF)
    add_direct(static_cast<std::uint64_t>(customer_id), offset, amount);
  else
    add_wide(customer_id, day, amount);
}

void CustomerAccumulator::add_wide(std::int64_t customer_id, std::int32_t day, Minor amount) {
  auto& wide = wide_[wide_index(customer_id)];
  const auto id = static_cast<std::uint64_t>(customer_id);
  if (id < capacity_) {
    Slot& s = direct_[id];
    if (s.orders != kMoved) {
      // Move the customer to the wide map, where any day and count fit.
      if (s.orders != 0)
        wide[customer_id] = Totals{s.revenue, s.first + kBaseDay, s.last + kBaseDay, s.orders};
      s.orders = kMoved;
      std::size_t& used = used_[partition_of(id)].value;
      if (id >= used) used = id + 1;
    }
  }
  Totals& t = wide[customer_id];
  if (t.orders == 0) {
    t = Totals{amount, day, day, 1};
    return;
  }
  t.first = std::min(t.first, day);
  t.last = std::max(t.last, day);
  ++t.orders;
  t.revenue += amount;
}

void CustomerAccumulator::add_partition(const OrderBatch& batch, int partition) {
  const auto p = static_cast<std::size_t>(partition);
  const std::uint64_t* orders = batch.orders_.get() + p * OrderBatch::kPartitionCapacity;
  const std::uint32_t n = batch.count_[p];
  // Undoes the packing: bits 2-7 of the id are the partition mixed with bits 8-13.
  const auto id_of = [p](std::uint64_t order) {
    const std::uint64_t packed_id = order >> 38;
    const std::uint64_t high = packed_id >> 2;
    return high << 8 | ((p ^ high) & 63) << 2 | (packed_id & 3);
  };
  // A partition's slots were last used a round ago and are no longer cached: fetch them ahead,
  // many at a time, rather than waiting for each in turn.
  constexpr std::uint32_t kAhead = 16;
  for (std::uint32_t i = 0; i < std::min(n, kAhead); ++i)
    __builtin_prefetch(direct_ + id_of(orders[i]), 1);
  for (std::uint32_t i = 0; i < n; ++i) {
    if (i + kAhead < n) __builtin_prefetch(direct_ + id_of(orders[i + kAhead]), 1);
    const std::uint64_t order = orders[i];
    add_direct(id_of(order), static_cast<std::uint32_t>(order >> OrderBatch::kAmountBits) & 0xFFFF,
               static_cast<Minor>(order & ((std::uint64_t{1} << OrderBatch::kAmountBits) - 1)));
  }
}

void CustomerAccumulator::add_all(OrderBatch& batch) {
  for (int p = 0; p < OrderBatch::kPartitions; ++p) add_partition(batch, p);
  batch.clear_packed();
  add_side(batch);
}

void CustomerAccumulator::add_side(OrderBatch& batch) {
  for (const OrderBatch::Order& o : batch.side_) add(o.customer_id, o.day, o.amount);
  batch.side_.clear();
}

std::size_t CustomerAccumulator::used() const {
  std::size_t n = 0;
  for (const Used& u : used_) n = std::max(n, u.value);
  return n;
}

template <typename Fn>
void CustomerAccumulator::for_each_sorted(Fn&& fn) const {
  // Moved customers live in the wide maps but sort among the direct ids; ids are non-negative.
  const std::vector<std::int64_t> wide = sorted_wide_ids();
  const auto totals_of = [this](std::int64_t id) -> const Totals& {
    return wide_[wide_index(id)].at(id);
  };
  std::size_t k = 0;
  const std::size_t used = this->used();
  for (std::size_t id = 0; id < used; ++id) {
    const Slot& s = direct_[id];
    if (s.orders == 0 || s.orders == kMoved) continue;
    while (k < wide.size() && wide[k] < static_cast<std::int64_t>(id)) {
      fn(wide[k], totals_of(wide[k]));
      ++k;
    }
    fn(static_cast<std::int64_t>(id),
       Totals{s.revenue, s.first + kBaseDay, s.last + kBaseDay, s.orders});
  }
  for (; k < wide.size(); ++k) fn(wide[k], totals_of(wide[k]));
}

std::vector<std::int64_t> CustomerAccumulator::sorted_wide_ids() const {
  std::vector<std::int64_t> ids;
  for (const auto& map : wide_)
    for (const auto& [id, t] : map)
      if (t.orders > 0) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

CustomerFacts CustomerAccumulator::build() const {
  std::size_t n = 0;
  for (const auto& map : wide_) n += map.size();
  const std::size_t used = this->used();
  for (std::size_t id = 0; id < used; ++id)
    n += direct_[id].orders != 0 && direct_[id].orders != kMoved;
  CustomerFacts f;
  f.customer_id.reserve(n);
  f.first_order_day.reserve(n);
  f.last_order_day.reserve(n);
  f.orders.reserve(n);
  f.revenue.reserve(n);
  prefer_huge_pages_for(f.customer_id);
  prefer_huge_pages_for(f.first_order_day);
  prefer_huge_pages_for(f.last_order_day);
  prefer_huge_pages_for(f.orders);
  prefer_huge_pages_for(f.revenue);
  for_each_sorted([&f](std::int64_t id, const Totals& t) {
    f.customer_id.push_back(id);
    f.first_order_day.push_back(t.first);
    f.last_order_day.push_back(t.last);
    f.orders.push_back(t.orders);
    f.revenue.push_back(t.revenue);
  });
  return f;
}

CustomerAccumulator::RowIndex CustomerAccumulator::row_index() const {
  RowIndex index;
  index.direct_.assign(used(), -1);
  std::int32_t row = 0;
  for_each_sorted([&](std::int64_t id, const Totals&) {
    if (static_cast<std::uint64_t>(id) < index.direct_.size())
      index.direct_[static_cast<std::size_t>(id)] = row++;
    else
      index.other_[id] = row++;
  });
  return index;
}

std::int32_t CustomerAccumulator::RowIndex::operator()(std::int64_t customer_id) const {
  if (static_cast<std::uint64_t>(customer_id) < direct_.size())
    return direct_[static_cast<std::size_t>(customer_id)];
  const auto it = other_.find(customer_id);
  return it == other_.end() ? -1 : it->second;
}

}  // namespace cw::reports
