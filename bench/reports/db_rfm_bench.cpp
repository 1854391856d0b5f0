// The rfm report from the live database's facts for 1,000,000 customers (issue 4: under 200 ms
// with the facts in memory). A temporary database is filled with plain SQL (customers with
// demographics and a default address, and their customer_facts rows), then:
//   BM_LoadDataset      — the cold load of the facts (what a first request or the CLI pays);
//   BM_RfmWarmCache     — run_report("rfm", db, options, clock, &cache): the warm server's request,
//   which
//                         checks the data version and reuses the facts in memory;
//   BM_RfmOnDataset     — the rfm report alone on the loaded Dataset.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "db/database.hpp"
#include "reports/shop.hpp"

namespace {

constexpr int kCustomers = 1'000'000;
constexpr std::int32_t kAsOfDay = 20000;  // 2024-10-04, after every generated order

struct Shop {
  std::filesystem::path path;
  std::unique_ptr<cw::db::Database> db;

  Shop() {
    path = std::filesystem::temp_directory_path() /
           ("cartwise-db-rfm-" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(path);
    db = cw::db::Database::open({path.string(), cw::Durability::kOff, 5000});
    auto c = db->lease();
    cw::db::Transaction tx(*c, cw::db::TxMode::kWrite);
    c->exec(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
        "INSERT INTO customers (id, first_name, last_name, email, gender, date_of_birth, "
        "occupation, created_at) SELECT i, 'First' || i, 'Last' || i, 'c' || i || '@example.com', "
        "CASE i % 3 WHEN 0 THEN 'female' WHEN 1 THEN 'male' ELSE NULL END, "
        "printf('%04d-%02d-%02d', 1950 + i % 55, 1 + i % 12, 1 + i % 28), 'occupation ' || (i % "
        "20), "
        "0 FROM n",
        kCustomers);
    c->exec(
        "INSERT INTO addresses (customer_id, line1, city, postcode, country, is_default) "
        "SELECT id, 'Street ' || id, 'City ' || (id % 50), 'PC', 'GB', 1 FROM customers");
    // Orders spread over two years before the as-of date; 1 to 40 orders; revenue up to 5000.00.
    const std::int64_t base = std::int64_t{kAsOfDay - 730} * 86400;
    c->exec(
        "INSERT INTO customer_facts (customer_id, first_order_at, last_order_at, orders, revenue, "
        "shipping, orders_dow0, revenue_dow0, orders_mp0, revenue_mp0, orders_tod0, revenue_tod0) "
        "SELECT id, ?1 + (id * 7919 % 365) * 86400, ?1 + (id * 7919 % 365 + id * 31 % 365) * 86400 "
        "+ id % 86400, 1 + id * 13 % 40, id * 104729 % 500000, 0, 1 + id * 13 % 40, "
        "id * 104729 % 500000, 1 + id * 13 % 40, id * 104729 % 500000, 1 + id * 13 % 40, "
        "id * 104729 % 500000 FROM customers",
        base);
    tx.commit();
  }
  ~Shop() {
    db.reset();
    std::filesystem::remove(path);
    std::filesystem::remove(path.string() + "-wal");
    std::filesystem::remove(path.string() + "-shm");
  }
};

Shop& shop() {
  static Shop s;
  return s;
}

cw::reports::ReportOptions options() {
  cw::reports::ReportOptions o;
  o.as_of_day = kAsOfDay;
  return o;
}

void BM_LoadDataset(benchmark::State& state) {
  Shop& s = shop();
  for (auto _ : state) {
    auto data = cw::reports::load_dataset(*s.db, cw::reports::LoadOptions{kAsOfDay, false});
    if (!data || data->facts.size() != static_cast<std::size_t>(kCustomers))
      state.SkipWithError("load failed");
    benchmark::DoNotOptimize(data);
  }
  state.counters["customers"] = kCustomers;
}
BENCHMARK(BM_LoadDataset)->Unit(benchmark::kMillisecond)->Iterations(2);

void BM_RfmWarmCache(benchmark::State& state) {
  Shop& s = shop();
  cw::reports::DatasetCache cache;
  const auto o = options();
  if (!cw::reports::run_report("rfm", *s.db, o, cw::SystemClock{}, &cache))
    state.SkipWithError("rfm failed");
  for (auto _ : state) {
    auto table = cw::reports::run_report("rfm", *s.db, o, cw::SystemClock{}, &cache);
    if (!table || table->rows() != static_cast<std::size_t>(kCustomers))
      state.SkipWithError("rfm failed");
    benchmark::DoNotOptimize(table);
  }
  state.counters["customers"] = kCustomers;
}
BENCHMARK(BM_RfmWarmCache)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_RfmOnDataset(benchmark::State& state) {
  Shop& s = shop();
  auto data = cw::reports::load_dataset(*s.db, cw::reports::LoadOptions{kAsOfDay, false});
  if (!data) {
    state.SkipWithError("load failed");
    return;
  }
  const auto o = options();
  for (auto _ : state) {
    auto table = cw::reports::run_report("rfm", *data, o, cw::SystemClock{});
    benchmark::DoNotOptimize(table);
  }
  state.counters["customers"] = kCustomers;
}
BENCHMARK(BM_RfmOnDataset)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
