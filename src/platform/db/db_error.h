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

  Kind GetKind() const { return kind_; }
  bool IsRetryable() const { return kind_ == Kind::kTransient; }

 private:
  Kind kind_;
};

}  // namespace sagashop::db
