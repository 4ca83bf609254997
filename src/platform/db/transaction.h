#pragma once

#include <functional>
#include <initializer_list>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/db/dialect.h"
#include "platform/db/query.h"
#include "platform/db/result_set.h"

namespace sagashop::db {

// One local ACID transaction on one connection. Destroying it without Commit() rolls back.
// Not thread-safe: one thread uses a transaction at a time.
class Transaction {
 public:
  virtual ~Transaction() = default;

  // Lets code that writes inside a caller's transaction pick the statement for its database.
  virtual Dialect GetDialect() const = 0;

  virtual ResultSet Execute(const Query& query, std::span<const Param> params) = 0;
  ResultSet Execute(const Query& query, std::initializer_list<Param> params = {}) {
    return Execute(query, std::span<const Param>(params.begin(), params.size()));
  }

  // A statement whose result the caller does not need (a write whose row count doesn't matter).
  // PostgreSQL sends it together with the transaction's next Execute or its COMMIT, in one round
  // trip, and that call throws its error; SQLite, which has no round trips, runs it at once.
  virtual void Queue(const Query& query, std::span<const Param> params) { Execute(query, params); }
  void Queue(const Query& query, std::initializer_list<Param> params) {
    Queue(query, std::span<const Param>(params.begin(), params.size()));
  }

  // Statements that need no parameters and are not worth preparing (savepoints, DDL).
  virtual void ExecuteUnprepared(std::string_view sql) = 0;

  // Asks listeners of `channel` (see Database::Listen) to wake once this transaction commits.
  virtual void Notify(std::string_view channel) = 0;

  // Throws DbError; after a failed commit the transaction is finished and rolled back.
  virtual void Commit() = 0;

  // Runs `action` once this transaction has committed, and never if it rolls back: for effects
  // outside the database that must happen once per committed change (counting it in a metric),
  // also when a unit of work is rerun after a transient failure. Actions run in order on the
  // committing thread, after the commit succeeded; they must be quick and must not throw.
  void OnCommit(std::function<void()> action) { after_commit_.push_back(std::move(action)); }

 protected:
  // Each adapter calls this once its commit succeeded.
  void RunAfterCommit() noexcept {
    for (const std::function<void()>& action : after_commit_) action();
    after_commit_.clear();
  }

 private:
  std::vector<std::function<void()>> after_commit_;
};

}  // namespace sagashop::db
