#include "reports/readers.hpp"

#include "csv/mapped_file.hpp"

namespace cw::reports {

Result<InputFormat> parse_input_format(std::string_view name) {
  if (name == "orders") return InputFormat::kOrders;
  if (name == "online-retail") return InputFormat::kOnlineRetail;
  if (name == "customer-summary") return InputFormat::kCustomerSummary;
  return fail(Error::bad_request("unknown_input_format",
                                 "unknown input format '" + std::string(name) +
                                     "' (expected orders, online-retail or customer-summary)",
                                 "input_format"));
}

Result<Dataset> load_file(const std::string& path, InputFormat format, const LoadOptions& options) {
  CW_ASSIGN_OR_RETURN(auto file, csv::MappedFile::open(path));
  switch (format) {
    case InputFormat::kOrders:
      return read_orders(file.bytes(), options);
    case InputFormat::kOnlineRetail:
      return read_online_retail(file.bytes(), options);
    case InputFormat::kCustomerSummary:
      return read_customer_summary(file.bytes(), options);
  }
  return fail(Error::internal("unhandled input format"));
}

}  // namespace cw::reports
