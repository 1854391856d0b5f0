#pragma once
// Helpers of the report tests: data file paths, writing inputs, running a report to CSV text.

#include <fstream>
#include <sstream>
#include <string>

#include "csv/field_parsers.hpp"
#include "reports/render.hpp"
#include "reports/reports.hpp"

namespace cw::reports::test {

inline std::string data_path(const std::string& name) {
  return std::string(CW_REPORTS_DATA_DIR) + "/" + name;
}

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

inline std::int32_t day(int y, int m, int d) {
  return *civil_day(y, m, d);
}

// The as-of date of the shared test shop: 2024-06-30.
inline ReportOptions shop_options() {
  ReportOptions o;
  o.as_of_day = day(2024, 6, 30);
  return o;
}

// The report rendered as CSV, or "error <code>: <message>".
inline std::string run_csv(const std::string& report, const std::string& path, InputFormat format,
                           const ReportOptions& options) {
  auto table = run_report(report, ReportInput{path, format}, options, SystemClock{});
  if (!table) return "error " + table.error().code + ": " + table.error().message;
  return render(*table, Format::kCsv);
}

}  // namespace cw::reports::test
