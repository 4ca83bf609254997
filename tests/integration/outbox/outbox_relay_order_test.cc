// The relay's ordering guarantee against real PostgreSQL and Kafka: per key, events reach the bus
// in outbox id order, also when their transactions commit out of that order and across a relay
// fail-over; none is skipped. (On SQLite the case cannot arise: every transaction there holds the
// database's single writer turn from BEGIN IMMEDIATE to its end, so ids commit in order.)
#include <atomic>
#include <iostream>
#include <map>
#include <set>
#include <thread>

#include "integration/outbox/crashing_publisher.h"
#include "integration/outbox/outbox_relay_fixture.h"

namespace sagashop::testing {
namespace {

class OutboxRelayOrderTest : public OutboxRelayFixture {
 protected:
  // The outbox id of every row still in the table, by event id.
  std::map<std::string, std::int64_t> OutboxIds() {
    auto tx = database_->Begin();
    const db::ResultSet rows =
        tx->Execute({"test_outbox_ids", "SELECT event_id, id FROM outbox_events"});
    std::map<std::string, std::int64_t> ids;
    for (std::size_t row = 0; row < rows.RowCount(); ++row) {
      ids[rows.Text(row, 0)] = rows.Int64(row, 1);
    }
    return ids;
  }

  // Waits until the relay has run a round that began after this call.
  static bool RoundAfterNow(const outbox::OutboxRelay& relay) {
    // The round in progress now may have read before; the one after it has not.
    const std::uint64_t now = relay.RoundsTotal();
    return Eventually([&] { return relay.RoundsTotal() >= now + 2; });
  }

  static std::string EventIdOf(const bus::IncomingMessage& message) {
    return std::string(message.FindHeader("ce_id").value_or(""));
  }

  // Per key, the first deliveries of its events must be in outbox id order. Returns what broke it.
  static std::string OrderViolations(const std::vector<bus::IncomingMessage>& received,
                                     const std::map<std::string, std::int64_t>& outbox_ids) {
    std::map<std::string, std::int64_t> last_id_of_key;
    std::set<std::string> seen;
    std::string violations;
    for (const bus::IncomingMessage& message : received) {
      const std::string event_id = EventIdOf(message);
      if (!seen.insert(event_id).second) continue;  // a duplicate: its first delivery counted
      const std::int64_t id = outbox_ids.at(event_id);
      auto [last, inserted] = last_id_of_key.emplace(message.key, id);
      if (!inserted) {
        if (id < last->second) {
          violations += "key " + message.key + ": id " + std::to_string(id) + " after " +
                        std::to_string(last->second) + "\n";
        }
        last->second = id;
      }
    }
    return violations;
  }

  // How many times each event was delivered.
  static std::map<std::string, int> Deliveries(const std::vector<bus::IncomingMessage>& received) {
    std::map<std::string, int> deliveries;
    for (const bus::IncomingMessage& message : received) ++deliveries[EventIdOf(message)];
    return deliveries;
  }
};

TEST_F(OutboxRelayOrderTest, SameKeyRowsCommittedOutOfIdOrderWaitForTheLowerId) {
  Collector collector(*bus_, topic_, "it-group-" + suffix_);
  auto publisher = bus_->CreatePublisher();
  outbox::OutboxRelay relay(*database_, *publisher, RelayConfig());
  relay.Start();
  ASSERT_TRUE(Eventually([&] { return relay.IsActive(); }));

  // A takes the lowest id for order 1 and stays open while B (order 1) and C (order 2) commit.
  auto a = database_->Begin();
  const std::vector<std::string> a_events = AppendIn(*a, 1, 1);
  const std::vector<std::string> b_events = Append(1, 3);
  const std::vector<std::string> c_events = Append(2, 1);
  ASSERT_TRUE(RoundAfterNow(relay));
  // The relay has seen B and C and published neither: A could still commit below them.
  EXPECT_GE(relay.HeldBackTotal(), 4u);
  EXPECT_EQ(relay.PublishedTotal(), 0u);

  a->Commit();
  ASSERT_TRUE(Eventually([&] { return collector.Count() >= 5; })) << collector.Count();
  const auto received = collector.Received();
  std::vector<std::string> order_1;
  for (const auto& message : received) {
    if (message.key == "1") order_1.push_back(EventIdOf(message));
  }
  const std::vector<std::string> expected = {a_events[0], b_events[0], b_events[1], b_events[2]};
  EXPECT_EQ(order_1, expected);
  EXPECT_EQ(received.size(), 5u);
  ASSERT_TRUE(Eventually([&] { return Count("status = 'SENT'") == 5; }));
}

// Each round, four transactions take ids in turn for one order and commit from the highest id down,
// the relay running a round between one commit and the next; every third round the lowest one rolls
// back instead, leaving a gap that never fills.
TEST_F(OutboxRelayOrderTest, ConcurrentCommitsOutOfIdOrderAreNeitherSkippedNorReordered) {
  constexpr int kRounds = 12;
  constexpr int kWriters = 4;
  Collector collector(*bus_, topic_, "it-group-" + suffix_);
  auto publisher = bus_->CreatePublisher();
  outbox::OutboxRelay relay(*database_, *publisher, RelayConfig());
  relay.Start();
  ASSERT_TRUE(Eventually([&] { return relay.IsActive(); }));

  std::set<std::string> committed;
  std::set<std::string> rolled_back;
  for (int round = 0; round < kRounds; ++round) {
    const std::int64_t key = 1 + round % 3;
    std::vector<std::unique_ptr<db::Transaction>> open;
    std::vector<std::vector<std::string>> events;
    for (int writer = 0; writer < kWriters; ++writer) {
      open.push_back(database_->Begin());
      events.push_back(AppendIn(*open.back(), key, 1 + (writer + round) % 3));
    }
    for (int writer = kWriters - 1; writer >= 0; --writer) {
      if (writer == 0 && round % 3 == 2) {
        open[writer].reset();  // rolls back
        rolled_back.insert(events[writer].begin(), events[writer].end());
      } else {
        open[writer]->Commit();
        committed.insert(events[writer].begin(), events[writer].end());
      }
      if (writer > 0) {
        ASSERT_TRUE(RoundAfterNow(relay)) << "round " << round << ", writer " << writer;
      }
    }
  }

  ASSERT_TRUE(
      Eventually([&] { return Deliveries(collector.Received()).size() >= committed.size(); },
                 std::chrono::seconds(30)))
      << Deliveries(collector.Received()).size() << " of " << committed.size();
  ASSERT_TRUE(Eventually([&] { return Count("status = 'PENDING'") == 0; }));
  const auto received = collector.Received();
  const std::map<std::string, int> deliveries = Deliveries(received);
  for (const std::string& event_id : committed) {
    EXPECT_EQ(deliveries.count(event_id) ? deliveries.at(event_id) : 0, 1) << event_id;
  }
  for (const std::string& event_id : rolled_back) EXPECT_EQ(deliveries.count(event_id), 0u);
  EXPECT_EQ(received.size(), committed.size());
  EXPECT_EQ(OrderViolations(received, OutboxIds()), "");
  EXPECT_GT(relay.HeldBackTotal(), 0u);
}

// Writers keep committing (and now and then rolling back) on three threads while the active relay
// crashes right after the bus acknowledged a batch it had not yet marked SENT, and the standby
// takes over. Nothing is skipped, each order's events stay in id order, and the only duplicates
// are that one batch.
TEST_F(OutboxRelayOrderTest, FailOverSkipsNothingKeepsOrderAndRepeatsOnlyTheUnmarkedBatch) {
  Collector collector(*bus_, topic_, "it-group-" + suffix_);
  auto other_database = OpenDatabase();  // the standby's, as another process would have
  CrashingPublisher first_publisher(bus_->CreatePublisher());
  auto second_publisher = bus_->CreatePublisher();
  outbox::OutboxRelayConfig config = RelayConfig();
  config.standby_retry = std::chrono::milliseconds(100);
  auto first = std::make_unique<outbox::OutboxRelay>(*database_, first_publisher, config);
  outbox::OutboxRelay second(*other_database, *second_publisher, config);
  first->Start();
  ASSERT_TRUE(Eventually([&] { return first->IsActive(); }));
  second.Start();

  std::atomic<bool> stop_writing{false};
  std::mutex written_mutex;
  std::set<std::string> committed;
  std::set<std::string> rolled_back;
  std::vector<std::thread> writers;
  for (int writer = 0; writer < 3; ++writer) {
    writers.emplace_back([&, writer] {
      for (int n = 0; !stop_writing; ++n) {
        auto tx = database_->Begin();
        const std::vector<std::string> events = AppendIn(*tx, 1 + (n + writer) % 4, 1 + n % 3);
        const bool commit = n % 7 != 6;
        if (commit) tx->Commit();
        tx.reset();
        std::lock_guard lock(written_mutex);
        (commit ? committed : rolled_back).insert(events.begin(), events.end());
      }
    });
  }
  auto stop_writers = [&] {
    stop_writing = true;
    for (std::thread& writer : writers) writer.join();
    writers.clear();
  };

  const bool first_published = Eventually([&] { return first->PublishedTotal() >= 60; });
  first_publisher.CrashAfterNextBatch();
  {
    // A backlog, so that the batch the crash cuts short is likely a full one.
    const std::vector<std::string> backlog = Append(5, 20);
    std::lock_guard lock(written_mutex);
    committed.insert(backlog.begin(), backlog.end());
  }
  const bool crashed = Eventually([&] { return first_publisher.Crashed(); });
  first.reset();  // the crashed relay is gone, and its lease with it
  const bool second_took_over = Eventually([&] { return second.PublishedTotal() >= 60; });
  stop_writers();
  ASSERT_TRUE(first_published && crashed && second_took_over)
      << first_published << crashed << second_took_over;

  ASSERT_TRUE(
      Eventually([&] { return Deliveries(collector.Received()).size() >= committed.size(); },
                 std::chrono::seconds(30)))
      << Deliveries(collector.Received()).size() << " of " << committed.size();
  ASSERT_TRUE(Eventually([&] { return Count("status = 'PENDING'") == 0; }));
  const auto received = collector.Received();
  const std::map<std::string, int> deliveries = Deliveries(received);
  const std::vector<std::string> unmarked = first_publisher.LastBatchBeforeCrash();
  ASSERT_FALSE(unmarked.empty());
  const std::set<std::string> repeatable(unmarked.begin(), unmarked.end());
  std::size_t duplicates = 0;
  for (const std::string& event_id : committed) {
    const int times = deliveries.count(event_id) ? deliveries.at(event_id) : 0;
    EXPECT_EQ(times, repeatable.contains(event_id) ? 2 : 1) << event_id;
    duplicates += times > 1 ? times - 1 : 0;
  }
  for (const std::string& event_id : rolled_back) EXPECT_EQ(deliveries.count(event_id), 0u);
  EXPECT_EQ(deliveries.size(), committed.size());
  EXPECT_EQ(duplicates, unmarked.size());
  EXPECT_EQ(OrderViolations(received, OutboxIds()), "");
  std::cout << "fail-over: " << committed.size() << " events committed, " << rolled_back.size()
            << " rolled back, " << received.size() << " delivered, " << duplicates
            << " duplicates (the crashed relay's unmarked batch)\n";
}

}  // namespace
}  // namespace sagashop::testing
