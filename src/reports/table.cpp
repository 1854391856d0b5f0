#include "reports/table.hpp"

#include "reports/huge_pages.hpp"

namespace cw::reports {

const char* type_name(ColumnType type) {
  switch (type) {
    case ColumnType::kInteger:
      return "integer";
    case ColumnType::kMoney:
      return "money";
    case ColumnType::kFraction:
      return "fraction";
    case ColumnType::kNumber:
      return "number";
    case ColumnType::kText:
      return "text";
    case ColumnType::kDate:
      return "date";
  }
  return "text";
}

std::size_t Column::size() const {
  switch (type_) {
    case ColumnType::kFraction:
    case ColumnType::kNumber:
      return reals_.size();
    case ColumnType::kText:
      return codes_.size();
    default:
      return narrow_ ? narrow_ints_.size() : ints_.size();
  }
}

void Column::reserve_narrow(std::size_t n) {
  narrow_ints_.reserve(narrow_ints_.size() + n);
  prefer_huge_pages_for(narrow_ints_);
}

void Column::widen() {
  if (!narrow_) return;
  ints_.assign(narrow_ints_.begin(), narrow_ints_.end());
  narrow_ints_ = {};
  narrow_ = false;
}

void Column::mark_null_slot(bool null) {
  if (null && !has_nulls_) {
    nulls_.assign(size(), 0);
    has_nulls_ = true;
  }
  if (has_nulls_) nulls_.push_back(null ? 1 : 0);
}

void Column::push_int(std::int64_t v) {
  mark_null_slot(false);
  if (narrow_ && v >= INT32_MIN && v <= INT32_MAX) {
    narrow_ints_.push_back(static_cast<std::int32_t>(v));
    return;
  }
  widen();
  ints_.push_back(v);
}

void Column::push_real(double v) {
  mark_null_slot(false);
  reals_.push_back(v);
}

std::uint32_t Column::intern(std::string_view v) {
  auto [it, inserted] =
      index_.try_emplace(std::string(v), static_cast<std::uint32_t>(dictionary_.size()));
  if (inserted) dictionary_.emplace_back(v);
  return it->second;
}

void Column::push_text(std::string_view v) {
  mark_null_slot(false);
  codes_.push_back(intern(v));
}

void Column::push_null() {
  mark_null_slot(true);
  switch (type_) {
    case ColumnType::kFraction:
    case ColumnType::kNumber:
      reals_.push_back(0);
      break;
    case ColumnType::kText:
      codes_.push_back(intern(""));
      break;
    default:
      if (narrow_)
        narrow_ints_.push_back(0);
      else
        ints_.push_back(0);
  }
}

void Column::reserve(std::size_t n) {
  // A per-customer column is megabytes of fresh memory: huge pages save most of its page faults.
  switch (type_) {
    case ColumnType::kFraction:
    case ColumnType::kNumber:
      reals_.reserve(n);
      prefer_huge_pages_for(reals_);
      break;
    case ColumnType::kText:
      codes_.reserve(n);
      prefer_huge_pages_for(codes_);
      break;
    default:
      if (narrow_) {
        reserve_narrow(n);
      } else {
        ints_.reserve(n);
        prefer_huge_pages_for(ints_);
      }
  }
}

const Column* Table::find(std::string_view name) const {
  for (const Column& c : columns)
    if (c.name() == name) return &c;
  return nullptr;
}

}  // namespace cw::reports
