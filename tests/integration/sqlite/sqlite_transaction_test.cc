#include "platform/db/sqlite/sqlite_transaction.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "platform/db/db_error.h"
#include "platform/db/sqlite/sqlite_database.h"
#include "sqlite_test_dir.h"

namespace sagashop::db {
namespace {

constexpr Query kInsertItem{"test.insert_item", "INSERT INTO items (id, name) VALUES ($1, $2)"};
constexpr Query kCountItems{"test.count_items", "SELECT count(*) FROM items"};

class SqliteTransactionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto transaction = database_.Begin();
    transaction->ExecuteUnprepared("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
    transaction->Commit();
  }

  std::int64_t CountItems(Database& database) {
    auto transaction = database.Begin();
    const std::int64_t count = transaction->Execute(kCountItems).Int64(0, 0);
    transaction->Commit();
    return count;
  }
  std::int64_t CountItems() { return CountItems(database_); }

  testing::SqliteTestDir dir_;
  SqliteDatabase database_{dir_.Config()};
};

// A read does not wait for the writer's turn: it runs while a writer holds it, and sees what was
// committed, not what the writer has yet to commit.
TEST_F(SqliteTransactionTest, AReadRunsBesideTheWriterOnTheCommittedSnapshot) {
  {
    auto first = database_.Begin();
    first->Execute(kInsertItem, {std::int64_t{1}, "committed"});
    first->Commit();
  }
  auto writer = database_.Begin();
  writer->Execute(kInsertItem, {std::int64_t{2}, "not yet"});
  auto reader = database_.BeginRead();  // Begin() here would wait for the writer, and time out
  EXPECT_EQ(reader->Execute(kCountItems).Int64(0, 0), 1);
  reader->Commit();
  writer->Commit();
  auto later = database_.BeginRead();
  EXPECT_EQ(later->Execute(kCountItems).Int64(0, 0), 2);
  later->Commit();
}

// Writes take turns on one connection of their own, which keeps its page cache from one write to
// the next; reads use the others. A TEMP table lives on one connection only, which tells them
// apart.
TEST_F(SqliteTransactionTest, EveryWriteRunsOnTheWritersOwnConnectionAndNoReadDoes) {
  {
    auto first = database_.Begin();
    first->ExecuteUnprepared("CREATE TEMP TABLE writer_mark (x INTEGER)");
    first->Commit();
  }
  constexpr Query kCountMarks{"test.count_writer_marks", "SELECT count(*) FROM temp.writer_mark"};
  auto reader = database_.BeginRead();  // open throughout: a connection the writes must not need
  reader->Execute(kCountItems);
  std::vector<std::thread> writers;
  std::atomic<int> on_writer_connection{0};
  for (int i = 0; i < 4; ++i) {
    writers.emplace_back([&] {
      for (int round = 0; round < 5; ++round) {
        try {
          auto transaction = database_.Begin();
          transaction->Execute(kCountMarks);  // throws on any other connection
          transaction->Commit();
          ++on_writer_connection;
        } catch (const DbError&) {
        }
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  EXPECT_EQ(on_writer_connection.load(), 20);
  EXPECT_THROW(reader->Execute(kCountMarks), DbError);
}

TEST_F(SqliteTransactionTest, JsonEachTakesAnArrayParameter) {
  auto transaction = database_.Begin();
  for (std::int64_t id = 1; id <= 5; ++id) transaction->Execute(kInsertItem, {id, "item"});
  constexpr Query kMark{"test.mark",
                        "UPDATE items SET name = $2 WHERE id IN (SELECT value FROM json_each($1))"};
  EXPECT_EQ(transaction->Execute(kMark, {"[1,3,5]", "marked"}).AffectedRows(), 3);
  const ResultSet marked = transaction->Execute(
      Query{"test.marked", "SELECT id FROM items WHERE name = 'marked' ORDER BY id"});
  ASSERT_EQ(marked.RowCount(), 3u);
  EXPECT_EQ(marked.Int64(2, 0), 5);
}

TEST_F(SqliteTransactionTest, AQuestionMarkPlaceholderIsABugAndLeavesTheTransactionUsable) {
  auto transaction = database_.Begin();
  EXPECT_THROW(transaction->Execute(Query{"test.question_mark", "SELECT ?"}, {std::int64_t{1}}),
               DbError);
  transaction->Execute(kInsertItem, {std::int64_t{1}, "still usable"});
  transaction->Commit();
  transaction.reset();
  EXPECT_EQ(CountItems(), 1);
}

TEST_F(SqliteTransactionTest, ASelectAffectsNoRows) {
  auto transaction = database_.Begin();
  transaction->Execute(kInsertItem, {std::int64_t{1}, "book"});
  EXPECT_EQ(transaction->Execute(kCountItems).AffectedRows(), 0);
}

TEST_F(SqliteTransactionTest, ConcurrentWritersLoseNoUpdate) {
  {
    auto transaction = database_.Begin();
    transaction->ExecuteUnprepared("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER)");
    transaction->ExecuteUnprepared("INSERT INTO counter VALUES (1, 0)");
    transaction->Commit();
  }
  constexpr int kThreads = 8;
  constexpr int kIncrements = 50;
  constexpr Query kRead{"test.counter_read", "SELECT n FROM counter WHERE id = 1"};
  constexpr Query kWrite{"test.counter_write", "UPDATE counter SET n = $1 WHERE id = 1"};
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        try {
          // Read, then write what was read plus one: only serialized transactions keep every one.
          auto transaction = database_.Begin();
          const std::int64_t n = transaction->Execute(kRead).Int64(0, 0);
          transaction->Execute(kWrite, {n + 1});
          transaction->Commit();
        } catch (const DbError&) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  EXPECT_EQ(failures.load(), 0);
  auto transaction = database_.Begin();
  EXPECT_EQ(transaction->Execute(kRead).Int64(0, 0), kThreads * kIncrements);
  EXPECT_LE(database_.GetPoolStats().open, 8);
}

TEST_F(SqliteTransactionTest, ACommittedTransactionSurvivesTheProcessDying) {
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    int status = 1;
    try {
      SqliteDatabase database(dir_.Config());
      auto transaction = database.Begin();
      transaction->Execute(kInsertItem, {std::int64_t{42}, "durable"});
      transaction->Commit();
      status = 0;
    } catch (...) {
    }
    _exit(status);  // no destructors, no close: as if the process crashed right after COMMIT
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the child could not commit";

  SqliteDatabase reopened(dir_.Config());
  auto transaction = reopened.Begin();
  const ResultSet rows = transaction->Execute(
      Query{"test.find", "SELECT name FROM items WHERE id = $1"}, {std::int64_t{42}});
  ASSERT_EQ(rows.RowCount(), 1u);
  EXPECT_EQ(rows.Text(0, 0), "durable");
}

}  // namespace
}  // namespace sagashop::db
