// cartwise generate: the demo shop at any scale, deterministic for a seed.
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/context.hpp"
#include "cli/progress.hpp"
#include "core/clock.hpp"
#include "customers/accounts.hpp"
#include "demo/cartify_layout.hpp"
#include "demo/generator.hpp"

namespace cw::cli {

void add_generate_command(CLI::App& app, Context& context) {
  struct Flags {
    std::int64_t customers = 0;
    std::uint64_t seed = 1;
    double orders_per_customer = 10.0;
    std::string format = "shop", out;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* cmd = app.add_subcommand(
      "generate",
      "Generate the demo shop (catalogue, customers, orders, visits) into an empty "
      "database, or a Cartify folder (--format cartify --out DIR); prints a summary");
  add_config_flags(*cmd, context, false);
  cmd->add_option("--customers", flags->customers, "customers to generate")
      ->required()
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{100'000'000}));
  cmd->add_option("--seed", flags->seed, "random seed (same seed, same shop)")
      ->capture_default_str();
  cmd->add_option("--orders-per-customer", flags->orders_per_customer,
                  "mean orders per customer, non-buyers included")
      ->check(CLI::Range(0.1, 200.0))
      ->capture_default_str();
  cmd->add_option("--format", flags->format,
                  "shop (default: into the database) or cartify (files into --out)")
      ->check(CLI::IsMember({"shop", "cartify"}));
  cmd->add_option("--out", flags->out, "cartify: the folder to write the 15 files into");
  cmd->callback([&context, flags] {
    if (flags->format == "cartify") {
      if (flags->out.empty()) throw CommandError("--format cartify needs --out DIR");
      const auto s = demo::write_cartify(flags->out, {flags->customers, flags->seed});
      if (!s) throw CommandError(s.error().message);
      std::printf(
          "customers  %lld\nproducts   %lld\norders     %lld (%lld with a mismatched amount)\n"
          "lines      %lld\ncampaigns  %lld (%lld coupons)\nsessions   %lld\nreviews    %lld\n",
          static_cast<long long>(s->customers), static_cast<long long>(s->products),
          static_cast<long long>(s->orders), static_cast<long long>(s->mismatched_amounts),
          static_cast<long long>(s->lines), static_cast<long long>(s->campaigns),
          static_cast<long long>(s->coupons), static_cast<long long>(s->sessions),
          static_cast<long long>(s->reviews));
      return;
    }
    if (!flags->out.empty()) throw CommandError("--out is for --format cartify");
    const Config config = context.load_config();
    auto db = open_database(config);
    demo::Options options;
    options.customers = flags->customers;
    options.seed = flags->seed;
    options.orders_per_customer = flags->orders_per_customer;
    options.currency = config.currency;
    options.reward_rules = loyalty::Rules::from_config(config);
    // One hash for every generated customer: hashing a million times would take a day.
    options.password_hash =
        customers::PasswordHasher(config.password_cost).hash(demo::kShopperPassword);
    options.on_progress = progress_printer();
    const auto summary = demo::generate(*db, context.clock, options);
    finish_progress();
    if (!summary) throw CommandError(summary.error().message);
    const double rate =
        summary->seconds > 0 ? static_cast<double>(summary->orders) / summary->seconds : 0.0;
    std::printf(
        "customers  %lld\norders     %lld (%lld cancelled)\nlines      %lld\nvisits     %lld\n"
        "products   %lld\ncampaigns  %lld (%lld coupons, used on %lld orders)\n"
        "rewards    %lld (%lld claimed)\nseconds    %.1f\norders/s   %.0f\n",
        static_cast<long long>(summary->customers), static_cast<long long>(summary->orders),
        static_cast<long long>(summary->cancelled), static_cast<long long>(summary->lines),
        static_cast<long long>(summary->visits), static_cast<long long>(summary->products),
        static_cast<long long>(summary->campaigns), static_cast<long long>(summary->coupons),
        static_cast<long long>(summary->coupon_orders), static_cast<long long>(summary->rewards),
        static_cast<long long>(summary->rewards_claimed), summary->seconds, rate);
  });
}

}  // namespace cw::cli
