#pragma once

#include <memory>
#include <set>
#include <string>

#include "platform/db/sqlite/sqlite_connection_pool.h"
#include "platform/db/sqlite/sqlite_notification_hub.h"
#include "platform/db/sqlite/sqlite_writer_gate.h"
#include "platform/db/transaction.h"

namespace sagashop::db {

// A write transaction (BEGIN IMMEDIATE already succeeded) that holds the file's writer turn until
// it ends. Rolls back when destroyed uncommitted. Notifications are delivered after COMMIT.
class SqliteTransaction final : public Transaction {
 public:
  SqliteTransaction(SqliteWriterGate::Turn turn, SqlitePooledConnection connection,
                    std::shared_ptr<SqliteNotificationHub> hub);
  ~SqliteTransaction() override;

  Dialect GetDialect() const override { return Dialect::kSqlite; }
  using Transaction::Execute;
  ResultSet Execute(const Query& query, std::span<const Param> params) override;
  void ExecuteUnprepared(std::string_view sql) override;
  void Notify(std::string_view channel) override;
  void Commit() override;

 private:
  SqliteConnection& Open();
  // After a failed statement: SQLite rolls the whole transaction back by itself after some errors
  // (I/O, disk full, out of memory); statements after that would run outside any transaction.
  void CheckStillOpen();
  void Finish() noexcept;

  SqliteWriterGate::Turn turn_;
  SqlitePooledConnection connection_;
  std::shared_ptr<SqliteNotificationHub> hub_;
  std::set<std::string> channels_;
  bool finished_ = false;
};

}  // namespace sagashop::db
