// The BG/NBD and Gamma-Gamma fits and the per-customer predictions on 1,000,000 customers drawn
// from the models (CDNOW's parameters, observation lengths 20-78 weeks): with continuous times
// (no two customers alike) and in whole days (what orders give: many customers share their
// (x, t_x, T), which the fit folds together). Arg whole_days: 0 or 1.
#include <benchmark/benchmark.h>

#include <map>

#include "clv/clv.hpp"
#include "simulate.hpp"

namespace {

constexpr std::size_t kCustomers = 1'000'000;

const cw::clv::Summary& customers(bool whole_days) {
  static std::map<bool, cw::clv::Summary> cache;
  auto it = cache.find(whole_days);
  if (it == cache.end()) {
    cw::clv::test::Truth truth;
    truth.whole_days = whole_days;
    it = cache.emplace(whole_days, cw::clv::test::simulate(truth, kCustomers, 2024)).first;
  }
  return it->second;
}

template <typename Fit>
void time_fit(benchmark::State& state, Fit fit) {
  const cw::clv::Summary& s = customers(state.range(0) != 0);
  int evaluations = 0;
  std::size_t fitted = 0;
  for (auto _ : state) {
    auto result = fit(s);
    if (!result || !result->info.converged) {
      state.SkipWithError("the fit failed or did not converge");
      break;
    }
    evaluations = result->info.iterations;
    fitted = result->info.customers;
    benchmark::DoNotOptimize(result);
  }
  state.counters["evaluations"] = evaluations;
  state.counters["customers"] = static_cast<double>(fitted);
}

void fit_bg_nbd(benchmark::State& state) {
  time_fit(state, [](const cw::clv::Summary& s) { return cw::clv::fit_bg_nbd(s); });
}
BENCHMARK(fit_bg_nbd)->ArgName("whole_days")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void fit_gamma_gamma(benchmark::State& state) {
  time_fit(state, [](const cw::clv::Summary& s) { return cw::clv::fit_gamma_gamma(s); });
}
BENCHMARK(fit_gamma_gamma)->ArgName("whole_days")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// Every customer's P(alive), expected purchases in 52 weeks, expected value and CLV; with
// `discounted` the CLV is discounted monthly (12 expectations per customer instead of one).
void predict(benchmark::State& state) {
  const cw::clv::Summary& s = customers(state.range(0) != 0);
  const cw::clv::test::Truth truth;
  cw::clv::ClvOptions options;
  if (state.range(1) != 0) options.discount_rate = 0.1;
  for (auto _ : state) {
    auto p = cw::clv::predict(truth.bg, truth.gg, s, options);
    if (!p) state.SkipWithError("predict failed");
    benchmark::DoNotOptimize(p);
  }
}
BENCHMARK(predict)
    ->ArgNames({"whole_days", "discounted"})
    ->Args({0, 0})
    ->Args({1, 0})
    ->Args({1, 1})
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
