#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "platform/db/postgres/pg_connection_source.h"
#include "platform/db/postgres/pg_pooled_connection.h"
#include "platform/db/transaction.h"

namespace sagashop::db {

// A transaction that spends as few round trips as it can (libpq pipeline mode): it takes a
// connection at its first statement and sends BEGIN with it, and statements it was only asked to
// Queue travel with the next one that must answer, or with the COMMIT. A transaction that reads
// once and then writes costs two round trips, however many statements it writes. Rolls back when
// destroyed uncommitted; the connection then goes back to the pool, or is closed if it broke.
class PgTransaction final : public Transaction {
 public:
  explicit PgTransaction(std::shared_ptr<PgConnectionSource> connections);
  ~PgTransaction() override;

  Dialect GetDialect() const override { return Dialect::kPostgres; }
  using Transaction::Execute;
  ResultSet Execute(const Query& query, std::span<const Param> params) override;
  using Transaction::Queue;
  void Queue(const Query& query, std::span<const Param> params) override;
  void ExecuteUnprepared(std::string_view sql) override;
  // NOTIFY, sent with the COMMIT (and once per channel): PostgreSQL delivers it on commit and
  // drops it on rollback.
  void Notify(std::string_view channel) override;
  void Commit() override;

 private:
  void ThrowIfFinished() const;
  // Sends BEGIN (the first time), the queued statements and then `statements` in one round trip,
  // and returns the results of `statements`.
  std::vector<PgResult> Send(std::span<const PipelinedStatement> statements);
  void RollBackAfterFailedCommit() noexcept;

  std::shared_ptr<PgConnectionSource> connections_;
  PgPooledConnection connection_;  // empty until the first statement
  std::vector<Statement> queued_;
  std::set<std::string> channels_;  // to notify on commit
  bool begun_ = false;              // BEGIN has been sent
  bool finished_ = false;
};

}  // namespace sagashop::db
