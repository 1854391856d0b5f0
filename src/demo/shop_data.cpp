#include "demo/shop_data.hpp"

namespace cw::demo::data {

const std::vector<CategoryInfo>& categories() {
  // Season: sandals peak in summer, boots in autumn and winter; the Christmas peak is added on
  // top for every category by the order calendar.
  static const std::vector<CategoryInfo> list = {
      {"Heels",
       {"Stiletto Court", "Block Heel Pump", "Kitten Heel", "Slingback Heel", "Mary Jane Heel"},
       45,
       149,
       18,
       {1.0, 0.9, 1.0, 1.0, 1.1, 1.1, 1.0, 1.0, 1.0, 1.0, 1.1, 1.3}},
      {"Flats",
       {"Ballet Flat", "Pointed Flat", "Mary Jane", "Espadrille Flat", "Ballerina"},
       29,
       89,
       17,
       {0.9, 0.9, 1.1, 1.2, 1.2, 1.1, 1.1, 1.0, 1.0, 0.9, 0.8, 0.8}},
      {"Boots",
       {"Knee Boot", "Riding Boot", "Over-the-Knee Boot", "Biker Boot", "Wellington"},
       79,
       229,
       17,
       {1.5, 1.2, 0.9, 0.6, 0.4, 0.3, 0.3, 0.4, 0.9, 1.5, 1.8, 1.7}},
      {"Ankle Boots",
       {"Chelsea Boot", "Heeled Ankle Boot", "Lace-up Ankle Boot", "Western Boot"},
       59,
       169,
       16,
       {1.4, 1.2, 1.0, 0.7, 0.5, 0.4, 0.4, 0.5, 1.0, 1.4, 1.6, 1.5}},
      {"Trainers",
       {"Court Trainer", "Running Trainer", "Platform Trainer", "Slip-on Trainer", "Retro Runner"},
       45,
       129,
       16,
       {1.2, 1.0, 1.1, 1.1, 1.1, 1.0, 1.0, 1.1, 1.2, 1.0, 0.9, 1.0}},
      {"Sandals",
       {"Strappy Sandal", "Slider", "Gladiator Sandal", "Flip Flop", "Heeled Sandal"},
       19,
       89,
       16,
       {0.2, 0.3, 0.6, 1.2, 2.0, 2.8, 3.0, 2.4, 1.0, 0.4, 0.2, 0.3}},
      {"Loafers",
       {"Penny Loafer", "Chunky Loafer", "Tassel Loafer", "Driving Moccasin"},
       45,
       119,
       10,
       {1.0, 1.0, 1.0, 1.0, 1.0, 0.9, 0.9, 1.0, 1.3, 1.2, 1.0, 0.9}},
      {"Wedges",
       {"Espadrille Wedge", "Cork Wedge", "Wedge Sandal"},
       35,
       99,
       6,
       {0.4, 0.5, 0.8, 1.2, 1.7, 2.0, 2.0, 1.6, 0.9, 0.5, 0.4, 0.4}},
      {"Slippers",
       {"Mule Slipper", "Moccasin Slipper", "Boot Slipper"},
       15,
       45,
       6,
       {1.2, 0.8, 0.7, 0.6, 0.5, 0.5, 0.5, 0.6, 0.8, 1.1, 1.8, 2.6}},
  };
  return list;
}

const std::vector<std::string_view>& product_names() {
  static const std::vector<std::string_view> list = {
      "Camden",   "Chelsea",  "Richmond", "Islington", "Hampstead", "Notting",   "Kensington",
      "Mayfair",  "Soho",     "Brixton",  "Greenwich", "Bath",      "Harrogate", "Windsor",
      "Cotswold", "Ludlow",   "Whitby",   "Padstow",   "Rye",       "Alnwick",   "Keswick",
      "Stamford", "Bakewell", "Tetbury",  "Hebden",    "Marlow",    "Henley",    "Ascot"};
  return list;
}

const std::vector<std::string_view>& materials() {
  static const std::vector<std::string_view> list = {"Leather", "Suede",  "Patent", "Nubuck",
                                                     "Canvas",  "Velvet", "Satin",  "Faux Suede"};
  return list;
}

const std::vector<std::string_view>& colours() {
  static const std::vector<std::string_view> list = {
      "black", "tan",   "navy",   "burgundy",      "nude",  "stone",     "khaki",
      "red",   "white", "silver", "leopard print", "olive", "chocolate", "blush pink"};
  return list;
}

const std::vector<std::string_view>& female_first_names() {
  static const std::vector<std::string_view> list = {
      "Olivia",   "Amelia",    "Isla",     "Ava",      "Mia",    "Emily",     "Grace",
      "Sophia",   "Lily",      "Freya",    "Ella",     "Evie",   "Charlotte", "Poppy",
      "Jessica",  "Sophie",    "Emma",     "Hannah",   "Lucy",   "Chloe",     "Megan",
      "Laura",    "Rebecca",   "Sarah",    "Rachel",   "Claire", "Helen",     "Nicola",
      "Karen",    "Joanne",    "Lisa",     "Michelle", "Amy",    "Katie",     "Lauren",
      "Holly",    "Georgia",   "Ellie",    "Alice",    "Ruby",   "Daisy",     "Phoebe",
      "Zara",     "Priya",     "Aisha",    "Fatima",   "Niamh",  "Siobhan",   "Catherine",
      "Victoria", "Elizabeth", "Margaret", "Susan",    "Julie",  "Alison",    "Fiona",
      "Gemma",    "Kirsty",    "Leanne",   "Natalie",  "Zoe",    "Abigail",   "Harriet",
      "Imogen"};
  return list;
}

const std::vector<std::string_view>& male_first_names() {
  static const std::vector<std::string_view> list = {
      "Oliver", "George", "Harry", "Jack", "James",   "William",  "Thomas", "Daniel",
      "David",  "Andrew", "Mark",  "Paul", "Richard", "Mohammed", "Callum", "Liam"};
  return list;
}

const std::vector<std::string_view>& last_names() {
  static const std::vector<std::string_view> list = {
      "Smith",     "Jones",     "Williams",  "Taylor",  "Brown",    "Davies",     "Evans",
      "Wilson",    "Thomas",    "Johnson",   "Roberts", "Robinson", "Thompson",   "Wright",
      "Walker",    "White",     "Edwards",   "Hughes",  "Green",    "Hall",       "Lewis",
      "Harris",    "Clarke",    "Patel",     "Jackson", "Wood",     "Turner",     "Martin",
      "Cooper",    "Hill",      "Ward",      "Morris",  "Moore",    "Clark",      "Lee",
      "King",      "Baker",     "Harrison",  "Morgan",  "Allen",    "James",      "Scott",
      "Phillips",  "Watson",    "Davis",     "Parker",  "Price",    "Bennett",    "Young",
      "Griffiths", "Mitchell",  "Kelly",     "Cook",    "Carter",   "Richardson", "Bailey",
      "Collins",   "Bell",      "Shaw",      "Murphy",  "Miller",   "Cox",        "Richards",
      "Khan",      "Marshall",  "Anderson",  "Simpson", "Ellis",    "Adams",      "Singh",
      "Begum",     "Wilkinson", "Foster",    "Chapman", "Powell",   "Webb",       "Rogers",
      "Gray",      "Mason",     "Ali",       "Hunt",    "Hussain",  "Campbell",   "Matthews",
      "Owen",      "Palmer",    "Holmes",    "Mills",   "Barnes",   "Knight",     "Lloyd",
      "Butler",    "Russell",   "Barker",    "Fisher",  "Stevens",  "Jenkins",    "Murray",
      "Dixon",     "Harvey",    "MacDonald", "Fraser",  "Reid",     "Stewart"};
  return list;
}

const std::vector<std::string_view>& occupations() {
  static const std::vector<std::string_view> list = {"Teacher",
                                                     "Nurse",
                                                     "Student",
                                                     "Accountant",
                                                     "Solicitor",
                                                     "Marketing manager",
                                                     "Retail assistant",
                                                     "Software developer",
                                                     "Civil servant",
                                                     "Doctor",
                                                     "Pharmacist",
                                                     "Hairdresser",
                                                     "Office administrator",
                                                     "Sales executive",
                                                     "Designer",
                                                     "Social worker",
                                                     "Receptionist",
                                                     "Police officer",
                                                     "Engineer",
                                                     "Architect",
                                                     "Journalist",
                                                     "HR advisor",
                                                     "Project manager",
                                                     "Dental nurse",
                                                     "Chef",
                                                     "Lecturer",
                                                     "Consultant",
                                                     "Self-employed",
                                                     "Retired",
                                                     "Homemaker",
                                                     "Care worker",
                                                     "Estate agent",
                                                     "Paralegal",
                                                     "Midwife",
                                                     "Photographer"};
  return list;
}

const std::vector<std::string_view>& streets() {
  static const std::vector<std::string_view> list = {
      "High Street",      "Station Road",    "Church Lane",      "Victoria Road",
      "Park Avenue",      "Green Lane",      "Manor Road",       "Church Street",
      "Kings Road",       "Queens Road",     "Mill Lane",        "The Crescent",
      "Windsor Road",     "Grove Road",      "Albert Road",      "York Road",
      "Springfield Road", "Highfield Road",  "New Road",         "Chestnut Close",
      "Meadow Way",       "Orchard Drive",   "Richmond Terrace", "Beech Avenue",
      "Willow Walk",      "St John's Road",  "Cromwell Street",  "Clarence Street",
      "Elm Grove",        "Hawthorn Gardens"};
  return list;
}

const std::vector<City>& cities() {
  static const std::vector<City> list = {{"London", {"E", "N", "SE", "SW", "W", "NW"}, 9.0},
                                         {"Birmingham", {"B"}, 1.2},
                                         {"Manchester", {"M"}, 1.1},
                                         {"Leeds", {"LS"}, 0.8},
                                         {"Glasgow", {"G"}, 0.6},
                                         {"Liverpool", {"L"}, 0.5},
                                         {"Sheffield", {"S"}, 0.6},
                                         {"Bristol", {"BS"}, 0.5},
                                         {"Edinburgh", {"EH"}, 0.5},
                                         {"Newcastle upon Tyne", {"NE"}, 0.3},
                                         {"Nottingham", {"NG"}, 0.3},
                                         {"Leicester", {"LE"}, 0.35},
                                         {"Cardiff", {"CF"}, 0.35},
                                         {"Belfast", {"BT"}, 0.35},
                                         {"Brighton", {"BN"}, 0.3},
                                         {"Southampton", {"SO"}, 0.25},
                                         {"Oxford", {"OX"}, 0.15},
                                         {"Cambridge", {"CB"}, 0.15},
                                         {"York", {"YO"}, 0.2},
                                         {"Bath", {"BA"}, 0.1},
                                         {"Norwich", {"NR"}, 0.15},
                                         {"Exeter", {"EX"}, 0.13},
                                         {"Aberdeen", {"AB"}, 0.2},
                                         {"Coventry", {"CV"}, 0.35},
                                         {"Reading", {"RG"}, 0.2},
                                         {"Plymouth", {"PL"}, 0.25},
                                         {"Guildford", {"GU"}, 0.1},
                                         {"Cheltenham", {"GL"}, 0.1},
                                         {"Harrogate", {"HG"}, 0.08},
                                         {"Swansea", {"SA"}, 0.24}};
  return list;
}

const std::vector<std::string_view>& visit_sources() {
  static const std::vector<std::string_view> list = {"direct", "search", "email",
                                                     "social", "ads",    "referral"};
  return list;
}

const std::vector<std::string_view>& email_domains() {
  // Reserved domains (RFC 2606): generated addresses can never reach a real person.
  static const std::vector<std::string_view> list = {"example.com", "example.org", "example.net"};
  return list;
}

}  // namespace cw::demo::data
