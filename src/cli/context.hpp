#pragma once
// What every cartwise command shares: the global --config file, the configuration flags a command
// was given (--db, --port, --bind map to the keys database, port, bind), loading the
// configuration with its precedence (flag > CARTWISE_<KEY> > file > default) and opening the
// database. A command ends with a one-line reason on stderr and exit 1 by throwing CommandError.

#include <CLI/CLI.hpp>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "db/database.hpp"
#include "reports/render.hpp"
#include "reports/table.hpp"

namespace cw::snapshots {
struct Summary;
}

namespace cw::cli {

enum ExitCode { kExitOk = 0, kExitError = 1, kExitUsage = 2 };

class CommandError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Context {
  std::string config_file;
  std::map<std::string, std::string> flags;  // configuration key -> value, only flags given
  int exit_code = kExitOk;
  // "Now" for every command (today's date for reports and offers, coupon validity).
  SystemClock clock;

  // Throws CommandError for an unreadable file or a bad value.
  Config load_config() const;
};

// How a failed Result reads on stderr. Each command group keeps the form its users (and scripts)
// already know: reports show the message, offers prefix the code, coupons and campaigns add the
// field when the message does not name it.
enum class ErrorForm { kMessage, kCodeAndMessage, kCodeMessageAndField };

// Ends the command with `error` (CommandError, exit 1).
[[noreturn]] void fail_with(const Error& error, ErrorForm form = ErrorForm::kMessage);

template <typename T>
T value_or_fail(Result<T> result, ErrorForm form = ErrorForm::kMessage) {
  if (!result) fail_with(result.error(), form);
  return std::move(*result);
}

// Renders `table` to stdout, or to the file `output` when it is not empty; CommandError when the
// file cannot be written.
void write_table(const reports::Table& table, reports::Format format,
                 const std::string& output = {});

// Adds --db FILE; --port N and --bind ADDR when `server` is true.
void add_config_flags(CLI::App& command, Context& context, bool server);

// Adds --analytics-db (config key analytics_database) to a command that reads for analytics.
void add_analytics_flag(CLI::App& command, Context& context);

// Opens (creating and migrating) the configured database; CommandError when it cannot.
std::unique_ptr<db::Database> open_database(const Config& config);

// The configured analytics_database opened read-only (db::Options::read_only: not migrated, every
// write refused), or nullptr when none is set: reads then go to the primary. CommandError when it
// cannot be opened or its schema is not this binary's.
std::unique_ptr<db::Database> open_analytics_database(const Config& config);

// For a command that only reads: the analytics database when one is set (the primary is then not
// opened at all), else the primary.
std::unique_ptr<db::Database> open_reading_database(const Config& config);

// Every command group adds its subcommands here.
void add_server_commands(CLI::App& app, Context& context);     // serve, demo
void add_generate_command(CLI::App& app, Context& context);    // generate
void add_db_commands(CLI::App& app, Context& context);         // db migrate|rebuild-facts|copy
void add_db_copy_command(CLI::App& db_cmd);                    // db copy (db_copy_command.cpp)
void add_user_commands(CLI::App& app, Context& context);       // user add
void add_report_commands(CLI::App& app, Context& context);     // report, export segment
void add_promotion_commands(CLI::App& app, Context& context);  // coupon, campaign
void add_offer_commands(CLI::App& app, Context& context);      // offers plan
void add_import_command(CLI::App& app, Context& context);      // import
void add_snapshot_commands(CLI::App& app, Context& context);   // snapshot take|list

// "snapshot 3 as of 2026-03-01: 1200 customers" (snapshot_commands.cpp).
std::string snapshot_line(const snapshots::Summary& summary);

}  // namespace cw::cli
