#pragma once

#include <stdexcept>
#include <string>

namespace sagashop::db {

// Every failure the database port reports. The kind says whether a retry can help.
class DbError : public std::runtime_error {
 public:
  enum class Kind {
    kTransient,   // connection lost, serialization failure, deadlock, pool exhausted: retry
    kConstraint,  // a unique, check or foreign key constraint: retrying the same thing won't help
    kPermanent,   // bad SQL, bad data: a bug or bad input
  };

  DbError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}

  // The connection was lost while COMMIT was on its way: the transaction may have committed or
  // not (on a fail-over, the new primary has it only if the old one had replicated it). Transient,
  // but running the same work again could do it twice; only a caller that can tell whether it
  // happened (an idempotency key, an inbox, a round that reads its state afresh) may repeat it.
  static DbError CommitOutcomeUnknown(const std::string& message) {
    DbError error(Kind::kTransient, message);
    error.outcome_unknown_ = true;
    return error;
  }

  Kind GetKind() const { return kind_; }
  bool IsRetryable() const { return kind_ == Kind::kTransient; }
  bool OutcomeUnknown() const { return outcome_unknown_; }

 private:
  Kind kind_;
  bool outcome_unknown_ = false;
};

}  // namespace sagashop::db
