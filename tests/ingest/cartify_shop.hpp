#pragma once
// A small Cartify folder built by hand (docs/import-formats.md "cartify"), shared by the import
// and report tests. Its numbers, worked out by hand:
//   4 customers (CUST4 never orders), 4 orders: ZYY1 CUST1 2024-01-10 coupon JAN10 (P1 + P2 =
//   110.00), ZYY2 CUST1 2024-02-15 (2 x P2 = 20.00), ZYY3 CUST2 2024-01-20 (P1 + P3 = 105.00),
//   ZYY4 CUST3 2024-02-20 (3 x P2 = 30.00, but the file says 35.00: a mismatch).
//   Costs: P1 60.00, P2 4.00, P3 1.00. Campaigns: CMP1 (Facebook, Leeds, January, 50.00,
//   click rate 0.0125 of 1000 = 12.5 -> 13 clicks), CMP2 (Email, February, 20.00, no engagement).
//   Sessions: 4, 2 ended in an order. Reviews: P1 5 and 2, P2 4.
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

namespace cw::ingest::test {

inline const char* const kBom = "\xEF\xBB\xBF";

inline std::map<std::string, std::string> cartify_files() {
  return {
      {"country.csv", std::string(kBom) + "country_id;name\nUK;United Kingdom\n"},
      {"region.csv", "region_id;region\nR1;North\nR2;South\n"},
      {"cities.csv", "city_id;city;region_id\nY2VK;Leeds;R1\nL0ND;London;R2\n"},
      {"discount_types.csv", "discount_type_id;type_of_discount\nDT1;Percentage\n"},
      {"campaign_type.csv", "campaign_type_id;platform\nCT1;Facebook\nCT2;Email\n"},
      {"category_data.csv",
       std::string(kBom) + "category_id;category_name\nE387;Electronics\nB100;Books\n"},
      {"product_data.csv",
       "product_id;product_name;selling_price;category_id;cost_price;stock\n"
       "P1;Phone;100.00;E387;60.00;5\nP2;Novel;10.00;B100;4.00;50\nP3;Cable;5.00;E387;1.00;0\n"},
      {"customers.csv",
       "customer_id;first_name;last_name;gender;date_of_birth;email;phone_number;address;city_id;"
       "postcode;country_id\n"
       "CUST1;Ann;Lee;Female;1990-04-02;ann@example.com;0113 000;1 High St;Y2VK;LS1 1AA;UK\n"
       "CUST2;Bob;Ray;Male;1985-01-01;bob@example.com;;2 Low Rd;L0ND;E1 1AA;UK\n"
       "CUST3;Cid;Fox;Male;2000-12-31;cid@example.com;;3 Mill Ln;Y2VK;LS2 2BB;UK\n"
       "CUST4;Dee;Ash;Female;;dee@example.com;;4 Park Av;L0ND;E2 2CC;UK\n"},
      {"marketing_campaigns.csv",
       "campaign_id;city_id;campaign_type_id;start_date;end_date;cost\n"
       "CMP1;Y2VK;CT1;2024-01-01;2024-01-31;50.00\nCMP2;;CT2;2024-02-01;2024-02-29;20.00\n"},
      {"campaign_engagement.csv", "campaign_id;click_rate;reach\nCMP1;0.0125;1000\n"},
      {"discount.csv", "discount_id;campaign_id;discount_type_id;coupon_code\nD1;CMP1;DT1;jan10\n"},
      {"orders.csv", std::string(kBom) +
                         "order_id;customer_id;order_date;discount_id;amount\n"
                         "ZYY1;CUST1;2024-01-10;D1;110.00\nZYY2;CUST1;2024-02-15;;20.00\n"
                         "ZYY3;CUST2;2024-01-20;;105.00\nZYY4;CUST3;2024-02-20;;35.00\n"},
      {"orders_details.csv",
       "order_id;product_id;quantity\nZYY1;P1;1\nZYY1;P2;1\nZYY2;P2;2\nZYY3;P1;1\nZYY3;P3;1\n"
       "ZYY4;P2;3\n"},
      {"website_activity.csv",
       "activity_id;category_id;date;time;customer_id;time_spent;order_placed\n"
       "A1;E387;2024-01-09;10:00:00;CUST1;120;N\nA2;E387;2024-01-10;11:00:00;CUST1;300;Y\n"
       "A3;B100;2024-02-01;09:30:00;CUST4;00:01:00;N\nA4;B100;2024-02-20;12:00:00;CUST3;90;Y\n"},
      {"products_review.csv",
       "review_id;customer_id;product_id;rating;date\nR1;CUST1;P1;5;2024-01-15\n"
       "R2;CUST2;P1;2;2024-01-25\nR3;CUST1;P2;4;2024-02-16\n"},
  };
}

// Writes `files` into `dir` (created when missing).
inline void write_cartify(const std::filesystem::path& dir,
                          const std::map<std::string, std::string>& files) {
  std::filesystem::create_directories(dir);
  for (const auto& [name, content] : files) std::ofstream(dir / name, std::ios::binary) << content;
}

}  // namespace cw::ingest::test
