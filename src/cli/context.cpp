#include "cli/context.hpp"

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

std::unique_ptr<db::Database> open_database(const Config& config) {
  try {
    return db::Database::open({config.database, config.durability, config.busy_timeout_ms,
                               config.group_commit_max, config.db_pool_size});
  } catch (const Failure& e) {
    throw CommandError(e.error().message);
  }
}

}  // namespace cw::cli
