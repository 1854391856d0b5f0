// cartwise db migrate | rebuild-facts | copy
#include <iostream>

#include "cli/context.hpp"
#include "facts/facts.hpp"

namespace cw::cli {

void add_db_commands(CLI::App& app, Context& context) {
  CLI::App* db_cmd = app.add_subcommand("db", "Database maintenance");
  db_cmd->require_subcommand(1);

  CLI::App* migrate = db_cmd->add_subcommand(
      "migrate", "Create the database if needed and apply every pending migration");
  add_config_flags(*migrate, context, false);
  migrate->callback([&context] {
    const Config config = context.load_config();
    auto db = open_database(config);  // opening applies the migrations
    std::cout << "database " << config.database << " is at schema version " << db->schema_version()
              << "\n";
  });

  CLI::App* rebuild = db_cmd->add_subcommand(
      "rebuild-facts", "Recompute every customer's facts from the order history");
  add_config_flags(*rebuild, context, false);
  rebuild->callback([&context] {
    const Config config = context.load_config();
    auto db = open_database(config);
    const std::int64_t rows = facts::rebuild_all(*db);
    std::cout << "rebuilt facts for " << rows << " customers\n";
  });

  add_db_copy_command(*db_cmd);
}

}  // namespace cw::cli
