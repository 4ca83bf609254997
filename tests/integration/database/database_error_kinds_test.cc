// The error kinds both adapters report the same way: the kind decides whether callers retry.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "integration/database/test_backend.h"
#include "platform/db/db_error.h"

namespace sagashop::db {
namespace {

using ::testing::HasSubstr;

constexpr Query kInsert{"test.insert_account",
                        "INSERT INTO accounts (id, balance) VALUES ($1, $2)"};

class DatabaseErrorKindsTest : public testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    auto transaction = database_->Begin();
    transaction->ExecuteUnprepared(
        "CREATE TABLE accounts (id BIGINT PRIMARY KEY, balance BIGINT NOT NULL CHECK (balance >= "
        "0));"
        "INSERT INTO accounts VALUES (1, 100), (2, 100)");
    transaction->Commit();
  }
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

TEST_P(DatabaseErrorKindsTest, UniqueViolationIsAConstraintErrorNamingTheQuery) {
  auto transaction = database_->Begin();
  const auto error = ErrorFrom([&] { transaction->Execute(kInsert, {std::int64_t{1}, 5}); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->GetKind(), DbError::Kind::kConstraint);
  EXPECT_FALSE(error->IsRetryable());
  EXPECT_THAT(error->what(), HasSubstr("test.insert_account"));
  if (OnPostgres()) {
    EXPECT_THAT(error->what(), HasSubstr("23505"));
    EXPECT_THAT(error->what(), HasSubstr("accounts_pkey"));
  } else {
    EXPECT_THAT(error->what(), HasSubstr("UNIQUE constraint failed"));
  }
}

TEST_P(DatabaseErrorKindsTest, CheckViolationIsAConstraintError) {
  auto transaction = database_->Begin();
  const auto error = ErrorFrom([&] { transaction->Execute(kInsert, {std::int64_t{3}, -1}); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->GetKind(), DbError::Kind::kConstraint);
  EXPECT_THAT(error->what(), HasSubstr(ForBackend("23514", "CHECK constraint failed")));
}

TEST_P(DatabaseErrorKindsTest, BadSqlIsPermanentPreparedOrNot) {
  std::optional<DbError> prepared;
  {
    auto transaction = database_->Begin();
    prepared = ErrorFrom([&] { transaction->Execute(Query{"test.bad", "SELEC 1"}); });
  }
  ASSERT_TRUE(prepared);
  EXPECT_EQ(prepared->GetKind(), DbError::Kind::kPermanent);
  EXPECT_THAT(prepared->what(), HasSubstr("test.bad"));

  auto transaction = database_->Begin();
  const auto unprepared = ErrorFrom([&] { transaction->ExecuteUnprepared("SELEC 1"); });
  ASSERT_TRUE(unprepared);
  EXPECT_EQ(unprepared->GetKind(), DbError::Kind::kPermanent);
  EXPECT_THAT(unprepared->what(), HasSubstr("syntax error"));
  if (OnPostgres()) {
    EXPECT_THAT(unprepared->what(), HasSubstr("42601"));
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, DatabaseErrorKindsTest, testing::EveryBackend(),
                         testing::BackendName);

}  // namespace
}  // namespace sagashop::db
