// cartwise serve | demo: run the HTTP API until SIGINT or SIGTERM, then stop cleanly; analytics
// snapshots are taken in the background meanwhile (snapshots/scheduler.hpp).
#include <pthread.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>
#include <thread>

#include "cli/context.hpp"
#include "cli/progress.hpp"
#include "core/clock.hpp"
#include "customers/accounts.hpp"
#include "demo/generator.hpp"
#include "http/server.hpp"
#include "snapshots/scheduler.hpp"

namespace cw::cli {
namespace {

// Signals are taken synchronously: blocked in every thread (the server's threads inherit the
// mask) and awaited with sigwait, so that stopping happens outside a signal handler.
class ShutdownSignals {
 public:
  ShutdownSignals() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
  }
  int wait() const {
    int signal = 0;
    sigwait(&set_, &signal);
    return signal;
  }

 private:
  sigset_t set_;
};

void serve(db::Database& db, db::Database* analytics, const Config& config, const Clock& clock,
           const ShutdownSignals& signals) {
  http::configure_logging(config);
  http::Server server(db, config, clock, analytics);
  const auto port = server.bind();
  if (!port) throw CommandError(port.error().message);
  std::cout << "Cartwise is serving http://" << config.bind << ":" << *port << "/ (database "
            << config.database << "); press Ctrl-C to stop" << std::endl;
  std::thread listener([&server] { server.listen(); });
  snapshots::Snapshots snapshots(db, config, clock, analytics);
  snapshots::Scheduler scheduler(
      snapshots, config.snapshot_interval_days, std::chrono::hours(1),
      {[](const snapshots::Summary& s) { spdlog::info("took {}", snapshot_line(s)); },
       [](const std::string& why) { spdlog::error("snapshot failed: {}", why); }});
  const int signal = signals.wait();
  std::cout << "received " << (signal == SIGINT ? "SIGINT" : "SIGTERM") << ", stopping"
            << std::endl;
  scheduler.stop();
  server.stop();
  listener.join();
}

// Two snapshots on the demo shop, so that segment migration has something to compare: as of the
// newest order's day and snapshot_interval_days before it. Only when the shop has fewer than two.
void take_demo_snapshots(db::Database& db, const Config& config, const Clock& clock) {
  snapshots::Snapshots snapshots(db, config, clock);
  if (snapshots.list().size() >= 2) return;
  const auto newest =
      db.lease()->scalar("SELECT max(placed_at) FROM orders WHERE status <> 'cancelled'");
  if (!newest) return;
  const std::int32_t last_day = day_of_unix(*newest);
  for (const std::int32_t day : {last_day - config.snapshot_interval_days, last_day}) {
    std::cout << "Took " << snapshot_line(value_or_fail(snapshots.take(day))) << std::endl;
  }
}

void create_demo_shop(db::Database& db, const Config& config, const Clock& clock,
                      std::int64_t customers, std::uint64_t seed) {
  std::cout << "Creating the demo shop (" << customers << " customers, seed " << seed << ")..."
            << std::endl;
  demo::Options options;
  options.customers = customers;
  options.seed = seed;
  options.currency = config.currency;
  options.password_hash =
      customers::PasswordHasher(config.password_cost).hash(demo::kShopperPassword);
  options.on_progress = progress_printer();
  const auto summary = demo::generate(db, clock, options);
  if (!summary) throw CommandError(summary.error().message);
  finish_progress();
  std::cout << "Generated " << summary->customers << " customers and " << summary->orders
            << " orders in " << summary->seconds << " s" << std::endl;
  customers::Accounts accounts(db, config, clock);
  for (const auto& login : demo::kStaffLogins) {
    const auto added =
        accounts.add_staff(login.username, login.password, *customers::parse_role(login.role));
    if (!added && added.error().code != "username_taken") throw CommandError(added.error().message);
  }
}

void print_demo_logins(db::Database& db) {
  std::cout << "Staff logins (username / password):\n";
  for (const auto& login : demo::kStaffLogins)
    std::cout << "  " << login.role << ": " << login.username << " / " << login.password << "\n";
  auto c = db.lease();
  auto rows = c->query("SELECT username FROM accounts WHERE role = 'customer' ORDER BY id LIMIT 1");
  if (rows.next())
    std::cout << "Shoppers: every generated customer's password is '" << demo::kShopperPassword
              << "', e.g. " << rows.text(0) << " / " << demo::kShopperPassword << "\n";
  std::cout << std::flush;
}

}  // namespace

void add_server_commands(CLI::App& app, Context& context) {
  CLI::App* serve_cmd = app.add_subcommand("serve", "Serve the JSON API until SIGINT/SIGTERM");
  add_config_flags(*serve_cmd, context, true);
  add_analytics_flag(*serve_cmd, context);
  serve_cmd->callback([&context] {
    const Config config = context.load_config();
    const ShutdownSignals signals;
    auto db = open_database(config);
    auto analytics = open_analytics_database(config);
    serve(*db, analytics.get(), config, context.clock, signals);
  });

  struct DemoFlags {
    std::int64_t customers = 2000;
    std::uint64_t seed = 1;
  };
  auto demo_flags = std::make_shared<DemoFlags>();  // owned by the callback below
  CLI::App* demo_cmd = app.add_subcommand(
      "demo", "Create the demo shop when the database has no products, print the logins, serve");
  add_config_flags(*demo_cmd, context, true);
  demo_cmd->add_option("--customers", demo_flags->customers, "customers to generate")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{100'000'000}))
      ->capture_default_str();
  demo_cmd->add_option("--seed", demo_flags->seed, "random seed")->capture_default_str();
  demo_cmd->callback([&context, demo_flags] {
    const Config config = context.load_config();
    const ShutdownSignals signals;
    auto db = open_database(config);
    const Clock& clock = context.clock;
    const bool empty = db->lease()->scalar("SELECT COUNT(*) FROM products").value_or(0) == 0;
    if (empty) create_demo_shop(*db, config, clock, demo_flags->customers, demo_flags->seed);
    take_demo_snapshots(*db, config, clock);
    print_demo_logins(*db);
    serve(*db, nullptr, config, clock, signals);
  });
}

}  // namespace cw::cli
