// The Order service's Idempotency-Key table on both databases: scoping per user, expiry, the
// sweeper, the migration that moved the keys, and (PostgreSQL) two requests racing for
// one key.
#include "services/order/idempotency_key_repository.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <future>
#include <random>

#include "integration/sqlite/sqlite_test_dir.h"
#include "platform/core/timestamp.h"
#include "platform/db/postgres/pg_database.h"
#include "platform/db/sqlite/sqlite_database.h"
#include "services/order/idempotency_key_sweeper.h"
#include "services/order/order_migrations.h"
#include "services/order/order_repository.h"
#include "support/eventually.h"
#include "support/pg_admin.h"
#include "support/test_env.h"

namespace sagashop::order {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

SystemTime T0() {
  static const SystemTime t0 = std::chrono::system_clock::now();
  return t0;
}
std::string At(std::chrono::system_clock::duration offset) {
  return FormatRfc3339(T0() + offset);
}

class IdempotencyKeyRepositoryTest : public ::testing::TestWithParam<db::Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == db::Dialect::kPostgres) {
      std::random_device random;
      pg_name_ = "it_keys_" + std::to_string(random());
      admin_ = std::make_unique<testing::PgAdmin>(testing::RequiredEnv("SAGASHOP_TEST_PG_URI"));
      admin_->CreateDatabase(pg_name_);
      db::PgConfig config;
      config.conninfo = admin_->UriOf(pg_name_);
      database_ = std::make_unique<db::PgDatabase>(config);
    } else {
      database_ = std::make_unique<db::SqliteDatabase>(sqlite_dir_.Config("order.db"));
    }
  }

  void TearDown() override {
    database_.reset();
    if (admin_) admin_->DropDatabase(pg_name_);
  }

  void Migrate() { database_->ApplyMigrations(OrderMigrations()); }

  // An order of `user_id` created under `key` (or none); returns its id.
  std::int64_t InsertOrder(std::int64_t user_id, std::optional<std::string> key = {}) {
    CreateOrderRequest request;
    request.user_id = user_id;
    request.product_id = 1;
    request.quantity = 1;
    request.amount = 10;
    request.address = "Seoul";
    request.payment_method = "CARD";
    request.idempotency_key = std::move(key);
    auto tx = database_->Begin();
    const std::int64_t id =
        OrderRepository(*tx).InsertOrder(request, "saga-" + std::to_string(++orders_), At({}));
    tx->Commit();
    return id;
  }

  template <typename Work>
  auto InTransaction(Work&& work) {
    auto tx = database_->Begin();
    IdempotencyKeyRepository keys(*tx);
    auto result = work(keys);
    tx->Commit();
    return result;
  }

  testing::SqliteTestDir sqlite_dir_;
  std::unique_ptr<testing::PgAdmin> admin_;
  std::string pg_name_;
  std::unique_ptr<db::Database> database_;
  int orders_ = 0;
};

TEST_P(IdempotencyKeyRepositoryTest, AKeyNamesItsOrderForItsUserUntilItExpires) {
  Migrate();
  const std::int64_t first = InsertOrder(1);
  const std::int64_t other_user = InsertOrder(2);
  const std::int64_t later = InsertOrder(1);
  const std::string retention_start = At(-hours(24));

  EXPECT_TRUE(InTransaction(
      [&](auto& keys) { return keys.Claim(1, "k", "fp-1", first, At({}), retention_start); }));
  const auto found = InTransaction([&](auto& keys) { return keys.Find(1, "k", retention_start); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->order_id, first);
  EXPECT_EQ(found->request_fingerprint, "fp-1");
  EXPECT_EQ(found->saga_id, "saga-1");
  EXPECT_FALSE(found->expired);

  // Scoped per user: the same key of another user is another key.
  EXPECT_FALSE(InTransaction([&](auto& keys) { return keys.Find(2, "k", retention_start); }));
  EXPECT_TRUE(InTransaction(
      [&](auto& keys) { return keys.Claim(2, "k", "fp-2", other_user, At({}), retention_start); }));

  // Live, it cannot be taken again.
  EXPECT_FALSE(InTransaction(
      [&](auto& keys) { return keys.Claim(1, "k", "fp-3", later, At({}), retention_start); }));

  // Once its retention has passed it is expired, and the next use takes it over.
  const std::string expired_before = At(seconds(1));
  EXPECT_TRUE(
      InTransaction([&](auto& keys) { return keys.Find(1, "k", expired_before); })->expired);
  EXPECT_TRUE(InTransaction([&](auto& keys) {
    return keys.Claim(1, "k", "fp-3", later, At(seconds(2)), expired_before);
  }));
  const auto taken_over =
      InTransaction([&](auto& keys) { return keys.Find(1, "k", expired_before); });
  EXPECT_EQ(taken_over->order_id, later);
  EXPECT_EQ(taken_over->request_fingerprint, "fp-3");
  EXPECT_FALSE(taken_over->expired);
}

TEST_P(IdempotencyKeyRepositoryTest, TheSweeperDeletesOnlyExpiredKeysInBatches) {
  Migrate();
  const std::int64_t order = InsertOrder(1);
  for (int i = 0; i < 5; ++i) {
    InTransaction([&](auto& keys) {
      return keys.Claim(1, "old-" + std::to_string(i), "fp", order, At(-hours(30 + i)),
                        At(-hours(48)));
    });
  }
  InTransaction(
      [&](auto& keys) { return keys.Claim(1, "new", "fp", order, At({}), At(-hours(48))); });

  const std::string expired_before = At(-hours(24));
  auto sweep = [&] {
    return InTransaction([&](auto& keys) { return keys.DeleteExpired(expired_before, 3); });
  };
  EXPECT_EQ(sweep(), 3);
  EXPECT_EQ(sweep(), 2);
  EXPECT_EQ(sweep(), 0);
  EXPECT_FALSE(InTransaction([&](auto& keys) { return keys.Find(1, "old-0", expired_before); }));
  EXPECT_TRUE(InTransaction([&](auto& keys) { return keys.Find(1, "new", expired_before); }));
}

TEST_P(IdempotencyKeyRepositoryTest, TheSweeperDeletesExpiredKeysOnItsOwn) {
  Migrate();
  const std::int64_t order = InsertOrder(1);
  for (const char* key : {"old-1", "old-2"}) {
    InTransaction(
        [&](auto& keys) { return keys.Claim(1, key, "fp", order, At(-hours(3)), At(-hours(9))); });
  }
  InTransaction(
      [&](auto& keys) { return keys.Claim(1, "new", "fp", order, At({}), At(-hours(9))); });
  auto present = [&](const char* key) {
    return InTransaction([&](auto& keys) { return keys.Find(1, key, At(-hours(9))); }).has_value();
  };

  IdempotencyKeySweeper sweeper(*database_, hours(2));
  EXPECT_EQ(sweeper.SweepOnce(), 2);
  EXPECT_EQ(sweeper.SweepOnce(), 0);
  EXPECT_FALSE(present("old-1"));
  EXPECT_TRUE(present("new"));

  // Started as a service starts it, it sweeps on a timer: every tenth of the retention, once a
  // second at the most often.
  InTransaction([&](auto& keys) {
    return keys.Claim(1, "old-3", "fp", order, At(-hours(3)), At(-hours(9)));
  });
  IdempotencyKeySweeper timed(*database_, seconds(5));
  timed.Start();
  EXPECT_TRUE(testing::Eventually([&] { return !present("old-3"); }));
  timed.Stop();
}

TEST_P(IdempotencyKeyRepositoryTest, TheMigrationKeepsTheKeysOfExistingOrders) {
  const auto migrations = OrderMigrations();
  const auto keys_migration =
      std::find_if(migrations.begin(), migrations.end(), [](const db::Migration& migration) {
        return migration.description == std::string_view("idempotency keys");
      });
  ASSERT_NE(keys_migration, migrations.end());
  // The schema as it was before the keys moved to a table of their own.
  database_->ApplyMigrations(
      migrations.first(static_cast<std::size_t>(keys_migration - migrations.begin())));
  const std::int64_t order = InsertOrder(7, "before-upgrade");
  Migrate();

  const auto found =
      InTransaction([&](auto& keys) { return keys.Find(7, "before-upgrade", At(-hours(24))); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->order_id, order);
  EXPECT_EQ(found->request_fingerprint.size(), 64u);
  // The key no longer has to be unique among orders: after expiry it may name a second one.
  EXPECT_NO_THROW(InsertOrder(7, "before-upgrade"));
}

// PostgreSQL runs both claims at once: the second waits for the first to commit, then finds the
// key live and changes nothing. (On SQLite the case cannot arise: the second transaction cannot
// begin before the first ends, and then finds the key before it claims.)
using IdempotencyKeyRaceTest = IdempotencyKeyRepositoryTest;

TEST_P(IdempotencyKeyRaceTest, AConcurrentClaimWaitsForTheFirstAndFindsTheKeyTaken) {
  Migrate();
  const std::int64_t winner = InsertOrder(1);
  const std::int64_t loser = InsertOrder(1);
  const std::string retention_start = At(-hours(24));
  auto first = database_->Begin();
  ASSERT_TRUE(
      IdempotencyKeyRepository(*first).Claim(1, "race", "fp", winner, At({}), retention_start));
  std::future<bool> second = std::async(std::launch::async, [&] {
    return InTransaction(
        [&](auto& keys) { return keys.Claim(1, "race", "fp", loser, At({}), retention_start); });
  });
  auto waiting = [&] {
    auto tx = database_->Begin();
    return tx->Execute({"test_lock_waiters",
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                        "current_database() AND wait_event_type = 'Lock'"})
               .Int64(0, 0) == 1;
  };
  ASSERT_TRUE(testing::Eventually(waiting));
  first->Commit();
  EXPECT_FALSE(second.get());
  EXPECT_EQ(
      InTransaction([&](auto& keys) { return keys.Find(1, "race", retention_start); })->order_id,
      winner);
}

std::string DialectName(const ::testing::TestParamInfo<db::Dialect>& info) {
  return info.param == db::Dialect::kPostgres ? "postgres" : "sqlite";
}

INSTANTIATE_TEST_SUITE_P(Dialects, IdempotencyKeyRepositoryTest,
                         ::testing::Values(db::Dialect::kSqlite, db::Dialect::kPostgres),
                         DialectName);
INSTANTIATE_TEST_SUITE_P(Dialects, IdempotencyKeyRaceTest,
                         ::testing::Values(db::Dialect::kPostgres), DialectName);

}  // namespace
}  // namespace sagashop::order
