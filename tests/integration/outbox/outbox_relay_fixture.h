#pragma once

#include <array>
#include <atomic>
#include <string>
#include <string_view>
#include <vector>

#include "integration/outbox/outbox_test_fixture.h"
#include "platform/outbox/outbox_relay.h"
#include "platform/outbox/outbox_schema.h"
#include "platform/outbox/outbox_writer.h"

namespace sagashop::testing {

inline constexpr std::array kOutboxOnly = {
    db::Migration{1, "outbox", outbox::kOutboxPostgres, outbox::kOutboxSqlite}};

// An outbox database and topic for relay tests, with helpers to write rows and to read them back.
class OutboxRelayFixture : public OutboxTest {
 protected:
  void SetUp() override {
    OutboxTest::SetUp();
    database_->ApplyMigrations(kOutboxOnly);
  }

  // Appends `count` events for `key` inside `tx`, which goes on as a writer that appended and then
  // did more work: the rows have reached the database (and taken their ids) before it commits.
  // Returns their event ids.
  std::vector<std::string> AppendIn(db::Transaction& tx, std::int64_t key, int count) {
    outbox::OutboxWriter writer(tx, outbox::OutboxChannel(service_));
    std::vector<std::string> ids;
    for (int i = 0; i < count; ++i) {
      const int sequence = next_event_++;
      ids.push_back("ev-" + suffix_ + "-" + std::to_string(sequence));
      writer.Append({.event_id = ids.back(),
                     .aggregate_type = "order",
                     .aggregate_id = key,
                     .event_type = topic_,
                     .payload = R"({"seq":)" + std::to_string(sequence) + "}",
                     .trace_parent = ""});
    }
    tx.Execute(db::Query{"test.more_work", "SELECT 1"});  // sends the queued rows (PostgreSQL)
    return ids;
  }

  // Appends `count` events for `key` in one transaction, committed unless told otherwise.
  std::vector<std::string> Append(std::int64_t key, int count, bool commit = true) {
    auto tx = database_->Begin();
    std::vector<std::string> ids = AppendIn(*tx, key, count);
    if (commit) tx->Commit();
    return ids;
  }

  std::int64_t Count(std::string_view where) {
    auto tx = database_->Begin();
    const std::string sql = "SELECT count(*) FROM outbox_events WHERE " + std::string(where);
    const std::string name = "count_" + std::to_string(std::hash<std::string>{}(sql));
    return tx->Execute(db::Query{name, sql}).Int64(0, 0);
  }

  outbox::OutboxRelayConfig RelayConfig() const {
    return {.service = service_, .batch_size = 7, .idle_poll = std::chrono::seconds(10)};
  }

  // Runs rounds of `relay` by hand until it has published `expected` rows in all. A new relay's
  // first round may publish nothing while it settles where it stands.
  static bool PublishAll(outbox::OutboxRelay& relay, std::size_t expected) {
    std::size_t published = 0;
    return Eventually([&] {
      published += relay.PublishPendingBatch();
      return published >= expected;
    });
  }

  std::string service_ = "svc" + suffix_;
  std::atomic<int> next_event_{0};  // writers on several threads name their events
};

}  // namespace sagashop::testing
