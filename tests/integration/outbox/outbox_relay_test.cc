#include "platform/outbox/outbox_relay.h"

#include "integration/outbox/outbox_relay_fixture.h"
#include "platform/db/row_batch.h"

namespace sagashop::testing {
namespace {

using OutboxRelayTest = OutboxRelayFixture;

TEST_F(OutboxRelayTest, CommittedRowsReachKafkaInIdOrderAndAreMarkedSent) {
  Collector collector(*bus_, topic_, "it-group-" + suffix_);
  auto publisher = bus_->CreatePublisher();
  outbox::OutboxRelay relay(*database_, *publisher, RelayConfig());
  relay.Start();

  // Three transactions for one order (one partition), 20 rows: more than two batches of 7.
  Append(42, 5);
  Append(42, 10);
  Append(42, 5);
  // The relay sleeps up to 10 s between polls; only the notification can wake it this fast.
  ASSERT_TRUE(Eventually([&] { return collector.Count() >= 20; }, std::chrono::seconds(8)))
      << "received " << collector.Count();
  const auto received = collector.Received();
  ASSERT_EQ(received.size(), 20u);
  for (std::size_t i = 0; i < received.size(); ++i) {
    EXPECT_EQ(received[i].key, "42");
    EXPECT_EQ(received[i].FindHeader("ce_id"), "ev-" + suffix_ + "-" + std::to_string(i))
        << "position " << i;
    EXPECT_EQ(received[i].FindHeader("ce_type"), topic_);
    EXPECT_EQ(received[i].FindHeader("ce_source"), "sagashop/" + service_);
    EXPECT_EQ(received[i].FindHeader("ce_specversion"), "1.0");
  }
  ASSERT_TRUE(Eventually([&] { return Count("status = 'SENT' AND sent_at IS NOT NULL") == 20; }));
  EXPECT_EQ(Count("status = 'PENDING'"), 0);
}

TEST_F(OutboxRelayTest, TheServicesFollowUpRunsForEveryAcknowledgedBatchBeforeItIsMarked) {
  {
    auto tx = database_->Begin();
    tx->ExecuteUnprepared("CREATE TABLE published_keys (key BIGINT PRIMARY KEY)");
    tx->Commit();
  }
  auto publisher = bus_->CreatePublisher();
  outbox::OutboxRelayConfig config = RelayConfig();
  std::atomic<std::size_t> told{0};
  config.on_published = [&](std::span<const outbox::PublishedEvent> events) {
    told += events.size();
    db::ValueList keys;
    for (const outbox::PublishedEvent& event : events) {
      keys.Add(std::stoll(std::string(event.aggregate_id)));
    }
    return db::Statement{
        .query = {"test.published_keys",
                  "INSERT INTO published_keys (key) SELECT jsonb_array_elements_text($1::jsonb)"
                  "::bigint ON CONFLICT DO NOTHING"},
        .params = {keys.AsParam()}};
  };
  outbox::OutboxRelay relay(*database_, *publisher, config);
  for (std::int64_t key = 1; key <= 10; ++key) Append(key, 2);
  ASSERT_TRUE(PublishAll(relay, 20));
  relay.PublishPendingBatch();  // marks the last batch
  EXPECT_EQ(told.load(), 20u);
  EXPECT_EQ(Count("status = 'SENT'"), 20);
  auto tx = database_->Begin();
  EXPECT_EQ(tx->Execute({"test.count_keys", "SELECT count(*) FROM published_keys"}).Int64(0, 0),
            10);
}

TEST_F(OutboxRelayTest, RolledBackTransactionPublishesNothing) {
  Collector collector(*bus_, topic_, "it-group-" + suffix_);
  auto publisher = bus_->CreatePublisher();
  outbox::OutboxRelay relay(*database_, *publisher, RelayConfig());
  relay.Start();

  Append(7, 3, /*commit=*/false);
  Append(8, 1);  // a committed marker after the rolled-back rows
  ASSERT_TRUE(Eventually([&] { return collector.Count() >= 1; }));
  ASSERT_TRUE(Eventually([&] { return Count("status = 'SENT'") == 1; }));
  // The marker is through, so anything before it would have been too.
  const auto received = collector.Received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].key, "8");
  EXPECT_EQ(Count("TRUE"), 1);
}

TEST_F(OutboxRelayTest, SecondRelayStandsByUntilTheFirstStops) {
  Collector collector(*bus_, topic_, "it-group-" + suffix_);
  auto other_database = OpenDatabase();  // as another process would
  auto first_publisher = bus_->CreatePublisher();
  auto second_publisher = bus_->CreatePublisher();
  auto first = std::make_unique<outbox::OutboxRelay>(*database_, *first_publisher, RelayConfig());
  outbox::OutboxRelayConfig standby_config = RelayConfig();
  standby_config.standby_retry = std::chrono::milliseconds(100);
  outbox::OutboxRelay second(*other_database, *second_publisher, standby_config);
  first->Start();
  ASSERT_TRUE(Eventually([&] { return first->IsActive(); }));
  second.Start();

  Append(1, 10);
  // A consumer may see the events before the relay has marked them SENT: wait for both.
  ASSERT_TRUE(Eventually([&] { return collector.Count() >= 10; }));
  ASSERT_TRUE(Eventually([&] { return first->PublishedTotal() == 10; }));
  EXPECT_EQ(Count("status = 'SENT'"), 10);
  EXPECT_FALSE(second.IsActive());
  EXPECT_EQ(second.PublishedTotal(), 0u);

  first.reset();  // stops and releases the lease
  ASSERT_TRUE(Eventually([&] { return second.IsActive(); }));
  Append(1, 5);
  ASSERT_TRUE(Eventually([&] { return collector.Count() >= 15; }));
  ASSERT_TRUE(Eventually([&] { return second.PublishedTotal() == 5; }));
  EXPECT_EQ(Count("status = 'SENT'"), 15);
  EXPECT_EQ(collector.Count(), 15u);
}

TEST_F(OutboxRelayTest, PrunesSentRowsPastTheirRetention) {
  auto publisher = bus_->CreatePublisher();
  outbox::OutboxRelayConfig config = RelayConfig();
  config.retention = std::chrono::hours(1);
  outbox::OutboxRelay relay(*database_, *publisher, config);
  Append(3, 4);
  ASSERT_TRUE(PublishAll(relay, 4));
  {
    auto tx = database_->Begin();
    tx->ExecuteUnprepared(
        "UPDATE outbox_events SET sent_at = now() - interval '2 hours' WHERE id <= 2");
    tx->Commit();
  }
  Append(3, 1);  // pending rows are never pruned
  EXPECT_EQ(relay.PruneSent(), 2);
  EXPECT_EQ(Count("TRUE"), 3);
  EXPECT_EQ(Count("status = 'PENDING'"), 1);
}

}  // namespace
}  // namespace sagashop::testing
