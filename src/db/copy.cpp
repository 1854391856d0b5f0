// cartwise db copy: SQLite -> PostgreSQL in one transaction (copy.hpp).
#include "db/copy.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include "db/postgres_driver.hpp"

namespace cw::db {
namespace {

// COPY data is sent in pieces of about this size: large enough that libpq's per-call cost
// vanishes, small enough that a table never sits in memory as one string.
constexpr std::size_t kChunkBytes = 1 << 20;

struct ForeignKey {
  std::string parent;
  std::vector<std::string> columns;
  bool nullable = true;  // every column may be NULL: the key can be filled in later
};

struct SourceTable {
  std::string name;
  std::set<std::string> columns;
  std::vector<std::string> primary_key;
  std::vector<ForeignKey> keys;    // to other tables (a key to itself needs no order)
  std::set<std::string> deferred;  // copied as NULL, filled in after every table is in
};

struct TargetColumn {
  std::string name;
  bool floating = false;  // double precision / real: read as a double, not as SQLite's text
};

int latest_version() {
  int latest = 0;
  for (const Migration& m : migrations()) latest = std::max(latest, m.version);
  return latest;
}

// The tables a migration fills (version counters): a fresh target already holds their rows.
std::set<std::string> seeded_tables() {
  static const std::regex insert(R"(INSERT\s+INTO\s+"?(\w+))", std::regex::icase);
  std::set<std::string> names;
  for (const Migration& m : migrations()) {
    const std::string sql = m.sql_for(Dialect::kPostgres);
    for (std::sregex_iterator it(sql.begin(), sql.end(), insert), end; it != end; ++it)
      names.insert((*it)[1].str());
  }
  return names;
}

std::vector<SourceTable> source_tables(Connection& source) {
  std::vector<SourceTable> tables;
  for (auto rows = source.query(
           "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
           "ESCAPE '\\' AND name <> 'schema_migrations' ORDER BY name");
       rows.next();)
    tables.push_back({rows.text(0), {}, {}, {}, {}});
  for (auto& table : tables) {
    std::set<std::string> not_null;
    for (auto rows = source.query(
             "SELECT name, \"notnull\", pk FROM pragma_table_info(?) ORDER BY pk", table.name);
         rows.next();) {
      table.columns.insert(rows.text(0));
      if (rows.integer(1)) not_null.insert(rows.text(0));
      if (rows.integer(2) > 0) table.primary_key.push_back(rows.text(0));
    }
    std::map<std::int64_t, ForeignKey> keys;
    for (auto rows = source.query(
             "SELECT id, \"table\", \"from\" FROM pragma_foreign_key_list(?) ORDER BY id, seq",
             table.name);
         rows.next();) {
      ForeignKey& key = keys[rows.integer(0)];
      key.parent = rows.text(1);
      key.columns.push_back(rows.text(2));
      key.nullable = key.nullable && !not_null.count(rows.text(2));
    }
    for (auto& [id, key] : keys)
      if (key.parent != table.name) table.keys.push_back(std::move(key));
  }
  return tables;
}

// Parents before children (Kahn's algorithm, ties by name so the order is stable). Where the keys
// form a cycle (orders.claimed_reward_id and rewards.order_id), the first table whose keys into
// the rest of the cycle may all be NULL goes first with those columns deferred: copied as NULL
// and filled in once every table is in.
Result<std::vector<SourceTable>> in_foreign_key_order(std::vector<SourceTable> tables) {
  std::vector<SourceTable> ordered;
  std::set<std::string> waiting;
  for (const auto& t : tables) waiting.insert(t.name);
  auto blocking = [&](const SourceTable& t) {
    std::vector<const ForeignKey*> keys;
    for (const auto& key : t.keys)
      if (waiting.count(key.parent)) keys.push_back(&key);
    return keys;
  };
  while (!tables.empty()) {
    auto next = std::find_if(tables.begin(), tables.end(),
                             [&](const SourceTable& t) { return blocking(t).empty(); });
    if (next == tables.end()) {
      next = std::find_if(tables.begin(), tables.end(), [&](const SourceTable& t) {
        const auto keys = blocking(t);
        return !t.primary_key.empty() &&
               std::all_of(keys.begin(), keys.end(), [](auto* key) { return key->nullable; });
      });
      if (next == tables.end())
        return fail(Error::conflict("schema_mismatch",
                                    "the source's foreign keys form a cycle through " +
                                        tables.front().name +
                                        " with no column that may be NULL; it cannot be copied"));
      for (const ForeignKey* key : blocking(*next))
        next->deferred.insert(key->columns.begin(), key->columns.end());
    }
    waiting.erase(next->name);
    ordered.push_back(std::move(*next));
    tables.erase(next);
  }
  return ordered;
}

std::map<std::string, std::vector<TargetColumn>> target_tables(Connection& target) {
  std::map<std::string, std::vector<TargetColumn>> tables;
  for (auto rows = target.query(
           "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c "
           "JOIN information_schema.tables t ON t.table_schema = c.table_schema "
           " AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE' "
           "WHERE c.table_schema = current_schema() AND c.table_name <> 'schema_migrations' "
           " AND c.is_generated = 'NEVER' ORDER BY c.table_name, c.ordinal_position");
       rows.next();) {
    const std::string type = rows.text(2);
    tables[rows.text(0)].push_back({rows.text(1), type == "double precision" || type == "real"});
  }
  return tables;
}

Result<void> check_same_columns(const SourceTable& source,
                                const std::vector<TargetColumn>& target) {
  std::set<std::string> names;
  for (const auto& column : target) names.insert(column.name);
  if (names == source.columns) return {};
  std::string differ;
  for (const auto& name : source.columns)
    if (!names.count(name)) differ += " " + name + " (only in the source)";
  for (const auto& name : names)
    if (!source.columns.count(name)) differ += " " + name + " (only in the target)";
  return fail(Error::conflict("schema_mismatch",
                              "table " + source.name + " differs between the databases:" + differ));
}

Result<void> check_empty(Connection& target,
                         const std::map<std::string, std::vector<TargetColumn>>& tables,
                         const std::set<std::string>& seeded) {
  std::string holding;
  for (const auto& [name, columns] : tables) {
    if (seeded.count(name)) continue;
    if (target.scalar("SELECT EXISTS (SELECT 1 FROM " + quote_identifier(name) + ")").value_or(0))
      holding += (holding.empty() ? "" : ", ") + name;
  }
  if (holding.empty()) return {};
  return fail(
      Error::conflict("target_not_empty", "the target database already holds shop data (in " +
                                              holding + "); db copy only fills an empty database"));
}

void append_value(std::string& out, Rows& rows, int column, bool floating) {
  if (rows.is_null(column)) {
    out += "\\N";
  } else if (floating) {
    char buffer[32];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, rows.real(column)).ptr;
    out.append(buffer, end);
  } else {
    append_copy_value(out, rows.text(column));
  }
}

// COPYs the rows of `select` (one column per entry of `columns`, in order) from the source into
// `table`; `nulled` columns are sent as NULL whatever the source holds.
std::int64_t copy_rows(Connection& source, Connection& target, const std::string& select,
                       const std::string& table, const std::vector<TargetColumn>& columns,
                       const std::set<std::string>& nulled = {}) {
  std::vector<std::string> names;
  std::vector<bool> sent_null;
  for (const auto& column : columns) {
    names.push_back(column.name);
    sent_null.push_back(nulled.count(column.name) > 0);
  }
  auto copy = copy_in(target, table, names);
  std::string chunk;
  chunk.reserve(kChunkBytes + 4096);
  std::int64_t sent = 0;
  for (auto rows = source.query(select); rows.next(); ++sent) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (c) chunk += '\t';
      if (sent_null[c])
        chunk += "\\N";
      else
        append_value(chunk, rows, static_cast<int>(c), columns[c].floating);
    }
    chunk += '\n';
    if (chunk.size() >= kChunkBytes) {
      copy->write(chunk);
      chunk.clear();
    }
  }
  if (!chunk.empty()) copy->write(chunk);
  const std::int64_t loaded = copy->finish();
  if (loaded != sent)
    throw Failure(Error::internal("database error: copy of " + table + " loaded " +
                                  std::to_string(loaded) + " of " + std::to_string(sent) +
                                  " rows"));
  return loaded;
}

std::string identifier_list(const std::vector<std::string>& names) {
  std::string list;
  for (const auto& name : names) list += (list.empty() ? "" : ", ") + quote_identifier(name);
  return list;
}

std::int64_t copy_table(Connection& source, Connection& target, const SourceTable& table,
                        const std::vector<TargetColumn>& columns) {
  std::vector<std::string> names;
  for (const auto& column : columns) names.push_back(column.name);
  return copy_rows(source, target,
                   "SELECT " + identifier_list(names) + " FROM " + quote_identifier(table.name),
                   table.name, columns, table.deferred);
}

// Fills in the deferred columns of `table` (copied as NULL) from the source, matching rows by
// primary key, through a temporary table loaded by COPY and one UPDATE.
void fill_deferred(Connection& source, Connection& target, const SourceTable& table,
                   const std::vector<TargetColumn>& columns) {
  std::vector<std::string> names = table.primary_key;
  names.insert(names.end(), table.deferred.begin(), table.deferred.end());
  std::vector<TargetColumn> sent;
  for (const auto& name : names)
    for (const auto& column : columns)
      if (column.name == name) sent.push_back(column);
  const std::string temp = "cw_copy_" + table.name;
  target.execute_script("CREATE TEMP TABLE " + quote_identifier(temp) +
                        " ON COMMIT DROP AS SELECT " + identifier_list(names) + " FROM " +
                        quote_identifier(table.name) + " WITH NO DATA");
  std::string any_set;
  for (const auto& column : table.deferred)
    any_set += (any_set.empty() ? "" : " OR ") + quote_identifier(column) + " IS NOT NULL";
  copy_rows(source, target,
            "SELECT " + identifier_list(names) + " FROM " + quote_identifier(table.name) +
                " WHERE " + any_set,
            temp, sent);
  std::string set, match;
  for (const auto& column : table.deferred)
    set +=
        (set.empty() ? "" : ", ") + quote_identifier(column) + " = f." + quote_identifier(column);
  for (const auto& column : table.primary_key)
    match += (match.empty() ? "" : " AND ") + std::string("t.") + quote_identifier(column) +
             " = f." + quote_identifier(column);
  target.execute_script("UPDATE " + quote_identifier(table.name) + " t SET " + set + " FROM " +
                        quote_identifier(temp) + " f WHERE " + match);
}

}  // namespace

void move_sequences_past(Connection& target, const std::string& table) {
  std::vector<std::string> columns;
  for (auto rows = target.query(
           "SELECT column_name FROM information_schema.columns WHERE table_schema = "
           "current_schema() AND table_name = ? AND (is_identity = 'YES' OR column_default LIKE "
           "'nextval(%')",
           table);
       rows.next();)
    columns.push_back(rows.text(0));
  for (const auto& column : columns)
    target.exec("SELECT setval(pg_get_serial_sequence(?, ?), COALESCE((SELECT MAX(" +
                    quote_identifier(column) + ") FROM " + quote_identifier(table) +
                    "), 0) + 1, false)",
                quote_identifier(table), column);
}

void move_all_sequences_past(Connection& target) {
  if (target.dialect() != Dialect::kPostgres) return;
  std::vector<std::string> tables;
  for (auto rows =
           target.query("SELECT table_name FROM information_schema.tables WHERE table_schema ="
                        " current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name");
       rows.next();)
    tables.push_back(rows.text(0));
  for (const std::string& table : tables) move_sequences_past(target, table);
}

Result<CopySummary> copy_database(const Options& from, const Options& to,
                                  const std::function<void(const CopiedTable&)>& on_table) {
  if (!is_postgres_location(to.path) || is_postgres_location(from.path))
    return fail(
        Error::bad_request("not_postgres",
                           "db copy copies a SQLite file into PostgreSQL: --from takes a file, "
                           "--to a postgresql:// URL"));
  if (!std::filesystem::exists(from.path)) return fail(Error::not_found("database " + from.path));

  auto source = connect(from);
  Transaction reading(*source, TxMode::kRead);
  const int version =
      source->scalar("SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations'")
          ? static_cast<int>(
                source->scalar("SELECT MAX(version) FROM schema_migrations").value_or(0))
          : 0;
  if (version != latest_version())
    return fail(Error::conflict("schema_version_mismatch",
                                "the source is at schema version " + std::to_string(version) +
                                    ", this cartwise at " + std::to_string(latest_version()) +
                                    ": run `cartwise db migrate --db " + from.path + "` first"));
  CW_ASSIGN_OR_RETURN(auto tables, in_foreign_key_order(source_tables(*source)));

  auto target = connect(to);
  migrate(*target);
  Transaction writing(*target, TxMode::kWrite);
  auto target_columns = target_tables(*target);
  // Held to COMMIT: no other process writes a table between the emptiness check and the copy.
  std::vector<std::string> target_names;
  for (const auto& [name, columns] : target_columns) target_names.push_back(name);
  target->execute_script("LOCK TABLE " + identifier_list(target_names) +
                         " IN SHARE ROW EXCLUSIVE MODE");
  for (const auto& table : tables) {
    const auto found = target_columns.find(table.name);
    if (found == target_columns.end())
      return fail(Error::conflict("schema_mismatch",
                                  "table " + table.name + " is not in the target database"));
    CW_TRY(check_same_columns(table, found->second));
  }
  const auto seeded = seeded_tables();
  CW_TRY(check_empty(*target, target_columns, seeded));

  CopySummary summary{version, {}, 0};
  for (const auto& table : tables) {
    if (seeded.count(table.name)) target->exec("DELETE FROM " + quote_identifier(table.name));
    CopiedTable copied{table.name, copy_table(*source, *target, table, target_columns[table.name])};
    move_sequences_past(*target, table.name);
    summary.rows += copied.rows;
    if (on_table) on_table(copied);
    summary.tables.push_back(std::move(copied));
  }
  for (const auto& table : tables)
    if (!table.deferred.empty()) fill_deferred(*source, *target, table, target_columns[table.name]);
  writing.commit();
  return summary;
}

}  // namespace cw::db
