#pragma once
// The result of every report: named, typed columns of equal length. Column-major so that a report
// over a million customers fills plain vectors; text columns are dictionary-coded because their
// values (segments, classes, bands) repeat.

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "core/money.hpp"

namespace cw::reports {

enum class ColumnType {
  kInteger,   // whole number
  kMoney,     // minor units, rendered as a decimal string in major units
  kFraction,  // a share or rate, 0..1 (a terminal table shows a percentage)
  kNumber,    // any other real number (e.g. average days)
  kText,
  kDate,  // days since 1970-01-01, rendered YYYY-MM-DD
};
const char* type_name(ColumnType type);

class Column {
 public:
  Column(std::string name, ColumnType type) : name_(std::move(name)), type_(type) {}

  const std::string& name() const { return name_; }
  ColumnType type() const { return type_; }
  std::size_t size() const;

  // Appends one value; the setter must fit the type (integers for kInteger/kMoney/kDate).
  void push_int(std::int64_t v);
  void push_real(double v);
  void push_text(std::string_view v);
  // Appends a code returned by intern(): the fast path for repeated text.
  void push_code(std::uint32_t code) {
    if (has_nulls_) nulls_.push_back(0);
    codes_.push_back(code);
  }
  std::uint32_t intern(std::string_view v);
  void push_null();
  // Appends n integers at once (kInteger/kMoney/kDate): the bulk path of per-customer reports.
  // Into an empty column, values that all fit 32 bits are stored in 32 bits: half the memory
  // for a million-row column of ids, days or scores.
  template <typename T>
  void append_ints(const T* values, std::size_t n) {
    if (has_nulls_) nulls_.resize(nulls_.size() + n, 0);
    if (size() == 0 && fit_32_bits(values, n)) {
      narrow_ = true;
      reserve_narrow(n);
    }
    if (narrow_ && fit_32_bits(values, n)) {
      narrow_ints_.insert(narrow_ints_.end(), values, values + n);
      return;
    }
    widen();
    ints_.insert(ints_.end(), values, values + n);
  }

  bool is_null(std::size_t row) const { return has_nulls_ && nulls_[row]; }
  std::int64_t int_at(std::size_t row) const { return narrow_ ? narrow_ints_[row] : ints_[row]; }
  double real_at(std::size_t row) const { return reals_[row]; }
  const std::string& text_at(std::size_t row) const { return dictionary_[codes_[row]]; }
  std::uint32_t code_at(std::size_t row) const { return codes_[row]; }
  const std::vector<std::string>& dictionary() const { return dictionary_; }

  void reserve(std::size_t n);

 private:
  void mark_null_slot(bool null);
  template <typename T>
  static bool fit_32_bits(const T* values, std::size_t n) {
    if constexpr (sizeof(T) < 4 || (sizeof(T) == 4 && std::is_signed_v<T>)) {
      return true;
    } else {
      bool fit = true;
      for (std::size_t i = 0; i < n; ++i)
        fit &= static_cast<std::int64_t>(values[i]) >= INT32_MIN &&
               static_cast<std::int64_t>(values[i]) <= INT32_MAX;
      return fit;
    }
  }
  void reserve_narrow(std::size_t n);
  // Moves 32-bit values to the 64-bit vector (a value that does not fit arrived).
  void widen();

  std::string name_;
  ColumnType type_;
  std::vector<std::int64_t> ints_;
  std::vector<std::int32_t> narrow_ints_;  // instead of ints_ while narrow_
  bool narrow_ = false;
  std::vector<double> reals_;
  std::vector<std::uint32_t> codes_;
  std::vector<std::string> dictionary_;
  std::unordered_map<std::string, std::uint32_t> index_;
  std::vector<std::uint8_t> nulls_;  // one flag per row once any value is null
  bool has_nulls_ = false;
};

struct Table {
  std::string report;
  std::int32_t as_of_day = 0;
  std::string currency = "GBP";
  int currency_decimals = 2;
  // A deque, so that references returned by add() stay valid while more columns are added.
  std::deque<Column> columns;

  Column& add(std::string name, ColumnType type) {
    columns.emplace_back(std::move(name), type);
    return columns.back();
  }
  // Finds a column by name; nullptr when absent.
  const Column* find(std::string_view name) const;
  std::size_t rows() const { return columns.empty() ? 0 : columns.front().size(); }
};

}  // namespace cw::reports
