#pragma once

#include <sqlite3.h>

#include <utility>

namespace sagashop::db {

// Move-only owner of a prepared statement; finalizes it when destroyed. Must be destroyed before
// the connection that prepared it.
class SqliteStmt {
 public:
  SqliteStmt() = default;
  explicit SqliteStmt(sqlite3_stmt* raw) noexcept : raw_(raw) {}
  SqliteStmt(SqliteStmt&& other) noexcept : raw_(std::exchange(other.raw_, nullptr)) {}
  SqliteStmt& operator=(SqliteStmt&& other) noexcept {
    if (this != &other) {
      Reset();
      raw_ = std::exchange(other.raw_, nullptr);
    }
    return *this;
  }
  SqliteStmt(const SqliteStmt&) = delete;
  SqliteStmt& operator=(const SqliteStmt&) = delete;
  ~SqliteStmt() { Reset(); }

  sqlite3_stmt* Get() const noexcept { return raw_; }
  explicit operator bool() const noexcept { return raw_ != nullptr; }

  void Reset() noexcept {
    if (raw_ != nullptr) sqlite3_finalize(std::exchange(raw_, nullptr));
  }

 private:
  sqlite3_stmt* raw_ = nullptr;
};

}  // namespace sagashop::db
