#include "integration/database/test_backend.h"

#include "integration/database/pg_test_database.h"
#include "integration/sqlite/sqlite_test_dir.h"
#include "platform/db/postgres/pg_database.h"
#include "platform/db/sqlite/sqlite_database.h"

namespace sagashop::testing {
namespace {

class PostgresTestBackend final : public TestBackend {
 public:
  std::unique_ptr<db::Database> Open(const TestDatabaseOptions& options) override {
    db::PgConfig config = database_.Config();
    if (options.max_connections > 0) {
      config.max_open = options.max_connections;
      config.max_idle = options.max_connections;
    }
    config.acquire_timeout = options.acquire_timeout;
    config.on_acquired = options.on_acquired;
    return std::make_unique<db::PgDatabase>(config);
  }

 private:
  PgTestDatabase database_;
};

class SqliteTestBackend final : public TestBackend {
 public:
  std::unique_ptr<db::Database> Open(const TestDatabaseOptions& options) override {
    db::SqliteConfig config = dir_.Config();
    if (options.max_connections > 0) config.max_connections = options.max_connections;
    config.acquire_timeout = options.acquire_timeout;
    config.on_acquired = options.on_acquired;
    return std::make_unique<db::SqliteDatabase>(config);
  }

 private:
  SqliteTestDir dir_;
};

}  // namespace

std::unique_ptr<TestBackend> MakeTestBackend(Backend backend) {
  if (backend == Backend::kPostgres) return std::make_unique<PostgresTestBackend>();
  return std::make_unique<SqliteTestBackend>();
}

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kPostgres ? "Postgres" : "Sqlite";
}

}  // namespace sagashop::testing
