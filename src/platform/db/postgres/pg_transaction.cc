#include "platform/db/postgres/pg_transaction.h"

#include <cstring>
#include <string>

#include "platform/db/db_error.h"

namespace sagashop::db {
namespace {

// Unnamed (not prepared): PgConnection::ExecPipeline runs a statement without a name as is.
constexpr Query kBegin{"", "BEGIN"};
constexpr Query kCommit{"", "COMMIT"};

}  // namespace

PgTransaction::PgTransaction(std::shared_ptr<PgConnectionSource> connections)
    : connections_(std::move(connections)) {}

PgTransaction::~PgTransaction() {
  if (finished_ || !begun_ || connection_->IsBroken()) return;
  try {
    connection_->Exec("ROLLBACK");
  } catch (const DbError&) {
    // The pool sees that the connection broke or is still inside a transaction and closes it.
  }
}

void PgTransaction::ThrowIfFinished() const {
  if (finished_) {
    throw DbError(DbError::Kind::kPermanent, "postgres: the transaction has already finished");
  }
}

std::vector<PgResult> PgTransaction::Send(std::span<const PipelinedStatement> statements) {
  ThrowIfFinished();
  std::vector<PipelinedStatement> pipeline;
  pipeline.reserve(1 + queued_.size() + statements.size());
  if (!begun_) pipeline.push_back({kBegin, {}});
  for (const Statement& queued : queued_) pipeline.push_back({queued.query, queued.params});
  pipeline.insert(pipeline.end(), statements.begin(), statements.end());
  if (!connection_) connection_ = connections_->AcquireLive();
  // From here on the server may have a transaction block open, which the destructor ends.
  begun_ = true;
  const std::vector<Statement> sent = std::exchange(queued_, {});  // alive until the results
  std::vector<PgResult> results = connection_->ExecPipeline(pipeline);
  results.erase(results.begin(), results.end() - static_cast<std::ptrdiff_t>(statements.size()));
  return results;
}

ResultSet PgTransaction::Execute(const Query& query, std::span<const Param> params) {
  const PipelinedStatement statement{query, params};
  return Send({&statement, 1}).front().ToResultSet();
}

void PgTransaction::Queue(const Query& query, std::span<const Param> params) {
  ThrowIfFinished();
  queued_.push_back({query, {params.begin(), params.end()}});
}

void PgTransaction::ExecuteUnprepared(std::string_view sql) {
  ThrowIfFinished();
  if (!begun_ || !queued_.empty()) Send({});
  connection_->Exec(sql);  // may hold several statements, which only the simple protocol takes
}

void PgTransaction::Notify(std::string_view channel) {
  ThrowIfFinished();
  channels_.emplace(channel);
}

void PgTransaction::Commit() {
  ThrowIfFinished();
  if (!begun_ && queued_.empty() && channels_.empty()) {
    finished_ = true;  // nothing was ever sent, so there is nothing to commit
    RunAfterCommit();
    return;
  }
  if (!connection_) connection_ = connections_->AcquireLive();  // to quote the channels
  std::vector<std::string> notifies;
  for (const std::string& channel : channels_) {
    notifies.push_back("NOTIFY " + connection_->QuoteIdentifier(channel));
  }
  std::vector<PipelinedStatement> statements;
  statements.reserve(notifies.size() + 1);
  for (const std::string& notify : notifies) statements.push_back({Query{"", notify}, {}});
  statements.push_back({kCommit, {}});
  std::vector<PgResult> results;
  try {
    results = Send(statements);
  } catch (const DbError& error) {
    if (connection_->IsBroken()) {
      finished_ = true;
      // The COMMIT may have reached the server before the connection died.
      throw DbError::CommitOutcomeUnknown(std::string(error.what()) + " (commit outcome unknown)");
    }
    RollBackAfterFailedCommit();  // a statement failed and the server skipped the COMMIT
    throw;
  }
  finished_ = true;
  // A transaction that had a failed statement answers COMMIT with ROLLBACK, not with an error.
  if (std::strcmp(PQcmdStatus(results.back().Get()), "COMMIT") != 0) {
    throw DbError(DbError::Kind::kPermanent,
                  "postgres: COMMIT rolled back: an earlier statement in the transaction failed");
  }
  RunAfterCommit();
}

void PgTransaction::RollBackAfterFailedCommit() noexcept {
  finished_ = true;
  try {
    connection_->Exec("ROLLBACK");
  } catch (const DbError&) {
    // As in the destructor: the pool closes a connection left inside a transaction.
  }
}

}  // namespace sagashop::db
