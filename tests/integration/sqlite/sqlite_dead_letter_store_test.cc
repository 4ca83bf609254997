#include <gtest/gtest.h>

#include <array>

#include "integration/sqlite/sqlite_test_dir.h"
#include "platform/core/timestamp.h"
#include "platform/db/sqlite/sqlite_database.h"
#include "platform/inbox/dead_letter_store.h"
#include "platform/inbox/inbox_schema.h"

namespace sagashop::inbox {
namespace {

using namespace std::string_literals;

constexpr std::array kSchema = {
    db::Migration{1, "inbox", kInboxPostgres, kInboxSqlite},
    db::Migration{2, "dead letters", kDeadLettersPostgres, kDeadLettersSqlite},
};

// The dead_letters table on SQLite, as embedded mode and `sagashop dlt` use it.
class SqliteDeadLetterStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { database_.ApplyMigrations(kSchema); }

  DeadLetter Parked(const std::string& event_id, const std::string& topic) const {
    return {.consumer = "payment",
            .event_id = event_id,
            .event_type = topic,
            .topic = topic,
            .partition = 1,
            .offset = 8,
            .key = "\xFF\x00k"s,
            .value = "{\"bad\": \x00\xFE"s,
            .headers = {{"ce_id", event_id}, {"bin", "\x80"s}, {"dlt_error", "refused"}},
            .error = "refused",
            .error_class = "std::invalid_argument",
            .attempts = 3,
            .parked_at = NowRfc3339()};
  }

  template <typename Work>
  auto InTransaction(Work&& work) {
    auto tx = database_.Begin();
    DeadLetterStore store(*tx);
    auto result = work(store, *tx);
    tx->Commit();
    return result;
  }

  testing::SqliteTestDir dir_;
  db::SqliteDatabase database_{dir_.Config("payment.db")};
};

TEST_F(SqliteDeadLetterStoreTest, KeepsEveryByteOfAParkedEvent) {
  const DeadLetter parked = Parked("e-1", "order.created.v1");
  const std::int64_t id =
      InTransaction([&](DeadLetterStore& store, db::Transaction&) { return store.Insert(parked); });
  const DeadLetter kept =
      InTransaction([&](DeadLetterStore& store, db::Transaction&) { return *store.Find(id); });
  EXPECT_EQ(kept.Name(), "payment-" + std::to_string(id));
  EXPECT_EQ(kept.key, parked.key);
  EXPECT_EQ(kept.value, parked.value);
  ASSERT_EQ(kept.headers.size(), 3u);
  EXPECT_EQ(kept.headers[1].value, "\x80"s);
  EXPECT_EQ(kept.partition, 1);
  EXPECT_EQ(kept.offset, 8);
  EXPECT_EQ(kept.attempts, 3);
  EXPECT_EQ(kept.parked_at, parked.parked_at);
  EXPECT_EQ(kept.status, DeadLetterStatus::kParked);
  EXPECT_FALSE(kept.replay_requested_at);
}

TEST_F(SqliteDeadLetterStoreTest, ListsByTopicAndStatusAndReplaysOnlyWhatIsParked) {
  const auto [a, b] = InTransaction([&](DeadLetterStore& store, db::Transaction&) {
    return std::pair{store.Insert(Parked("a", "order.created.v1")),
                     store.Insert(Parked("b", "payment.failed.v1"))};
  });
  const auto listed = [&](DeadLetterFilter filter) {
    return InTransaction(
        [&](DeadLetterStore& store, db::Transaction&) { return store.List(filter); });
  };
  EXPECT_EQ(listed({}).size(), 2u);
  ASSERT_EQ(listed({.topic = "payment.failed.v1", .status = std::nullopt}).size(), 1u);
  EXPECT_EQ(listed({.topic = "payment.failed.v1", .status = std::nullopt})[0].id, b);

  EXPECT_TRUE(InTransaction([&](DeadLetterStore& store, db::Transaction&) {
    return store.RequestReplay(a, NowRfc3339());
  }));
  EXPECT_FALSE(InTransaction([&](DeadLetterStore& store, db::Transaction&) {
    return store.RequestReplay(a, NowRfc3339());
  }));
  EXPECT_FALSE(InTransaction([&](DeadLetterStore& store, db::Transaction&) {
    return store.RequestReplay(999, NowRfc3339());
  }));
  const auto requests = InTransaction(
      [&](DeadLetterStore& store, db::Transaction&) { return store.ReplayRequests(10); });
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].id, a);
  EXPECT_EQ(listed({.topic = "", .status = DeadLetterStatus::kReplayRequested}).size(), 1u);

  InTransaction([&](DeadLetterStore& store, db::Transaction&) {
    store.MarkReplayed(a, NowRfc3339());
    return 0;
  });
  const auto replayed = listed({.topic = "", .status = DeadLetterStatus::kReplayed});
  ASSERT_EQ(replayed.size(), 1u);
  EXPECT_TRUE(replayed[0].replayed_at);
  EXPECT_EQ(listed({.topic = "", .status = DeadLetterStatus::kParked}).size(), 1u);
}

TEST_F(SqliteDeadLetterStoreTest, ForgettingAParkingLeavesProcessedEventsAlone) {
  const auto count = [&](const std::string& id) {
    return InTransaction([&](DeadLetterStore&, db::Transaction& tx) {
      return tx
          .Execute({"count_inbox", "SELECT count(*) FROM inbox_events WHERE event_id = $1"}, {id})
          .Int64(0, 0);
    });
  };
  InTransaction([&](DeadLetterStore& store, db::Transaction& tx) {
    const db::Query insert{"insert_inbox",
                           "INSERT INTO inbox_events (event_id, event_type, status, processed_at) "
                           "VALUES ($1, 't', $2, $3)"};
    tx.Execute(insert, {std::string("parked"), std::string("DEAD_LETTERED"), NowRfc3339()});
    tx.Execute(insert, {std::string("done"), std::string("PROCESSED"), NowRfc3339()});
    store.ForgetDeadLetteredInInbox("parked");
    store.ForgetDeadLetteredInInbox("done");
    return 0;
  });
  EXPECT_EQ(count("parked"), 0);
  EXPECT_EQ(count("done"), 1);
}

}  // namespace
}  // namespace sagashop::inbox
