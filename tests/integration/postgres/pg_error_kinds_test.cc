// Each error kind only PostgreSQL reports, provoked for real on the server: the kind decides
// whether callers retry. The kinds both adapters share are tested in integration/database.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>
#include <optional>
#include <string>

#include "integration/database/pg_test_database.h"
#include "platform/db/db_error.h"
#include "platform/db/postgres/pg_database.h"
#include "platform/db/postgres/pg_error.h"

namespace sagashop::db {
namespace {

using ::testing::HasSubstr;

constexpr Query kBalance{"test.balance", "SELECT balance FROM accounts WHERE id = $1"};
constexpr Query kDeposit{"test.deposit", "UPDATE accounts SET balance = balance + 1 WHERE id = $1"};

class PgErrorKindsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto transaction = database_.Begin();
    transaction->ExecuteUnprepared(
        "CREATE TABLE accounts (id BIGINT PRIMARY KEY, balance BIGINT NOT NULL CHECK (balance >= "
        "0));"
        "INSERT INTO accounts VALUES (1, 100), (2, 100)");
    transaction->Commit();
  }

  testing::PgTestDatabase test_db_;
  PgDatabase database_{test_db_.Config()};
};

// Runs `action` and returns the DbError it threw, or nullopt.
template <typename Action>
std::optional<DbError> ErrorFrom(Action&& action) {
  try {
    action();
  } catch (const DbError& error) {
    return error;
  }
  return std::nullopt;
}

TEST_F(PgErrorKindsTest, SerializationFailureIsTransient) {
  auto reader = database_.Begin();
  reader->ExecuteUnprepared("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
  EXPECT_EQ(reader->Execute(kBalance, {std::int64_t{1}}).Int64(0, 0), 100);  // takes the snapshot

  auto writer = database_.Begin();
  writer->Execute(kDeposit, {std::int64_t{1}});
  writer->Commit();

  const auto error = ErrorFrom([&] { reader->Execute(kDeposit, {std::int64_t{1}}); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->GetKind(), DbError::Kind::kTransient);
  EXPECT_TRUE(error->IsRetryable());
  EXPECT_THAT(error->what(), HasSubstr("40001"));
}

TEST_F(PgErrorKindsTest, DeadlockIsTransient) {
  std::unique_ptr<Transaction> first = database_.Begin();
  std::unique_ptr<Transaction> second = database_.Begin();
  first->Execute(kDeposit, {std::int64_t{1}});
  second->Execute(kDeposit, {std::int64_t{2}});

  // Each now wants the other's row; the server picks a victim after deadlock_timeout.
  auto cross = [](std::unique_ptr<Transaction>& transaction, std::int64_t id) {
    auto error = ErrorFrom([&] { transaction->Execute(kDeposit, {id}); });
    if (error) transaction.reset();  // roll back at once so that the survivor goes on
    return error;
  };
  auto first_result = std::async(std::launch::async, [&] { return cross(first, 2); });
  auto second_result = std::async(std::launch::async, [&] { return cross(second, 1); });
  const std::optional<DbError> errors[] = {first_result.get(), second_result.get()};

  ASSERT_NE(errors[0].has_value(), errors[1].has_value()) << "exactly one victim";
  const DbError& error = errors[0] ? *errors[0] : *errors[1];
  EXPECT_EQ(error.GetKind(), DbError::Kind::kTransient);
  EXPECT_THAT(error.what(), HasSubstr("40P01"));
}

TEST_F(PgErrorKindsTest, StatementTimeoutIsTransient) {
  PgConfig config = test_db_.Config();
  config.statement_timeout = std::chrono::milliseconds(100);
  PgDatabase impatient(config);
  auto transaction = impatient.Begin();
  const auto error = ErrorFrom([&] { transaction->ExecuteUnprepared("SELECT pg_sleep(30)"); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->GetKind(), DbError::Kind::kTransient);
  EXPECT_THAT(error->what(), HasSubstr("57014"));
}

TEST_F(PgErrorKindsTest, LockNotAvailableIsTransient) {
  auto holder = database_.Begin();
  holder->Execute(kDeposit, {std::int64_t{1}});
  auto other = database_.Begin();
  const auto error = ErrorFrom(
      [&] { other->ExecuteUnprepared("SELECT * FROM accounts WHERE id = 1 FOR UPDATE NOWAIT"); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->GetKind(), DbError::Kind::kTransient);
  EXPECT_THAT(error->what(), HasSubstr("55P03"));
}

TEST(PgErrorKindTest, MapsSqlStatesByRetryability) {
  EXPECT_EQ(PgErrorKind("40001"), DbError::Kind::kTransient);
  EXPECT_EQ(PgErrorKind("40P01"), DbError::Kind::kTransient);
  EXPECT_EQ(PgErrorKind("55P03"), DbError::Kind::kTransient);
  EXPECT_EQ(PgErrorKind("57014"), DbError::Kind::kTransient);
  EXPECT_EQ(PgErrorKind("57P01"), DbError::Kind::kTransient);
  EXPECT_EQ(PgErrorKind("08006"), DbError::Kind::kTransient);
  EXPECT_EQ(PgErrorKind("08000"), DbError::Kind::kTransient);
  EXPECT_EQ(PgErrorKind("23505"), DbError::Kind::kConstraint);
  EXPECT_EQ(PgErrorKind("23503"), DbError::Kind::kConstraint);
  EXPECT_EQ(PgErrorKind("42P01"), DbError::Kind::kPermanent);
  EXPECT_EQ(PgErrorKind("22P02"), DbError::Kind::kPermanent);
  EXPECT_EQ(PgErrorKind(""), DbError::Kind::kPermanent);
  EXPECT_TRUE(PgErrorEndsSession("08006"));
  EXPECT_TRUE(PgErrorEndsSession("57P01"));
  EXPECT_FALSE(PgErrorEndsSession("40001"));
  EXPECT_FALSE(PgErrorEndsSession("57014"));
}

}  // namespace
}  // namespace sagashop::db
