#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "platform/db/database.h"

namespace sagashop::testing {

enum class Backend { kPostgres, kSqlite };

// What a test may set on the database objects it opens, whatever the backend.
struct TestDatabaseOptions {
  int max_connections = 0;  // 0: the backend's default (PostgreSQL 25, SQLite 8)
  std::chrono::milliseconds acquire_timeout = std::chrono::seconds(5);
  db::AcquireObserver on_acquired;
};

// A fresh, empty database of one backend for one test: a database of its own on the PostgreSQL
// test server (SAGASHOP_TEST_PG_URI), or a SQLite file in a temporary directory. Removed with
// everything in it on destruction.
class TestBackend {
 public:
  virtual ~TestBackend() = default;

  // A new database object on this test's database, as another instance of a service would have.
  virtual std::unique_ptr<db::Database> Open(const TestDatabaseOptions& options = {}) = 0;
};

std::unique_ptr<TestBackend> MakeTestBackend(Backend backend);

// Both backends, named "Postgres" and "Sqlite" in the test names.
inline auto EveryBackend() {
  return ::testing::Values(Backend::kPostgres, Backend::kSqlite);
}
std::string BackendName(const ::testing::TestParamInfo<Backend>& info);

// A test of the database port, run once per backend: database_ is open on a fresh database.
class DatabaseTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    backend_ = MakeTestBackend(GetParam());
    database_ = backend_->Open(Options());
  }

  // The options of database_; a suite overrides them to test with, e.g., one connection.
  virtual TestDatabaseOptions Options() const { return {}; }

  bool OnPostgres() const { return GetParam() == Backend::kPostgres; }
  // The text for this backend: SQL where the dialects differ, or what its error messages say.
  std::string_view ForBackend(std::string_view postgres, std::string_view sqlite) const {
    return OnPostgres() ? postgres : sqlite;
  }

  std::unique_ptr<TestBackend> backend_;
  std::unique_ptr<db::Database> database_;
};

}  // namespace sagashop::testing
