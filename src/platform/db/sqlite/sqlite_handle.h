#pragma once

#include <sqlite3.h>

#include <utility>

namespace sagashop::db {

// Move-only owner of an SQLite connection handle; closes it (sqlite3_close_v2) when destroyed.
class SqliteHandle {
 public:
  SqliteHandle() = default;
  explicit SqliteHandle(sqlite3* raw) noexcept : raw_(raw) {}
  SqliteHandle(SqliteHandle&& other) noexcept : raw_(std::exchange(other.raw_, nullptr)) {}
  SqliteHandle& operator=(SqliteHandle&& other) noexcept {
    if (this != &other) {
      Reset();
      raw_ = std::exchange(other.raw_, nullptr);
    }
    return *this;
  }
  SqliteHandle(const SqliteHandle&) = delete;
  SqliteHandle& operator=(const SqliteHandle&) = delete;
  ~SqliteHandle() { Reset(); }

  sqlite3* Get() const noexcept { return raw_; }
  explicit operator bool() const noexcept { return raw_ != nullptr; }

  void Reset() noexcept {
    if (raw_ != nullptr) sqlite3_close_v2(std::exchange(raw_, nullptr));
  }

 private:
  sqlite3* raw_ = nullptr;
};

}  // namespace sagashop::db
