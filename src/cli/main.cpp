// cartwise: the one executable. Parses the command line (CLI11) and hands over to the command
// groups; turns every failure into a one-line reason on stderr and an exit code
// (0 ok, 1 error, 2 usage error).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

#include "cli/context.hpp"
#include "core/error.hpp"
#include "db/database.hpp"

namespace {

// CLI11 reports a mistyped command as "a subcommand is required"; name the word instead.
std::optional<std::string> unknown_command(const CLI::App& app, int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--config") {
      ++i;
      continue;
    }
    if (arg.empty() || arg[0] == '-') continue;
    for (const CLI::App* sub : app.get_subcommands({}))
      if (sub->get_name() == arg) return std::nullopt;
    return arg;
  }
  return std::nullopt;
}

int run(int argc, char** argv) {
  using namespace cw::cli;
  Context context;
  CLI::App app{"Cartwise: a self-hosted shop with a marketing and loyalty engine", "cartwise"};
  app.fallthrough();  // --config is accepted after the subcommand too
  app.require_subcommand(1);
  app.add_option("--config", context.config_file, "TOML configuration file")
      ->check(CLI::ExistingFile);
  add_server_commands(app, context);
  add_generate_command(app, context);
  add_db_commands(app, context);
  add_user_commands(app, context);
  add_report_commands(app, context);
  add_promotion_commands(app, context);
  add_import_command(app, context);
  add_offer_commands(app, context);
  add_snapshot_commands(app, context);
  if (const auto word = unknown_command(app, argc, argv)) {
    std::cerr << "cartwise: unknown command '" << *word << "' (run 'cartwise --help')\n";
    return kExitUsage;
  }
  try {
    app.parse(argc, argv);
    return context.exit_code;
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "cartwise: " << e.what() << " (run 'cartwise --help')\n";
    return kExitUsage;
  } catch (const CommandError& e) {
    std::cerr << "cartwise: " << e.what() << "\n";
  } catch (const cw::db::ConstraintError& e) {
    std::cerr << "cartwise: database constraint violated: " << e.what() << "\n";
  } catch (const cw::Failure& e) {
    std::cerr << "cartwise: " << e.error().message << "\n";
  } catch (const std::exception& e) {
    std::cerr << "cartwise: " << e.what() << "\n";
  }
  return kExitError;
}

}  // namespace

int main(int argc, char** argv) {
  // Building the command table can throw too (CLI11 refuses a malformed option, memory runs out):
  // nothing escapes main.
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "cartwise: " << e.what() << "\n";
  }
  return cw::cli::kExitError;
}
