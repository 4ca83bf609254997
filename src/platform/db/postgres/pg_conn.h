#pragma once

#include <libpq-fe.h>

#include <utility>

namespace sagashop::db {

// Move-only owner of a libpq connection handle; closes it (PQfinish) when destroyed.
class PgConn {
 public:
  PgConn() = default;
  explicit PgConn(PGconn* raw) noexcept : raw_(raw) {}
  PgConn(PgConn&& other) noexcept : raw_(std::exchange(other.raw_, nullptr)) {}
  PgConn& operator=(PgConn&& other) noexcept {
    if (this != &other) {
      Reset();
      raw_ = std::exchange(other.raw_, nullptr);
    }
    return *this;
  }
  PgConn(const PgConn&) = delete;
  PgConn& operator=(const PgConn&) = delete;
  ~PgConn() { Reset(); }

  PGconn* Get() const noexcept { return raw_; }
  explicit operator bool() const noexcept { return raw_ != nullptr; }

  void Reset() noexcept {
    if (raw_ != nullptr) PQfinish(std::exchange(raw_, nullptr));
  }

 private:
  PGconn* raw_ = nullptr;
};

}  // namespace sagashop::db
