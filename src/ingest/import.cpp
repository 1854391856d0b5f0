#include "ingest/import.hpp"

#include <array>
#include <utility>

#include "csv/input_error.hpp"
#include "csv/mapped_file.hpp"
#include "db/copy.hpp"
#include "facts/facts.hpp"
#include "ingest/import_context.hpp"

namespace cw::ingest {
namespace {

constexpr std::array<std::pair<const char*, Importer>, 9> kImporters = {{
    {"orders", import_orders_log},
    {"online-retail", import_online_retail},
    {"customer-summary", import_customer_summary},
    {"shop-customers", import_shop_customers},
    {"shop-products", import_shop_products},
    {"shop-orders", import_shop_orders},
    {"shop-visits", import_shop_visits},
    {"shop-campaigns", import_shop_campaigns},
    {"shop-coupons", import_shop_coupons},
}};

constexpr const char* kFolderFormat = "cartify";

// SQLite keeps a write transaction's changed pages in its page cache (2 MB by default) and spills
// them to the WAL when it is full, over and over in a large import: while the import lasts, the
// connection gets a cache of 256 MB (memory is only taken as pages are used).
class LargePageCache {
 public:
  explicit LargePageCache(db::Connection& c) : c_(c) {
    if (c_.dialect() == db::Dialect::kSqlite)
      c_.execute_script("PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;");
  }
  ~LargePageCache() {
    if (c_.dialect() != db::Dialect::kSqlite) return;
    try {
      c_.execute_script("PRAGMA cache_size=-2000; PRAGMA temp_store=DEFAULT;");
    } catch (...) {
      // The import's own result is the one to report; a larger cache is harmless.
    }
  }
  LargePageCache(const LargePageCache&) = delete;
  LargePageCache& operator=(const LargePageCache&) = delete;

 private:
  db::Connection& c_;
};

// Runs `load` in one write transaction with the facts of the customers that got orders; commits
// only when it succeeds.
template <typename Load>
Result<ImportSummary> in_one_transaction(db::Database& db, const std::string& format,
                                         const Clock& clock, const ImportOptions& options,
                                         Load load) {
  ImportSummary summary;
  summary.format = format;
  auto c = db.lease();
  const LargePageCache cache(*c);
  db::Transaction tx(*c, db::TxMode::kWrite);
  ImportContext ctx(*c, clock, options, summary);
  try {
    CW_TRY(load(ctx));  // an error returns before commit: the transaction rolls back
    ctx.writer.flush();
    // Tables loaded in this transaction have no statistics yet: PostgreSQL's planner then guesses
    // the per-customer facts query costly enough to JIT-compile it on every run (about 20 ms
    // each). ANALYZE inside the transaction counts its own new rows and fixes the estimates.
    if (c->dialect() == db::Dialect::kPostgres && !ctx.customers_with_orders.empty())
      c->execute_script("ANALYZE orders, order_lines");
    // Facts are derived from the orders: recomputed here so that they commit with them.
    for (const std::int64_t customer : ctx.customers_with_orders)
      facts::recompute_customer(*c, customer);
  } catch (const db::ConstraintError& e) {
    // A row refused by a COPY is named by the writer; a statement's by the line being written.
    auto error =
        csv::input_error("invalid_row", ctx.writer.failed_source_line().value_or(ctx.line),
                         std::string("the row breaks a rule of the database (") + e.what() + ")");
    if (!ctx.file.empty()) error.message = ctx.file + ": " + error.message;
    return fail(error);
  }
  summary.facts_recomputed = static_cast<std::int64_t>(ctx.customers_with_orders.size());
  // Imported rows keep their ids; the next row the shop creates must not take one of them.
  db::move_all_sequences_past(*c);
  tx.commit();
  return summary;
}

}  // namespace

std::unordered_set<std::int64_t>& ImportContext::ids_of(std::string_view table) {
  auto found = ids_.find(table);
  if (found != ids_.end()) return found->second;
  auto& ids = ids_[std::string(table)];
  for (auto rows = c.stream("SELECT id FROM " + std::string(table)); rows.next();)
    ids.insert(rows.integer(0));
  return ids;
}

bool ImportContext::exists(std::string_view table, std::int64_t id) {
  return ids_of(table).count(id) > 0;
}

void ImportContext::added(std::string_view table, std::int64_t id) {
  ids_of(table).insert(id);
}

db::BulkWriter::Table& ImportContext::table(const std::string& name,
                                            std::vector<std::string> columns) {
  std::vector<std::string> key{name};
  key.insert(key.end(), columns.begin(), columns.end());
  auto& open = tables_[key];
  if (!open) open = &writer.table(name, std::move(columns));
  return *open;
}

Error ImportContext::id_exists(std::int64_t at_line, std::string_view what, std::int64_t id,
                               std::string field) const {
  return Error::conflict("id_exists",
                         "line " + std::to_string(at_line) + ": " + std::string(what) + " " +
                             std::to_string(id) + " already exists in the database",
                         std::move(field));
}

Error ImportContext::unknown_reference(std::int64_t at_line, std::string_view what, std::int64_t id,
                                       std::string field) const {
  return csv::input_error("unknown_reference", at_line,
                          std::string(what) + " " + std::to_string(id) + " does not exist",
                          std::move(field));
}

Result<void> check_unique(std::unordered_map<std::int64_t, std::int64_t>& seen, std::int64_t id,
                          std::int64_t line, const std::string& field) {
  if (auto [it, fresh] = seen.try_emplace(id, line); !fresh)
    return fail(csv::input_error("duplicate_id", line,
                                 field + " " + std::to_string(id) + " was already used on line " +
                                     std::to_string(it->second),
                                 field));
  return {};
}

std::int64_t ImportContext::now() const {
  return to_unix(clock.now());
}

const std::vector<std::string>& import_formats() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& entry : kImporters) out.emplace_back(entry.first);
    out.emplace_back(kFolderFormat);
    return out;
  }();
  return names;
}

Result<ImportSummary> import_file(db::Database& db, const std::string& format,
                                  const std::string& path, const Clock& clock) {
  return import_file(db, format, path, clock, ImportOptions{});
}

Result<ImportSummary> import_file(db::Database& db, const std::string& format,
                                  const std::string& path, const Clock& clock,
                                  const ImportOptions& options) {
  if (format == kFolderFormat)
    return in_one_transaction(db, format, clock, options,
                              [&](ImportContext& ctx) { return import_cartify(ctx, path); });
  Importer importer = nullptr;
  for (const auto& [name, function] : kImporters)
    if (format == name) importer = function;
  if (!importer) {
    std::string known;
    for (const auto& name : import_formats()) known += (known.empty() ? "" : ", ") + name;
    return fail(Error::bad_request("unknown_import_format",
                                   "unknown import format '" + format + "' (one of " + known + ")",
                                   "format"));
  }
  CW_ASSIGN_OR_RETURN(auto file, csv::MappedFile::open(path));
  return in_one_transaction(db, format, clock, options,
                            [&](ImportContext& ctx) { return importer(ctx, file.bytes()); });
}

}  // namespace cw::ingest
