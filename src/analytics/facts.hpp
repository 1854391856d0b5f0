#pragma once
// Moved: customer facts are facts/facts.hpp (library cw_facts, namespace cw::facts). This
// forwarding header only keeps orders/checkout.cpp compiling while another branch rewrites it;
// delete it once checkout.cpp includes "facts/facts.hpp" and calls facts::record_order.
#include "facts/facts.hpp"

namespace cw {
namespace analytics = facts;
}  // namespace cw
