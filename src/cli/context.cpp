#include "cli/context.hpp"

#include <algorithm>
#include <fstream>
#include <iostream>

namespace cw::cli {

void fail_with(const Error& error, ErrorForm form) {
  switch (form) {
    case ErrorForm::kMessage:
      throw CommandError(error.message);
    case ErrorForm::kCodeAndMessage:
      throw CommandError(error.code + ": " + error.message);
    case ErrorForm::kCodeMessageAndField: {
      std::string line = error.code + ": " + error.message;
      if (!error.field.empty() && error.message.find(error.field) == std::string::npos)
        line += " (" + error.field + ")";
      throw CommandError(line);
    }
  }
  throw CommandError(error.message);
}

void write_table(const reports::Table& table, reports::Format format, const std::string& output) {
  if (output.empty()) {
    reports::render(table, format, std::cout);
    return;
  }
  std::ofstream out(output, std::ios::binary | std::ios::trunc);
  if (!out) throw CommandError("cannot write " + output);
  reports::render(table, format, out);
  out.close();
  if (!out) throw CommandError("cannot write " + output);
}

Config Context::load_config() const {
  auto config = cw::load_config(config_file, flags);
  if (!config) throw CommandError(config.error().message);
  return *config;
}

void add_config_flags(CLI::App& command, Context& context, bool server) {
  command.add_option_function<std::string>(
      "--db", [&context](const std::string& v) { context.flags["database"] = v; },
      "SQLite database file, or a PostgreSQL URL postgresql://user@host:port/name "
      "(config key database; default ./cartwise.db)");
  if (!server) return;
  command
      .add_option_function<int>(
          "--port", [&context](int v) { context.flags["port"] = std::to_string(v); },
          "TCP port to listen on; 0 picks a free port (config key port; default 8080)")
      ->check(CLI::Range(0, 65535));
  command.add_option_function<std::string>(
      "--bind", [&context](const std::string& v) { context.flags["bind"] = v; },
      "address to listen on (config key bind; default 127.0.0.1)");
}

void add_analytics_flag(CLI::App& command, Context& context) {
  command.add_option_function<std::string>(
      "--analytics-db",
      [&context](const std::string& v) { context.flags["analytics_database"] = v; },
      "read the shop's data for analytics from this database instead (a read replica or a copy; "
      "SQLite file or PostgreSQL URL; config key analytics_database)");
}

namespace {

std::unique_ptr<db::Database> open_at(const Config& config, const std::string& location,
                                      bool read_only) {
  // Every thread that may lease a connection at once keeps one idle between requests: the HTTP
  // workers and I/O threads, and a few background ones (warm-up, snapshot scheduler, a report's
  // second connection). A smaller pool closes connections a busy server then reopens, preparing
  // every statement again (a fifth of checkout's CPU at 64 workers on SQLite; a new backend per
  // request on PostgreSQL).
  constexpr int kBackgroundThreads = 4;
  const int pool = std::max(config.db_pool_size,
                            config.http_threads + config.http_io_threads + kBackgroundThreads);
  try {
    return db::Database::open({location, config.durability, config.busy_timeout_ms,
                               config.group_commit_max, pool, read_only});
  } catch (const Failure& e) {
    throw CommandError(e.error().message);
  }
}

}  // namespace

std::unique_ptr<db::Database> open_database(const Config& config) {
  return open_at(config, config.database, false);
}

std::unique_ptr<db::Database> open_analytics_database(const Config& config) {
  if (config.analytics_database.empty()) return nullptr;
  return open_at(config, config.analytics_database, true);
}

std::unique_ptr<db::Database> open_reading_database(const Config& config) {
  auto analytics = open_analytics_database(config);
  return analytics ? std::move(analytics) : open_database(config);
}

}  // namespace cw::cli
