#pragma once

#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <random>
#include <string>

#include "platform/db/database.h"
#include "platform/db/postgres/pg_database.h"
#include "platform/db/run_in_transaction.h"
#include "platform/db/sqlite/sqlite_database.h"
#include "platform/outcall/outside_call_schema.h"
#include "platform/outcall/outside_call_store.h"
#include "sqlite/sqlite_test_dir.h"
#include "support/pg_admin.h"
#include "support/test_env.h"

namespace sagashop::testing {

// A fresh database with the outside_calls table, on a real SQLite file or PostgreSQL server (the
// test's parameter), so every case runs against both dialects.
class OutcallTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      admin_ = std::make_unique<PgAdmin>(RequiredEnv("SAGASHOP_TEST_PG_URI"));
      std::random_device random;
      database_name_ = "it_outcall_" + std::to_string(random()) + std::to_string(random() % 1000);
      admin_->CreateDatabase(database_name_);
      db::PgConfig config;
      config.conninfo = admin_->UriOf(database_name_);
      database_ = std::make_unique<db::PgDatabase>(config);
    } else {
      database_ = std::make_unique<db::SqliteDatabase>(dir_.Config());
    }
    database_->ApplyMigrations(kMigrations);
  }

  void TearDown() override {
    database_.reset();
    if (admin_) admin_->DropDatabase(database_name_);
  }

  // Enqueues a call keyed "call-<n>" for `ordering_key`; returns whether it was new.
  bool Enqueue(int n, std::int64_t ordering_key) {
    return db::RunInTransaction(*database_, [&](db::Transaction& tx) {
      return outcall::OutsideCallStore(tx).Enqueue({.kind = "TEST",
                                                    .idempotency_key = "call-" + std::to_string(n),
                                                    .ordering_key = ordering_key,
                                                    .request = "{\"n\":" + std::to_string(n) + "}",
                                                    .correlation_id = "saga-1",
                                                    .trace_parent = ""});
    });
  }

  std::vector<outcall::OutsideCall> Claim(std::int64_t now_ms, std::int64_t lease_until_ms,
                                          std::size_t limit = 100) {
    return db::RunInTransaction(*database_, [&](db::Transaction& tx) {
      return outcall::OutsideCallStore(tx).ClaimDue(now_ms, lease_until_ms, limit);
    });
  }

  std::int64_t Pending() {
    return db::RunInTransaction(*database_, [](db::Transaction& tx) {
      return outcall::OutsideCallStore(tx).CountPending();
    });
  }

  // The status, attempts and stored result of the call keyed `key`.
  struct Row {
    std::string status;
    std::int64_t attempts = 0;
    std::optional<std::string> result;
    bool uncertain = false;
  };
  Row RowOf(const std::string& key) {
    return db::RunInTransaction(*database_, [&](db::Transaction& tx) {
      const db::ResultSet rows = tx.Execute({"outcall_test_row",
                                             "SELECT status, attempts, result, uncertain FROM "
                                             "outside_calls WHERE idempotency_key = $1"},
                                            {key});
      return Row{rows.Text(0, 0), rows.Int64(0, 1), rows.OptionalText(0, 2), rows.Int64(0, 3) != 0};
    });
  }

  static constexpr std::array kMigrations = {db::Migration{
      1, "outside calls", outcall::kOutsideCallsPostgres, outcall::kOutsideCallsSqlite}};

  SqliteTestDir dir_;
  std::unique_ptr<PgAdmin> admin_;
  std::string database_name_;
  std::unique_ptr<db::Database> database_;
};

}  // namespace sagashop::testing
