#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "platform/db/database.h"

namespace sagashop::db {

// What a database has been asked to do, summed since start: the figures `make bench` divides by
// the sagas it completed, and the metrics sagashop_db_statements_total and
// sagashop_db_transactions_total.
struct WorkStats {
  // Every request to the database: BEGIN, each statement, COMMIT (with its notifications),
  // ROLLBACK. On PostgreSQL several may share a round trip (PgTransaction).
  std::int64_t statements = 0;
  std::int64_t commits = 0;
  std::int64_t rollbacks = 0;  // transactions that ended without a successful commit
};

class WorkCounters {
 public:
  void Statement() { statements_.fetch_add(1, std::memory_order_relaxed); }
  void Committed() { commits_.fetch_add(1, std::memory_order_relaxed); }
  void RolledBack() { rollbacks_.fetch_add(1, std::memory_order_relaxed); }
  WorkStats Read() const {
    return {.statements = statements_.load(std::memory_order_relaxed),
            .commits = commits_.load(std::memory_order_relaxed),
            .rollbacks = rollbacks_.load(std::memory_order_relaxed)};
  }

 private:
  std::atomic<std::int64_t> statements_{0};
  std::atomic<std::int64_t> commits_{0};
  std::atomic<std::int64_t> rollbacks_{0};
};

// Counts the work done through another database; otherwise passes every call on. One mechanism
// for every adapter, so the figures of the two backends mean the same.
class CountedDatabase final : public Database {
 public:
  explicit CountedDatabase(std::unique_ptr<Database> inner);

  WorkStats GetWorkStats() const { return counters_->Read(); }

  Dialect GetDialect() const override { return inner_->GetDialect(); }
  std::unique_ptr<Transaction> Begin() override;
  std::unique_ptr<Transaction> BeginRead() override;
  using Database::RunStatement;
  ResultSet RunStatement(const Query& query, std::span<const Param> params) override;
  void ApplyMigrations(std::span<const Migration> migrations) override {
    inner_->ApplyMigrations(migrations);
  }
  std::unique_ptr<NotificationListener> Listen(std::string_view channel) override {
    return inner_->Listen(channel);
  }
  std::unique_ptr<LeaderLease> TryAcquireLeadership(std::string_view role) override {
    return inner_->TryAcquireLeadership(role);
  }
  void Ping() override { inner_->Ping(); }
  PoolStats GetPoolStats() const override { return inner_->GetPoolStats(); }

 private:
  std::unique_ptr<Database> inner_;
  // Shared with the transactions handed out, which may outlive this database.
  std::shared_ptr<WorkCounters> counters_ = std::make_shared<WorkCounters>();
};

}  // namespace sagashop::db
