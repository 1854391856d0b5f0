#pragma once
// Demo customers: UK names, unique usernames and e-mail addresses (they embed the customer id),
// fictional phone numbers (Ofcom's drama range), ages 18-75, occupations, addresses in real UK
// cities with plausible postcodes, a shoe size, and a sign-up time.

#ifndef CW_INTERNAL_DEMO
#error "demo/people.hpp is internal to cw_demo (src/README.md, Boundaries)"
#endif

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "demo/random.hpp"

namespace cw::demo {

// What the order writer needs to remember about a customer: kept for every customer, so small.
struct CompactPerson {
  std::uint16_t house_number = 0;
  std::uint8_t street = 0;
  std::uint8_t city = 0;
  std::uint8_t size_index = 0;  // half-size step, 0 = UK 3
  std::uint8_t postcode_length = 0;
  char postcode[9] = {};
};

struct Person {
  std::string username;
  std::string email;
  std::string first_name;
  std::string last_name;
  std::string phone;
  std::optional<std::string> gender;  // "F", "M", or unknown
  std::string date_of_birth;
  std::string occupation;
  std::string line1;
  std::string city;
  std::string postcode;
  std::int64_t created_at = 0;
  CompactPerson compact;
};

std::string_view street_name(const CompactPerson& person);
std::string_view city_name(const CompactPerson& person);

class PeopleFactory {
 public:
  // Sign-ups fall between `start` and `now` (unix seconds), more of them recently.
  PeopleFactory(std::int64_t now, std::int64_t start);
  Person make(Random& random, std::int64_t customer_id) const;

 private:
  std::int64_t now_;
  std::int64_t start_;
  WeightedChoice cities_;
  WeightedChoice sizes_;
};

}  // namespace cw::demo
