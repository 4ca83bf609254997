#include "platform/db/sqlite/sqlite_transaction.h"

#include "platform/db/db_error.h"

namespace sagashop::db {

SqliteTransaction::SqliteTransaction(SqliteWriterGate::Turn turn, SqlitePooledConnection connection,
                                     std::shared_ptr<SqliteNotificationHub> hub)
    : turn_(std::move(turn)), connection_(std::move(connection)), hub_(std::move(hub)) {}

SqliteTransaction::~SqliteTransaction() {
  if (finished_) return;
  try {
    if (!connection_->IsIdle()) connection_->Exec("ROLLBACK");
  } catch (const DbError&) {
    // The pool closes a connection that is still inside a transaction, which rolls it back.
  }
  Finish();
}

void SqliteTransaction::Finish() noexcept {
  finished_ = true;
  // The connection goes back first, so the next writer to get the turn finds one free.
  connection_.Return();
  turn_.Release();
}

SqliteConnection& SqliteTransaction::Open() {
  if (finished_) {
    throw DbError(DbError::Kind::kPermanent, "sqlite: the transaction has already finished");
  }
  return *connection_;
}

void SqliteTransaction::CheckStillOpen() {
  if (!finished_ && connection_->IsIdle()) Finish();
}

ResultSet SqliteTransaction::Execute(const Query& query, std::span<const Param> params) {
  SqliteConnection& connection = Open();
  try {
    return connection.ExecPrepared(query, params);
  } catch (const DbError&) {
    CheckStillOpen();
    throw;
  }
}

void SqliteTransaction::ExecuteUnprepared(std::string_view sql) {
  SqliteConnection& connection = Open();
  try {
    connection.Exec(sql);
  } catch (const DbError&) {
    CheckStillOpen();
    throw;
  }
  CheckStillOpen();  // e.g. the caller ran COMMIT or ROLLBACK itself
}

void SqliteTransaction::Notify(std::string_view channel) {
  Open();
  channels_.emplace(channel);
}

void SqliteTransaction::Commit() {
  SqliteConnection& connection = Open();
  try {
    connection.Exec("COMMIT");
  } catch (const DbError&) {
    // A failed COMMIT may leave the transaction open (SQLITE_BUSY); it is rolled back here so that
    // the transaction is finished either way, as the port promises.
    try {
      if (!connection.IsIdle()) connection.Exec("ROLLBACK");
    } catch (const DbError&) {
      // The pool closes the connection if it is still inside the transaction.
    }
    Finish();
    throw;
  }
  Finish();
  // Only now: a listener that wakes must find the rows committed.
  for (const std::string& channel : channels_) hub_->Notify(channel);
  RunAfterCommit();
}

}  // namespace sagashop::db
