#include "platform/db/sqlite/sqlite_database.h"

#include <filesystem>
#include <system_error>

#include "platform/db/db_error.h"
#include "platform/db/sqlite/sqlite_leader_lease.h"
#include "platform/db/sqlite/sqlite_migrator.h"
#include "platform/db/sqlite/sqlite_transaction.h"

namespace sagashop::db {
namespace {

// Validated, with the directory created and the path made canonical, so that two spellings of one
// file share one writer turn and one set of listeners.
SqliteConfig Prepared(SqliteConfig config) {
  config.Validate();
  const std::filesystem::path path(config.path);
  std::error_code error;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), error);
  if (error) {
    throw DbError(DbError::Kind::kPermanent, "sqlite: cannot create the directory of '" +
                                                 config.path + "': " + error.message());
  }
  const std::filesystem::path canonical = std::filesystem::weakly_canonical(path, error);
  if (!error) config.path = canonical.string();
  return config;
}

}  // namespace

SqliteDatabase::SqliteDatabase(SqliteConfig config)
    : config_(Prepared(std::move(config))),
      file_(SqliteFileState::For(config_.path)),
      pool_(CreateSqliteConnectionPool(config_)),
      writer_(CreateSqliteConnectionPool(config_, /*max_connections=*/1)) {
  Ping();
}

std::unique_ptr<Transaction> SqliteDatabase::Begin() {
  const auto started = std::chrono::steady_clock::now();
  const auto deadline = started + config_.acquire_timeout;
  auto report_wait = [&] {
    if (config_.on_acquired) config_.on_acquired(std::chrono::steady_clock::now() - started);
  };
  SqliteWriterGate::Turn turn;
  if (!SqliteWriterGate::Enter(file_->writer_gate, deadline, turn)) {
    report_wait();
    throw DbError(DbError::Kind::kTransient,
                  "sqlite: no write turn on '" + config_.path + "' within " +
                      std::to_string(config_.acquire_timeout.count()) + " ms");
  }
  SqlitePooledConnection connection = [&] {
    try {
      // Free: whoever held it held the turn too, and gave the connection back first.
      SqlitePooledConnection acquired = writer_->Acquire(deadline);
      report_wait();
      return acquired;
    } catch (const DbError&) {
      report_wait();
      throw;
    }
  }();
  // IMMEDIATE takes the file's write lock now; another process writing the file (a tool, a second
  // instance by mistake) is waited for up to busy_timeout, then reported as transient.
  connection->Exec("BEGIN IMMEDIATE");
  return std::make_unique<SqliteTransaction>(std::move(turn), std::move(connection), file_->hub);
}

std::unique_ptr<Transaction> SqliteDatabase::BeginRead() {
  const auto started = std::chrono::steady_clock::now();
  SqlitePooledConnection connection = [&] {
    try {
      SqlitePooledConnection acquired = pool_->Acquire(started + config_.acquire_timeout);
      if (config_.on_acquired) config_.on_acquired(std::chrono::steady_clock::now() - started);
      return acquired;
    } catch (const DbError&) {
      if (config_.on_acquired) config_.on_acquired(std::chrono::steady_clock::now() - started);
      throw;
    }
  }();
  // DEFERRED: the snapshot is taken at the first read, and no write lock is ever asked for.
  connection->Exec("BEGIN");
  return std::make_unique<SqliteTransaction>(SqliteWriterGate::Turn{}, std::move(connection),
                                             file_->hub);
}

void SqliteDatabase::ApplyMigrations(std::span<const Migration> migrations) {
  ApplySqliteMigrations(*this, migrations);
}

std::unique_ptr<NotificationListener> SqliteDatabase::Listen(std::string_view channel) {
  return file_->hub->Listen(channel);
}

std::unique_ptr<LeaderLease> SqliteDatabase::TryAcquireLeadership(std::string_view role) {
  return SqliteLeaderLease::TryAcquire(config_.path, role);
}

ResultSet SqliteDatabase::RunStatement(const Query& query, std::span<const Param> params) {
  std::unique_ptr<Transaction> tx = Begin();
  ResultSet rows = tx->Execute(query, params);
  tx->Commit();
  return rows;
}

void SqliteDatabase::Ping() {
  SqlitePooledConnection connection =
      pool_->Acquire(std::chrono::steady_clock::now() + config_.acquire_timeout);
  connection->ExecPrepared(Query{"sagashop.sqlite.ping", "SELECT 1"}, {});
}

PoolStats SqliteDatabase::GetPoolStats() const {
  PoolStats stats = pool_->Stats();
  const PoolStats writer = writer_->Stats();
  stats.open += writer.open;
  stats.in_use += writer.in_use;
  stats.idle += writer.idle;
  stats.max_open += writer.max_open;
  stats.waits_total += writer.waits_total;
  stats.wait_seconds_total += writer.wait_seconds_total;
  return stats;
}

}  // namespace sagashop::db
