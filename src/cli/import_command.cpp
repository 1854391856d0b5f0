// cartwise import --db FILE --format F FILE
#include <iostream>
#include <memory>

#include "cli/context.hpp"
#include "core/clock.hpp"
#include "ingest/import.hpp"

namespace cw::cli {

void add_import_command(CLI::App& app, Context& context) {
  auto* command = app.add_subcommand(
      "import",
      "Load a CSV file (or a Cartify folder) into the shop database, all or nothing "
      "(docs/import-formats.md)");
  add_config_flags(*command, context, false);
  struct Arguments {
    std::string format, path;
  };
  auto args = std::make_shared<Arguments>();
  std::string formats;
  for (const auto& f : ingest::import_formats()) formats += (formats.empty() ? "" : "|") + f;
  command->add_option("--format", args->format, formats)->required();
  command->add_option("file", args->path, "The CSV file (a folder for --format cartify)")
      ->required();
  command->callback([&context, args] {
    const Config config = context.load_config();
    auto db = open_database(config);
    ingest::ImportOptions options;
    options.currency = config.currency;
    options.currency_decimals = config.currency_decimals;
    auto summary = ingest::import_file(*db, args->format, args->path, context.clock, options);
    if (!summary) throw CommandError(summary.error().code + ": " + summary.error().message);
    std::cout << "imported " << args->path << " as " << summary->format << ": "
              << summary->rows_read << " rows read\n";
    for (const auto& [table, rows] : summary->imported)
      std::cout << "  " << table << ": " << rows << " rows\n";
    for (const auto& [reason, rows] : summary->skipped)
      std::cout << "  skipped (" << reason << "): " << rows << " rows\n";
    if (summary->cancellations > 0)
      std::cout << "  cancellations counted: " << summary->cancellations << "\n";
    std::cout << "  customer facts recomputed: " << summary->facts_recomputed << "\n";
  });
}

}  // namespace cw::cli
