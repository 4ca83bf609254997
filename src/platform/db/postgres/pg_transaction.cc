#include "platform/db/postgres/pg_transaction.h"

#include <cstring>
#include <string>

#include "platform/db/db_error.h"

namespace sagashop::db {

PgTransaction::PgTransaction(PgPooledConnection connection) : connection_(std::move(connection)) {}

PgTransaction::~PgTransaction() {
  if (finished_ || connection_->IsBroken()) return;
  try {
    connection_->Exec("ROLLBACK");
  } catch (const DbError&) {
    // The pool sees that the connection broke or is still inside a transaction and closes it.
  }
}

PgConnection& PgTransaction::Open() {
  if (finished_) {
    throw DbError(DbError::Kind::kPermanent, "postgres: the transaction has already finished");
  }
  return *connection_;
}

ResultSet PgTransaction::Execute(const Query& query, std::span<const Param> params) {
  return Open().ExecPrepared(query, params).ToResultSet();
}

void PgTransaction::ExecuteUnprepared(std::string_view sql) {
  Open().Exec(sql);
}

void PgTransaction::Notify(std::string_view channel) {
  Open();
  channels_.emplace(channel);
}

void PgTransaction::Commit() {
  PgConnection& connection = Open();
  // One simple-protocol message: the notifications and the COMMIT share a round trip. Should a
  // NOTIFY fail, the server skips the COMMIT and the transaction is rolled back.
  std::string sql;
  for (const std::string& channel : channels_) {
    sql += "NOTIFY " + connection.QuoteIdentifier(channel) + "; ";
  }
  sql += "COMMIT";
  finished_ = true;  // whatever happens next, COMMIT ends the transaction block
  PgResult result;
  try {
    result = connection.Exec(sql);
  } catch (const DbError& error) {
    if (!connection.IsBroken()) throw;
    // The COMMIT may have reached the server before the connection died.
    throw DbError(error.GetKind(), std::string(error.what()) + " (commit outcome unknown)");
  }
  // A transaction that had a failed statement answers COMMIT with ROLLBACK, not with an error.
  if (std::strcmp(PQcmdStatus(result.Get()), "COMMIT") != 0) {
    throw DbError(DbError::Kind::kPermanent,
                  "postgres: COMMIT rolled back: an earlier statement in the transaction failed");
  }
  RunAfterCommit();
}

}  // namespace sagashop::db
