#pragma once

#include <chrono>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "platform/db/db_error.h"
#include "platform/db/postgres/pg_config.h"
#include "platform/db/postgres/pg_conn.h"
#include "platform/db/postgres/pg_result.h"
#include "platform/db/query.h"

namespace sagashop::db {

// A statement to send in a pipeline; its parameters must stay alive until the pipeline returns.
struct PipelinedStatement {
  Query query;
  std::span<const Param> params;
};

// One live session with the server: runs commands, keeps the statements it prepared, and
// remembers whether it is still usable. Every failure is thrown as DbError. Not thread-safe.
class PgConnection {
 public:
  // Connects with `config`'s settings (the connection string wins over our defaults) and applies
  // its statement_timeout. Throws DbError(kTransient) when the server can't be reached or refuses.
  static std::unique_ptr<PgConnection> Open(const PgConfig& config);

  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Simple-query protocol: no parameters; `sql` may hold several statements.
  PgResult Exec(std::string_view sql);
  // An unnamed (one-shot) statement with text parameters.
  PgResult ExecParams(std::string_view sql, std::span<const Param> params);
  // Prepares `query` on first use on this connection, then executes the prepared statement.
  PgResult ExecPrepared(const Query& query, std::span<const Param> params);
  // Sends every statement, then waits once for all their results (libpq pipeline mode): one
  // round trip for the lot. A statement with a name runs prepared, as in ExecPrepared; one without
  // runs as the unnamed statement, for commands such as BEGIN that are not worth keeping. The
  // server skips whatever follows a failed statement; that first failure is thrown.
  std::vector<PgResult> ExecPipeline(std::span<const PipelinedStatement> statements);
  // Runs "SELECT 1" and waits at most `deadline` for its answer. A server cut off without a word
  // (a silent partition) would leave a plain Exec waiting for as long as TCP holds the
  // connection; past the deadline the connection is marked broken and DbError(kTransient) thrown.
  void PingWithin(std::chrono::milliseconds deadline);

  // Reads what the server sent without blocking; false once the connection is gone.
  bool ConsumeInput();
  // For a connection that sat idle: false, and marked broken, when the server sent anything
  // meanwhile. A pooled session has nothing to hear while idle; the server only speaks to end it
  // (a FATAL, then end of file). Sends nothing and never blocks.
  bool HeardNothingWhileIdle();
  // The channels of the notifications received so far, oldest first; empties the queue.
  std::vector<std::string> TakeNotifications();

  // True once the session is known to be over; such a connection is only fit to be closed.
  bool IsBroken() const;
  // Not inside a transaction block (neither open nor failed).
  bool IsIdle() const;

  std::string QuoteIdentifier(std::string_view identifier);
  int Socket() const;
  int BackendPid() const;
  std::chrono::steady_clock::time_point OpenedAt() const { return opened_at_; }

 private:
  struct PreparedStatement {
    std::string sql;
    int param_count;
  };

  explicit PgConnection(PgConn conn);

  PgResult Check(PGresult* raw, std::string_view context);
  // The error of a failed command; marks the connection broken when the session is over.
  DbError FailureOf(const PGresult* raw, std::string_view context);
  const PreparedStatement& Prepare(const Query& query);
  // The prepared statement for `query`, prepared now if need be, checked against `param_count`.
  const PreparedStatement& PreparedFor(const Query& query, std::size_t param_count);
  // Reads the results of the pipelined `statements` and the sync that ends them; throws the first
  // failure.
  std::vector<PgResult> ReadPipelineResults(std::span<const PipelinedStatement> statements);

  PgConn conn_;
  bool broken_ = false;
  std::chrono::steady_clock::time_point opened_at_;
  std::unordered_map<std::string, PreparedStatement> prepared_;
};

}  // namespace sagashop::db
