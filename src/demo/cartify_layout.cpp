// The Cartify layout generator (cartify_layout.hpp).
#include "demo/cartify_layout.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <vector>

#include "core/time.hpp"
#include "demo/random.hpp"

namespace cw::demo {
namespace {

constexpr std::array<const char*, 11> kCategories = {
    "Electronics", "Books",  "Clothing", "Home & Kitchen", "Beauty",    "Sports",
    "Toys",        "Garden", "Grocery",  "Health",         "Automotive"};
constexpr std::array<const char*, 12> kRegions = {
    "North East", "North West", "Yorkshire",  "East Midlands", "West Midlands", "East of England",
    "London",     "South East", "South West", "Wales",         "Scotland",      "Northern Ireland"};
constexpr std::array<const char*, 24> kCities = {
    "Newcastle",  "Sunderland", "Manchester", "Liverpool", "Leeds",   "Sheffield",
    "Nottingham", "Leicester",  "Birmingham", "Coventry",  "Norwich", "Cambridge",
    "London",     "Croydon",    "Brighton",   "Oxford",    "Bristol", "Exeter",
    "Cardiff",    "Swansea",    "Glasgow",    "Edinburgh", "Belfast", "Derry"};
constexpr std::array<const char*, 16> kFirstNames = {
    "Oliver", "Amelia", "George", "Isla",  "Harry",  "Ava",  "Noah",  "Mia",
    "Jack",   "Ivy",    "Leo",    "Grace", "Arthur", "Lily", "Oscar", "Freya"};
constexpr std::array<const char*, 16> kLastNames = {
    "Smith", "Jones",    "Taylor", "Brown",    "Williams", "Wilson", "Johnson", "Davies",
    "Patel", "Robinson", "Wright", "Thompson", "Evans",    "Walker", "White",   "Roberts"};
constexpr std::array<const char*, 4> kPlatforms = {"Facebook", "Instagram", "Email", "Google Ads"};
constexpr std::array<const char*, 3> kDiscountTypes = {"Percentage", "Fixed amount",
                                                       "Free shipping"};

constexpr std::int64_t kFirstDay = 19358;  // 2023-01-01
constexpr std::int64_t kDays = 731;        // to 2024-12-31

std::string money(std::int64_t minor) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%lld.%02lld", static_cast<long long>(minor / 100),
                static_cast<long long>(minor % 100));
  return buffer;
}

// One output file with a large buffer; the header is written on open.
class Out {
 public:
  Out(const std::filesystem::path& dir, const char* name, const char* header)
      : stream_(dir / name, std::ios::binary) {
    buffer_.reserve(1 << 20);
    buffer_ += header;
    buffer_ += '\n';
  }
  Out& operator<<(std::string_view s) {
    buffer_ += s;
    if (buffer_.size() > (1 << 20)) flush();
    return *this;
  }
  Out& operator<<(std::int64_t n) { return *this << std::string_view(std::to_string(n)); }
  void flush() {
    stream_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
  }
  bool close() {
    flush();
    stream_.close();
    return !stream_.fail();
  }

 private:
  std::ofstream stream_;
  std::string buffer_;
};

}  // namespace

Result<CartifySummary> write_cartify(const std::string& dir_text, const CartifyOptions& o) {
  const std::filesystem::path dir(dir_text);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    return fail(Error::bad_request("unwritable_output",
                                   "cannot create " + dir_text + ": " + ec.message(), "out"));
  Random random(o.seed, 14);
  CartifySummary sum;
  const auto open = [&](const char* name, const char* header) { return Out(dir, name, header); };

  Out country = open("country.csv", "country_id;name");
  country << "UK;United Kingdom\n";
  Out region = open("region.csv", "region_id;region");
  for (std::size_t i = 0; i < kRegions.size(); ++i)
    region << "R" << static_cast<std::int64_t>(i + 1) << ";" << kRegions[i] << "\n";
  Out cities = open("cities.csv", "city_id;city;region_id");
  for (std::size_t i = 0; i < kCities.size(); ++i)
    cities << "C" << static_cast<std::int64_t>(i + 1) << ";" << kCities[i] << ";R"
           << static_cast<std::int64_t>(i / 2 + 1) << "\n";
  Out types = open("discount_types.csv", "discount_type_id;type_of_discount");
  for (std::size_t i = 0; i < kDiscountTypes.size(); ++i)
    types << "DT" << static_cast<std::int64_t>(i + 1) << ";" << kDiscountTypes[i] << "\n";
  Out platforms = open("campaign_type.csv", "campaign_type_id;platform");
  for (std::size_t i = 0; i < kPlatforms.size(); ++i)
    platforms << "CT" << static_cast<std::int64_t>(i + 1) << ";" << kPlatforms[i] << "\n";
  Out categories = open("category_data.csv", "category_id;category_name");
  for (std::size_t i = 0; i < kCategories.size(); ++i)
    categories << "E" << static_cast<std::int64_t>(i + 1) << ";" << kCategories[i] << "\n";

  sum.products = std::clamp<std::int64_t>(o.customers / 5, 20, 20'000);
  std::vector<std::int64_t> price(static_cast<std::size_t>(sum.products)),
      category_of(price.size());
  Out products = open("product_data.csv",
                      "product_id;product_name;selling_price;category_id;cost_price;stock");
  for (std::int64_t p = 0; p < sum.products; ++p) {
    const auto i = static_cast<std::size_t>(p);
    category_of[i] = static_cast<std::int64_t>(random.below(kCategories.size()));
    price[i] = random.between(199, 19999);
    const std::int64_t cost = price[i] * random.between(30, 80) / 100;
    products << "P" << p + 1 << ";" << kCategories[static_cast<std::size_t>(category_of[i])]
             << " item " << p + 1 << ";" << money(price[i]) << ";E" << category_of[i] + 1 << ";"
             << money(cost) << ";" << random.between(0, 500) << "\n";
  }

  sum.customers = o.customers;
  Out customers = open("customers.csv",
                       "customer_id;first_name;last_name;gender;date_of_birth;email;phone_number;"
                       "address;city_id;postcode;country_id");
  for (std::int64_t c = 1; c <= o.customers; ++c) {
    const Civil birth =
        civil_of(static_cast<std::int32_t>(random.between(-7300, 12000)));  // born 1950-2002
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", birth.year, birth.month, birth.day);
    const auto city = random.below(kCities.size());
    customers << "CUST" << c << ";" << kFirstNames[random.below(kFirstNames.size())] << ";"
              << kLastNames[random.below(kLastNames.size())] << ";"
              << (random.chance(0.5) ? "Female" : "Male") << ";" << date << ";customer" << c
              << "@example.com;07" << random.between(100000000, 999999999) << ";"
              << random.between(1, 200) << " High Street;C" << static_cast<std::int64_t>(city + 1)
              << ";AB" << random.between(1, 99) << " " << random.between(1, 9) << "CD;UK\n";
  }

  sum.campaigns = std::max<std::int64_t>(4, o.customers / 1000);
  std::vector<std::int64_t> campaign_start(static_cast<std::size_t>(sum.campaigns));
  Out campaigns = open("marketing_campaigns.csv",
                       "campaign_id;city_id;campaign_type_id;start_date;end_date;cost");
  Out engagement = open("campaign_engagement.csv", "campaign_id;click_rate;reach");
  Out discounts = open("discount.csv", "discount_id;campaign_id;discount_type_id;coupon_code");
  for (std::int64_t k = 1; k <= sum.campaigns; ++k) {
    const std::int64_t start = kFirstDay + random.between(0, kDays - 31);
    campaign_start[static_cast<std::size_t>(k - 1)] = start;
    campaigns << "CMP" << k << ";";
    if (random.chance(0.7)) campaigns << "C" << random.between(1, kCities.size());
    campaigns << ";CT" << random.between(1, kPlatforms.size()) << ";" << format_day(start) << ";"
              << format_day(start + random.between(7, 30)) << ";"
              << money(random.between(5'000, 500'000)) << "\n";
    if (random.chance(0.9))  // the rest have no engagement: clicks unknown
      engagement << "CMP" << k << ";0." << random.between(1000, 9999) << ";"
                 << random.between(1'000, 200'000) << "\n";
    for (int d = 0; d < 2; ++d) {
      ++sum.coupons;
      discounts << "D" << sum.coupons << ";CMP" << k << ";DT"
                << random.between(1, kDiscountTypes.size()) << ";SAVE" << sum.coupons << "\n";
    }
  }

  Out orders = open("orders.csv", "order_id;customer_id;order_date;discount_id;amount");
  Out details = open("orders_details.csv", "order_id;product_id;quantity");
  Out sessions = open("website_activity.csv",
                      "activity_id;category_id;date;time;customer_id;time_spent;order_placed");
  Out reviews = open("products_review.csv", "review_id;customer_id;product_id;rating;date");
  for (std::int64_t c = 1; c <= o.customers; ++c) {
    const auto n_orders = static_cast<std::int64_t>(random.exponential(3.0));
    for (std::int64_t k = 0; k < n_orders; ++k) {
      const std::int64_t id = ++sum.orders;
      const std::int64_t day = kFirstDay + random.between(0, kDays - 1);
      std::int64_t amount = 0;
      const std::int64_t n_lines = random.between(1, 4);
      std::int64_t last_product = -1;
      for (std::int64_t l = 0; l < n_lines; ++l) {
        const auto p = static_cast<std::int64_t>(random.below(price.size()));
        if (p == last_product) continue;
        last_product = p;
        const std::int64_t quantity = random.between(1, 3);
        amount += quantity * price[static_cast<std::size_t>(p)];
        details << "O" << id << ";P" << p + 1 << ";" << quantity << "\n";
        ++sum.lines;
      }
      if (random.chance(0.01)) {
        amount += random.between(1, 500);
        ++sum.mismatched_amounts;
      }
      orders << "O" << id << ";CUST" << c << ";" << format_day(day) << ";";
      if (random.chance(0.3)) orders << "D" << random.between(1, sum.coupons);
      orders << ";" << money(amount) << "\n";
    }
    const auto n_sessions = static_cast<std::int64_t>(random.exponential(4.0));
    for (std::int64_t s = 0; s < n_sessions; ++s) {
      const std::int64_t second = random.between(0, kSecondsPerDay - 1);
      char time[16];
      std::snprintf(time, sizeof time, "%02lld:%02lld:%02lld",
                    static_cast<long long>(second / 3600), static_cast<long long>(second / 60 % 60),
                    static_cast<long long>(second % 60));
      sessions << "WA" << ++sum.sessions << ";E" << random.between(1, kCategories.size()) << ";"
               << format_day(kFirstDay + random.between(0, kDays - 1)) << ";" << time << ";CUST"
               << c << ";" << random.between(10, 3600) << ";" << (random.chance(0.55) ? "Y" : "N")
               << "\n";
    }
    if (random.chance(0.8)) {
      reviews << "RV" << ++sum.reviews << ";CUST" << c << ";P"
              << static_cast<std::int64_t>(random.below(price.size()) + 1) << ";"
              << random.between(1, 5) << ";" << format_day(kFirstDay + random.between(0, kDays - 1))
              << "\n";
    }
  }
  for (Out* f : {&country, &region, &cities, &types, &platforms, &categories, &products, &customers,
                 &campaigns, &engagement, &discounts, &orders, &details, &sessions, &reviews})
    if (!f->close())
      return fail(Error::bad_request("unwritable_output", "cannot write into " + dir_text, "out"));
  return sum;
}

}  // namespace cw::demo
