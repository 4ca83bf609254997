#include "platform/db/sqlite/sqlite_connection.h"

#include <algorithm>
#include <charconv>
#include <variant>

#include "platform/db/db_error.h"
#include "platform/db/sqlite/sqlite_error.h"

namespace sagashop::db {
namespace {

// Resets the statement (and drops the bound values) however stepping ends, so a cached statement
// never holds a read snapshot or pointers into the caller's parameters.
class ResetOnExit {
 public:
  explicit ResetOnExit(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;
  ~ResetOnExit() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

 private:
  sqlite3_stmt* stmt_;
};

// "$7" -> 7; 0 for anything else (":name", "?", "@x", "$x").
std::size_t DollarNumber(const char* name) {
  if (name == nullptr || name[0] != '$') return 0;
  const std::string_view digits(name + 1);
  std::size_t number = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
  if (error != std::errc() || end != digits.data() + digits.size()) return 0;
  return number;
}

std::string Context(std::string_view verb, std::string_view name) {
  return std::string(verb) + " '" + std::string(name) + "'";
}

}  // namespace

SqliteConnection::SqliteConnection(SqliteHandle handle) : handle_(std::move(handle)) {}

SqliteConnection::~SqliteConnection() {
  prepared_.clear();  // statements first; sqlite3_close_v2 would otherwise linger as a zombie
}

std::unique_ptr<SqliteConnection> SqliteConnection::Open(const SqliteConfig& config) {
  sqlite3* raw = nullptr;
  // NOMUTEX: the pool lends a connection to one thread at a time, so SQLite's own locking per call
  // would only cost. EXRESCODE: extended result codes, e.g. SQLITE_CONSTRAINT_UNIQUE.
  const int flags =
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  const int opened = sqlite3_open_v2(config.path.c_str(), &raw, flags, nullptr);
  SqliteHandle handle(raw);  // owns the handle even when opening failed
  if (opened != SQLITE_OK) {
    throw SqliteErrorFrom("opening '" + config.path + "'", opened, handle.Get());
  }
  sqlite3_busy_timeout(handle.Get(), static_cast<int>(config.busy_timeout.count()));

  std::unique_ptr<SqliteConnection> connection(new SqliteConnection(std::move(handle)));
  // WAL: readers never block the writer nor the writer the readers. The mode is stored in the
  // file, so only the first connection ever changes it.
  const ResultSet mode = connection->ExecPrepared(
      Query{"sagashop.sqlite.journal_mode", "PRAGMA journal_mode=WAL"}, {});
  if (mode.Empty() || mode.Text(0, 0) != "wal") {
    throw DbError(DbError::Kind::kPermanent,
                  "sqlite: '" + config.path + "' cannot use write-ahead logging");
  }
  connection->Exec(config.durable ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
  connection->Exec("PRAGMA foreign_keys=ON");
  return connection;
}

void SqliteConnection::Exec(std::string_view sql) {
  const std::string text(sql);
  const int result = sqlite3_exec(handle_.Get(), text.c_str(), nullptr, nullptr, nullptr);
  if (result != SQLITE_OK) {
    constexpr std::size_t kMax = 60;
    const std::string shown = text.size() <= kMax ? text : text.substr(0, kMax) + "...";
    throw SqliteErrorFrom("running '" + shown + "'", result, handle_.Get());
  }
}

SqliteConnection::PreparedStatement& SqliteConnection::Prepare(const Query& query) {
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  const int result =
      sqlite3_prepare_v3(handle_.Get(), query.sql.data(), static_cast<int>(query.sql.size()),
                         SQLITE_PREPARE_PERSISTENT, &raw, &tail);
  SqliteStmt stmt(raw);
  if (result != SQLITE_OK)
    throw SqliteErrorFrom(Context("preparing", query.name), result, handle_.Get());
  if (!stmt) {
    throw DbError(DbError::Kind::kPermanent,
                  "sqlite: query '" + std::string(query.name) + "' holds no statement");
  }
  if (std::string_view(tail).find_first_not_of(" \t\r\n;") != std::string_view::npos) {
    throw DbError(DbError::Kind::kPermanent,
                  "sqlite: query '" + std::string(query.name) + "' holds more than one statement");
  }

  PreparedStatement prepared{std::string(query.sql), std::move(stmt), {}, 0};
  // SQLite numbers named parameters by first appearance ("$2 ... $1" makes $2 index 1), so each
  // index is mapped to the number in its name.
  const int count = sqlite3_bind_parameter_count(prepared.stmt.Get());
  for (int index = 1; index <= count; ++index) {
    const char* name = sqlite3_bind_parameter_name(prepared.stmt.Get(), index);
    const std::size_t number = DollarNumber(name);
    if (number == 0) {
      throw DbError(DbError::Kind::kPermanent,
                    "sqlite: query '" + std::string(query.name) + "' uses placeholder '" +
                        (name != nullptr ? name : "?") + "'; only $1, $2, ... are supported");
    }
    prepared.positions.push_back(number - 1);
    prepared.param_count = std::max(prepared.param_count, number);
  }
  return prepared_.emplace(std::string(query.name), std::move(prepared)).first->second;
}

ResultSet SqliteConnection::ExecPrepared(const Query& query, std::span<const Param> params) {
  auto found = prepared_.find(std::string(query.name));
  PreparedStatement& statement = found != prepared_.end() ? found->second : Prepare(query);
  if (statement.sql != query.sql) {
    throw DbError(DbError::Kind::kPermanent, "sqlite: query name '" + std::string(query.name) +
                                                 "' is used for two different SQL texts");
  }
  if (statement.param_count != params.size()) {
    throw DbError(DbError::Kind::kPermanent,
                  "sqlite: query '" + std::string(query.name) + "' takes " +
                      std::to_string(statement.param_count) + " parameters, got " +
                      std::to_string(params.size()));
  }

  sqlite3* db = handle_.Get();
  sqlite3_stmt* stmt = statement.stmt.Get();
  const ResetOnExit reset(stmt);
  for (std::size_t i = 0; i < statement.positions.size(); ++i) {
    const int index = static_cast<int>(i + 1);
    const Param& param = params[statement.positions[i]];
    int bound = SQLITE_OK;
    if (std::holds_alternative<std::monostate>(param)) {
      bound = sqlite3_bind_null(stmt, index);
    } else if (const auto* number = std::get_if<std::int64_t>(&param)) {
      bound = sqlite3_bind_int64(stmt, index, *number);
    } else {
      const std::string& text = std::get<std::string>(param);
      // STATIC: `params` outlive the stepping below, and the bindings are cleared after it.
      bound =
          sqlite3_bind_text64(stmt, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
    }
    if (bound != SQLITE_OK) throw SqliteErrorFrom(Context("binding", query.name), bound, db);
  }

  const int column_count = sqlite3_column_count(stmt);
  std::vector<std::string> columns;
  columns.reserve(column_count);
  for (int c = 0; c < column_count; ++c) columns.emplace_back(sqlite3_column_name(stmt, c));

  const bool writes = sqlite3_stmt_readonly(stmt) == 0;
  const sqlite3_int64 changes_before = sqlite3_total_changes64(db);
  std::vector<std::vector<ResultSet::Cell>> rows;
  while (true) {
    const int stepped = sqlite3_step(stmt);
    if (stepped == SQLITE_DONE) break;
    if (stepped != SQLITE_ROW) throw SqliteErrorFrom(Context("executing", query.name), stepped, db);
    std::vector<ResultSet::Cell>& row = rows.emplace_back();
    row.reserve(column_count);
    for (int c = 0; c < column_count; ++c) {
      if (sqlite3_column_type(stmt, c) == SQLITE_NULL) {
        row.emplace_back(std::nullopt);
      } else {
        // Integers come out in decimal and reals in SQLite's text form, as libpq hands them out.
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
        row.emplace_back(std::string(text, sqlite3_column_bytes(stmt, c)));
      }
    }
  }

  // sqlite3_changes keeps the count of the last INSERT/UPDATE/DELETE, so it is read only when this
  // statement changed something (an UPDATE that matched nothing leaves the total as it was).
  std::int64_t affected = 0;
  if (writes && column_count > 0) {
    affected = static_cast<std::int64_t>(rows.size());  // RETURNING
  } else if (writes && sqlite3_total_changes64(db) != changes_before) {
    affected = sqlite3_changes64(db);
  }
  return ResultSet(std::move(columns), std::move(rows), affected);
}

bool SqliteConnection::IsIdle() const {
  return sqlite3_get_autocommit(handle_.Get()) != 0;
}

}  // namespace sagashop::db
