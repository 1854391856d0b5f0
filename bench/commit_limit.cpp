// The machine's own limit for durable writes: the rate of minimal write transactions
// (BEGIN IMMEDIATE; one INSERT; COMMIT) at each SQLite durability. Checkout throughput is judged
// against the synchronous=FULL figure.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "db/database.hpp"

namespace {

void CommitMinimalTransaction(benchmark::State& state) {
  const auto durability = static_cast<cw::Durability>(state.range(0));
  const auto dir = std::filesystem::temp_directory_path() / "cartwise-bench-commit";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    auto db = cw::db::Database::open({(dir / "commit.db").string(), durability, 5000});
    auto c = db->lease();
    c->execute_script("CREATE TABLE IF NOT EXISTS bench_rows (id INTEGER PRIMARY KEY, v INTEGER)");
    std::int64_t i = 0;
    for (auto _ : state) {
      cw::db::Transaction tx(*c, cw::db::TxMode::kWrite);
      c->exec("INSERT INTO bench_rows (v) VALUES (?)", ++i);
      tx.commit();
    }
    state.SetItemsProcessed(state.iterations());
  }
  std::filesystem::remove_all(dir);
}

BENCHMARK(CommitMinimalTransaction)
    ->ArgName("durability(0=full,1=normal,2=off)")
    ->Arg(static_cast<int>(cw::Durability::kFull))
    ->Arg(static_cast<int>(cw::Durability::kNormal))
    ->Arg(static_cast<int>(cw::Durability::kOff))
    ->MinTime(2.0)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
