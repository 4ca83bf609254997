#include "platform/outbox/outbox_backlog.h"

#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <string>

#include "platform/core/timestamp.h"
#include "platform/db/postgres/pg_database.h"
#include "platform/db/sqlite/sqlite_database.h"
#include "platform/outbox/outbox_schema.h"
#include "sqlite/sqlite_test_dir.h"
#include "support/pg_admin.h"
#include "support/test_env.h"

namespace sagashop::outbox {
namespace {

using namespace std::chrono_literals;

enum class Backend { kSqlite, kPostgres };

constexpr db::Query kInsert{
    "test.outbox_insert",
    "INSERT INTO outbox_events (event_id, aggregate_type, aggregate_id, event_type, payload, "
    "status, created_at) VALUES ($1, 'order', 1, 'order.created.v1', '{}', $2, $3)"};

// The query behind sagashop_outbox_backlog_events and sagashop_outbox_oldest_pending_age_seconds,
// on a fresh outbox of each backend.
class OutboxBacklogTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgres) {
      admin_ = std::make_unique<testing::PgAdmin>(testing::RequiredEnv("SAGASHOP_TEST_PG_URI"));
      std::random_device random;
      name_ = "it_backlog_" + std::to_string(random()) + std::to_string(random() % 1000);
      admin_->CreateDatabase(name_);
      db::PgConfig config;
      config.conninfo = admin_->UriOf(name_);
      database_ = std::make_unique<db::PgDatabase>(config);
    } else {
      database_ = std::make_unique<db::SqliteDatabase>(dir_.Config("outbox.db"));
    }
    auto tx = database_->Begin();
    tx->ExecuteUnprepared(GetParam() == Backend::kPostgres ? kOutboxPostgres : kOutboxSqlite);
    tx->Commit();
  }
  void TearDown() override {
    database_.reset();
    if (admin_) admin_->DropDatabase(name_);
  }

  void Insert(const std::string& event_id, const std::string& status, SystemTime created_at) {
    auto tx = database_->Begin();
    tx->Execute(kInsert, {event_id, status, FormatRfc3339(created_at)});
    tx->Commit();
  }

  testing::SqliteTestDir dir_;
  std::unique_ptr<testing::PgAdmin> admin_;
  std::string name_;
  std::unique_ptr<db::Database> database_;
};

TEST_P(OutboxBacklogTest, AnEmptyOutboxHasNoBacklogAndNoAge) {
  const OutboxBacklog backlog = ReadOutboxBacklog(*database_);
  EXPECT_EQ(backlog.pending, 0);
  EXPECT_EQ(backlog.oldest_age.count(), 0.0);
}

TEST_P(OutboxBacklogTest, CountsPendingRowsAndAgesTheOldestOfThem) {
  const SystemTime now = std::chrono::system_clock::now();
  Insert("sent-long-ago", "SENT", now - 1h);  // published: neither counted nor aged
  Insert("oldest-pending", "PENDING", now - 90s);
  Insert("newer-pending", "PENDING", now - 5s);

  const OutboxBacklog backlog = ReadOutboxBacklog(*database_);
  EXPECT_EQ(backlog.pending, 2);
  // The row was written 90 s before `now`; reading it took a moment more.
  EXPECT_GE(backlog.oldest_age.count(), 89.9);
  EXPECT_LT(backlog.oldest_age.count(), 150.0);
}

TEST_P(OutboxBacklogTest, ARowFromAClockAheadIsNotANegativeAge) {
  Insert("from-the-future", "PENDING", std::chrono::system_clock::now() + 1h);
  const OutboxBacklog backlog = ReadOutboxBacklog(*database_);
  EXPECT_EQ(backlog.pending, 1);
  EXPECT_EQ(backlog.oldest_age.count(), 0.0);
}

INSTANTIATE_TEST_SUITE_P(Backends, OutboxBacklogTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace sagashop::outbox
