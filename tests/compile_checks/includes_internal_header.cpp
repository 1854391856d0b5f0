// Included from outside cw_reports, an internal header of it must not compile (ctest
// internal_header_refused_outside_its_library); with CW_INTERNAL_REPORTS it does.
#include "reports/shop_helpers.hpp"

int main() {
  return 0;
}
