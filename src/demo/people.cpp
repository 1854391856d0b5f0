#include "demo/people.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/time.hpp"
#include "demo/shop_data.hpp"

namespace cw::demo {
namespace {

std::vector<double> city_weights() {
  std::vector<double> weights;
  for (const auto& city : data::cities()) weights.push_back(city.weight);
  return weights;
}

// Lower-case letters only: "MacDonald" -> "macdonald".
std::string handle(std::string_view name) {
  std::string out;
  for (char ch : name) {
    if (ch >= 'A' && ch <= 'Z')
      out += static_cast<char>(ch - 'A' + 'a');
    else if (ch >= 'a' && ch <= 'z')
      out += ch;
  }
  return out;
}

std::string postcode(Random& random, std::string_view area) {
  static constexpr char kLetters[] = "ABDEFGHJLNPQRSTUWXYZ";  // inward-code letters
  std::string code(area);
  code += std::to_string(random.between(1, area.size() == 1 ? 30 : 20));
  code += ' ';
  code += static_cast<char>('0' + random.between(1, 9));
  code += kLetters[random.below(sizeof kLetters - 1)];
  code += kLetters[random.below(sizeof kLetters - 1)];
  return code;
}

int age_for(Random& random) {
  for (;;) {
    const double age = 37.0 + 12.0 * random.normal();
    if (age >= 18.0 && age < 76.0) return static_cast<int>(age);
  }
}

std::string_view occupation_for(Random& random, int age) {
  if (age < 23 && random.chance(0.6)) return "Student";
  if (age >= 64 && random.chance(0.7)) return "Retired";
  return random.pick(data::occupations());
}

}  // namespace

std::string_view street_name(const CompactPerson& person) {
  return data::streets()[person.street];
}
std::string_view city_name(const CompactPerson& person) {
  return data::cities()[person.city].name;
}

PeopleFactory::PeopleFactory(std::int64_t now, std::int64_t start)
    : now_(now),
      start_(start),
      cities_(city_weights()),
      sizes_({2, 1.5, 5, 4, 9, 7, 9, 5, 6, 2.5, 3}) {}

Person PeopleFactory::make(Random& random, std::int64_t id) const {
  using namespace std::chrono;
  Person p;
  const double g = random.unit();
  p.gender = g < 0.93   ? std::optional<std::string>("F")
             : g < 0.98 ? std::optional<std::string>("M")
                        : std::nullopt;
  p.first_name = std::string(
      random.pick(p.gender == "M" ? data::male_first_names() : data::female_first_names()));
  p.last_name = std::string(random.pick(data::last_names()));
  const std::string first = handle(p.first_name), last = handle(p.last_name);
  const std::string number = std::to_string(id);
  std::string base;
  switch (random.below(4)) {
    case 0:
      base = first + "." + last;
      break;
    case 1:
      base = first + last;
      break;
    case 2:
      base = first + "_" + last.substr(0, 1);
      break;
    default:
      base = first.substr(0, 1) + last;
      break;
  }
  p.username = base.substr(0, 32 - number.size()) + number;
  p.email =
      first + "." + last + "." + number + "@" + std::string(random.pick(data::email_domains()));
  p.phone = "07700 900" + std::to_string(100 + random.below(900));

  const int age = age_for(random);
  const year_month_day today{floor<days>(sys_seconds{seconds{now_}})};
  const sys_days birthday_this_age{year_month_day{today.year() - years{age}, today.month(),
                                                  today.day() > day{28} ? day{28} : today.day()}};
  p.date_of_birth = format_date(birthday_this_age - days{random.between(1, 360)});
  p.occupation = std::string(occupation_for(random, age));

  CompactPerson& c = p.compact;
  c.city = static_cast<std::uint8_t>(cities_(random));
  c.street = static_cast<std::uint8_t>(random.below(data::streets().size()));
  c.house_number = static_cast<std::uint16_t>(random.between(1, 180));
  c.size_index = static_cast<std::uint8_t>(sizes_(random));
  const auto& city = data::cities()[c.city];
  p.postcode = postcode(random, random.pick(city.postcode_areas));
  c.postcode_length = static_cast<std::uint8_t>(p.postcode.size());
  std::copy(p.postcode.begin(), p.postcode.end(), c.postcode);
  p.city = std::string(city.name);
  p.line1 = std::to_string(c.house_number) + " " + std::string(street_name(c));

  // More sign-ups lately (the shop grows): u^0.7 leans towards the end of the period.
  const double u = std::pow(random.unit(), 0.7);
  p.created_at = start_ + static_cast<std::int64_t>(u * static_cast<double>(now_ - start_ - 3600));
  return p;
}

}  // namespace cw::demo
