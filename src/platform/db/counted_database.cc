#include "platform/db/counted_database.h"

namespace sagashop::db {
namespace {

class CountedTransaction final : public Transaction {
 public:
  CountedTransaction(std::unique_ptr<Transaction> inner, std::shared_ptr<WorkCounters> counters)
      : inner_(std::move(inner)), counters_(std::move(counters)) {}

  ~CountedTransaction() override {
    if (committed_) return;
    counters_->Statement();  // the ROLLBACK
    counters_->RolledBack();
  }

  Dialect GetDialect() const override { return inner_->GetDialect(); }

  using Transaction::Execute;
  ResultSet Execute(const Query& query, std::span<const Param> params) override {
    counters_->Statement();
    return inner_->Execute(query, params);
  }

  using Transaction::Queue;
  void Queue(const Query& query, std::span<const Param> params) override {
    counters_->Statement();
    inner_->Queue(query, params);
  }

  void ExecuteUnprepared(std::string_view sql) override {
    counters_->Statement();
    inner_->ExecuteUnprepared(sql);
  }

  // Sent with the COMMIT (PostgreSQL) or kept in the process (SQLite): no statement of its own.
  void Notify(std::string_view channel) override { inner_->Notify(channel); }

  void Commit() override {
    counters_->Statement();
    inner_->Commit();  // a failed commit counts as a rollback when this is destroyed
    committed_ = true;
    counters_->Committed();
    RunAfterCommit();
  }

 private:
  std::unique_ptr<Transaction> inner_;
  std::shared_ptr<WorkCounters> counters_;
  bool committed_ = false;
};

}  // namespace

CountedDatabase::CountedDatabase(std::unique_ptr<Database> inner) : inner_(std::move(inner)) {}

std::unique_ptr<Transaction> CountedDatabase::Begin() {
  counters_->Statement();  // the BEGIN, also when it fails
  return std::make_unique<CountedTransaction>(inner_->Begin(), counters_);
}

std::unique_ptr<Transaction> CountedDatabase::BeginRead() {
  counters_->Statement();
  return std::make_unique<CountedTransaction>(inner_->BeginRead(), counters_);
}

ResultSet CountedDatabase::RunStatement(const Query& query, std::span<const Param> params) {
  counters_->Statement();
  try {
    ResultSet rows = inner_->RunStatement(query, params);
    counters_->Committed();
    return rows;
  } catch (...) {
    counters_->RolledBack();
    throw;
  }
}

}  // namespace sagashop::db
