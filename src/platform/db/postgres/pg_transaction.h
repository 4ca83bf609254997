#pragma once

#include <set>
#include <string>

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
  // NOTIFY, sent with the COMMIT in one round trip (and once per channel): PostgreSQL delivers it
  // on commit and drops it on rollback.
  void Notify(std::string_view channel) override;
  void Commit() override;

 private:
  PgConnection& Open();

  PgPooledConnection connection_;
  std::set<std::string> channels_;  // to notify on commit
  bool finished_ = false;
};

}  // namespace sagashop::db
