// cartwise db copy --from FILE --to URL: a whole SQLite shop into PostgreSQL (db/copy.hpp).
#include <chrono>
#include <cstdio>
#include <iostream>

#include "cli/context.hpp"
#include "db/copy.hpp"

namespace cw::cli {

void add_db_copy_command(CLI::App& db_cmd) {
  struct Flags {
    std::string from;
    std::string to;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* copy = db_cmd.add_subcommand(
      "copy", "Copy a whole SQLite shop into an empty PostgreSQL database, all or nothing");
  copy->add_option("--from", flags->from, "the SQLite file to copy")->required();
  copy->add_option("--to", flags->to, "the PostgreSQL database (postgresql://user@host:port/name)")
      ->required();
  copy->callback([flags] {
    const auto started = std::chrono::steady_clock::now();
    db::Options from;
    from.path = flags->from;
    db::Options to;
    to.path = flags->to;
    // One line per table on stdout as it lands (the copy is one transaction: nothing is visible
    // in the target before the last line).
    const auto summary = value_or_fail(db::copy_database(from, to, [](const db::CopiedTable& t) {
      std::cout << t.name << ": " << t.rows << " rows\n" << std::flush;
    }));
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    char rate[64];
    std::snprintf(rate, sizeof rate, "%.1f s, %.0f rows/s", seconds,
                  seconds > 0 ? static_cast<double>(summary.rows) / seconds : 0.0);
    std::cout << "copied " << summary.rows << " rows in " << summary.tables.size()
              << " tables at schema version " << summary.schema_version << " (" << rate << ")\n";
  });
}

}  // namespace cw::cli
