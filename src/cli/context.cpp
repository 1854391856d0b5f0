#include "cli/context.hpp"

namespace cw::cli {

Config Context::load_config() const {
  auto config = cw::load_config(config_file, flags);
  if (!config) throw CommandError(config.error().message);
  return *config;
}

void add_config_flags(CLI::App& command, Context& context, bool server) {
  command.add_option_function<std::string>(
      "--db", [&context](const std::string& v) { context.flags["database"] = v; },
      "SQLite database file (config key database; default ./cartwise.db)");
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
    return db::Database::open(
        {config.database, config.durability, config.busy_timeout_ms, config.group_commit_max});
  } catch (const Failure& e) {
    throw CommandError(e.error().message);
  }
}

}  // namespace cw::cli
