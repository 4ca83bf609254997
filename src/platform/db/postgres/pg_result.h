#pragma once

#include <libpq-fe.h>

#include <utility>

#include "platform/db/result_set.h"

namespace sagashop::db {

// Move-only owner of a libpq result; frees it (PQclear) when destroyed.
class PgResult {
 public:
  PgResult() = default;
  explicit PgResult(PGresult* raw) noexcept : raw_(raw) {}
  PgResult(PgResult&& other) noexcept : raw_(std::exchange(other.raw_, nullptr)) {}
  PgResult& operator=(PgResult&& other) noexcept {
    if (this != &other) {
      Reset();
      raw_ = std::exchange(other.raw_, nullptr);
    }
    return *this;
  }
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  ~PgResult() { Reset(); }

  PGresult* Get() const noexcept { return raw_; }
  explicit operator bool() const noexcept { return raw_ != nullptr; }

  void Reset() noexcept {
    if (raw_ != nullptr) PQclear(std::exchange(raw_, nullptr));
  }

  // Copies the rows out (as text or NULL) so that no libpq memory outlives this owner.
  ResultSet ToResultSet() const;

 private:
  PGresult* raw_ = nullptr;
};

}  // namespace sagashop::db
