#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "platform/db/query.h"
#include "platform/db/result_set.h"
#include "platform/db/sqlite/sqlite_config.h"
#include "platform/db/sqlite/sqlite_handle.h"
#include "platform/db/sqlite/sqlite_stmt.h"

namespace sagashop::db {

// One open connection to the database file: runs statements and keeps the ones it prepared.
// Every failure is thrown as DbError. Not thread-safe.
class SqliteConnection {
 public:
  // Opens (creating the file if needed) in WAL mode with foreign keys on, the busy timeout and the
  // configured durability. Throws DbError.
  static std::unique_ptr<SqliteConnection> Open(const SqliteConfig& config);

  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;
  ~SqliteConnection();

  // Runs `sql`, which may hold several statements, discarding any rows.
  void Exec(std::string_view sql);
  // Prepares `query` on first use on this connection (cached by name), binds `params` to $1, $2,
  // ... by name, and steps it to the end.
  ResultSet ExecPrepared(const Query& query, std::span<const Param> params);

  // True outside a transaction (SQLite ends one by itself after some errors).
  bool IsIdle() const;

 private:
  struct PreparedStatement {
    std::string sql;
    SqliteStmt stmt;
    // For each SQLite parameter index (from 1), the zero-based position in `params`.
    std::vector<std::size_t> positions;
    std::size_t param_count = 0;  // the highest $N used, like PostgreSQL counts them
  };

  explicit SqliteConnection(SqliteHandle handle);
  PreparedStatement& Prepare(const Query& query);

  // Declared first so that it is destroyed last, after the statements it owns.
  SqliteHandle handle_;
  std::unordered_map<std::string, PreparedStatement> prepared_;
};

}  // namespace sagashop::db
