#pragma once

#include "platform/db/postgres/pg_pooled_connection.h"
#include "platform/db/transaction.h"

namespace sagashop::db {

// A transaction on a pooled connection on which BEGIN has already succeeded. Rolls back when
// destroyed uncommitted; the connection then goes back to the pool, or is closed if it broke.
class PgTransaction final : public Transaction {
 public:
  explicit PgTransaction(PgPooledConnection connection);
  ~PgTransaction() override;

  Dialect GetDialect() const override { return Dialect::kPostgres; }
  using Transaction::Execute;
  ResultSet Execute(const Query& query, std::span<const Param> params) override;
  void ExecuteUnprepared(std::string_view sql) override;
  // pg_notify inside the transaction: PostgreSQL delivers it on commit and drops it on rollback.
  void Notify(std::string_view channel) override;
  void Commit() override;

 private:
  PgConnection& Open();

  PgPooledConnection connection_;
  bool finished_ = false;
};

}  // namespace sagashop::db
