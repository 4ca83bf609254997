#include "platform/inbox/dead_letter_replayer.h"

#include <atomic>

#include "integration/outbox/inbox_test_schema.h"
#include "integration/outbox/outbox_test_fixture.h"
#include "platform/cache/redis/redis_idempotency_cache.h"
#include "platform/core/timestamp.h"
#include "platform/inbox/dead_letter_store.h"
#include "platform/inbox/inbox_consumer.h"
#include "support/server_tls.h"

namespace sagashop::testing {
namespace {

// A consumer parks an event its handler refuses; an operator asks for a replay; the replayer puts
// the event back on its topic, where the consumer, its handler fixed, applies it.
class DeadLetterReplayerTest : public OutboxTest {
 protected:
  void SetUp() override {
    OutboxTest::SetUp();
    database_->ApplyMigrations(kInboxTestSchema);
    bus_->EnsureTopics(std::vector<std::string>{topic_ + ".dlt"});
    publisher_ = bus_->CreatePublisher();
    cache::RedisConfig redis;
    redis.host = RequiredEnv("SAGASHOP_TEST_REDIS_HOST");
    redis.port = std::stoi(RequiredEnv("SAGASHOP_TEST_REDIS_PORT"));
    redis.tls = TestServerTls();
    redis.key_prefix = "it-replay-" + suffix_ + ":";
    cache_ = std::make_unique<cache::RedisIdempotencyCache>(redis);
    inbox::InboxConsumerConfig config{.consumer = service_};
    config.wait_between_attempts = [](std::chrono::milliseconds) {};
    consumer_ = std::make_unique<inbox::InboxConsumer>(
        *database_, *cache_, *publisher_, config,
        [this](db::Transaction& tx, const bus::IncomingMessage& message) {
          if (refuse_) throw std::invalid_argument("refused");
          tx.Execute({"effect_insert", "INSERT INTO effects (event_id, topic) VALUES ($1, $2)"},
                     {inbox::InboxConsumer::EventIdOf(message), message.topic});
        });
  }

  // Parks an event with id `id` and returns its dead letter's id.
  std::int64_t Park(const std::string& id, std::int64_t offset) {
    refuse_ = true;
    const std::vector<bus::IncomingMessage> batch = {
        {.topic = topic_,
         .partition = 0,
         .offset = offset,
         .key = "9",
         .value = R"({"n":1})",
         .headers = {{"ce_id", id}, {"ce_type", "it.event"}}}};
    consumer_->HandleBatch(batch);
    refuse_ = false;
    for (const inbox::DeadLetter& dead_letter : List()) {
      if (dead_letter.event_id == id) return dead_letter.id;
    }
    ADD_FAILURE() << "event " << id << " was not parked";
    return 0;
  }

  bool RequestReplay(std::int64_t id) {
    auto tx = database_->Begin();
    const bool requested = inbox::DeadLetterStore(*tx).RequestReplay(id, NowRfc3339());
    tx->Notify(inbox::DeadLetterChannel(service_));
    tx->Commit();
    return requested;
  }

  std::vector<inbox::DeadLetter> List() {
    auto tx = database_->Begin();
    return inbox::DeadLetterStore(*tx).List({});
  }
  inbox::DeadLetter Find(std::int64_t id) {
    auto tx = database_->Begin();
    return inbox::DeadLetterStore(*tx).Find(id).value();
  }
  std::int64_t Effects() {
    auto tx = database_->Begin();
    return tx->Execute({"effects_count", "SELECT count(*) FROM effects"}).Int64(0, 0);
  }

  std::string service_ = "it";
  std::atomic<bool> refuse_{false};
  std::unique_ptr<bus::Publisher> publisher_;
  std::unique_ptr<cache::RedisIdempotencyCache> cache_;
  std::unique_ptr<inbox::InboxConsumer> consumer_;
};

TEST_F(DeadLetterReplayerTest, ReplayPutsTheSameEventBackAndAFixedConsumerAppliesIt) {
  Collector topic(*bus_, topic_, "it-replayed-" + suffix_);
  const std::string event = "r-" + suffix_;
  const std::int64_t id = Park(event, 3);
  EXPECT_EQ(Effects(), 0);

  ASSERT_TRUE(RequestReplay(id));
  EXPECT_FALSE(RequestReplay(id));  // asked twice: one replay
  inbox::DeadLetterReplayer replayer(*database_, *publisher_, {.service = service_});
  EXPECT_EQ(replayer.ReplayRequested(), 1u);
  EXPECT_EQ(replayer.ReplayRequested(), 0u);

  const inbox::DeadLetter replayed = Find(id);
  EXPECT_EQ(replayed.status, inbox::DeadLetterStatus::kReplayed);
  ASSERT_TRUE(replayed.replay_requested_at);
  ASSERT_TRUE(replayed.replayed_at);
  EXPECT_GE(*replayed.replayed_at, *replayed.replay_requested_at);

  // On the original topic: the same key, value and event id, and which dead letter it replays.
  ASSERT_TRUE(Eventually([&] { return topic.Count() == 1; }));
  const bus::IncomingMessage message = topic.Received().front();
  EXPECT_EQ(message.key, "9");
  EXPECT_EQ(message.value, R"({"n":1})");
  EXPECT_EQ(message.FindHeader("ce_id"), event);
  EXPECT_EQ(message.FindHeader("ce_type"), "it.event");
  EXPECT_EQ(message.FindHeader("dlt_replay_of"), "it-" + std::to_string(id));
  EXPECT_FALSE(message.FindHeader("dlt_error"));

  // The consumer takes it for new (the inbox forgot the parking) and, fixed, applies it once.
  consumer_->HandleBatch(std::vector<bus::IncomingMessage>{message});
  consumer_->HandleBatch(std::vector<bus::IncomingMessage>{message});
  EXPECT_EQ(Effects(), 1);
  EXPECT_EQ(List().size(), 1u);
}

TEST_F(DeadLetterReplayerTest, AReplayThatFailsAgainIsParkedAgainAsANewDeadLetter) {
  const std::string event = "again-" + suffix_;
  const std::int64_t first = Park(event, 4);
  ASSERT_TRUE(RequestReplay(first));
  Collector topic(*bus_, topic_, "it-again-" + suffix_);
  inbox::DeadLetterReplayer replayer(*database_, *publisher_, {.service = service_});
  ASSERT_EQ(replayer.ReplayRequested(), 1u);
  ASSERT_TRUE(Eventually([&] { return topic.Count() == 1; }));

  refuse_ = true;
  consumer_->HandleBatch(topic.Received());
  const std::vector<inbox::DeadLetter> all = List();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].status, inbox::DeadLetterStatus::kReplayed);
  EXPECT_EQ(all[1].status, inbox::DeadLetterStatus::kParked);
  EXPECT_EQ(all[1].event_id, event);
  bool names_the_first = false;
  for (const bus::Header& header : all[1].headers) {
    names_the_first |= header.key == "dlt_replay_of" && header.value == all[0].Name();
  }
  EXPECT_TRUE(names_the_first);
}

TEST_F(DeadLetterReplayerTest, TheRunningReplayerPicksUpRequestsAsTheyCome) {
  const std::int64_t a = Park("a-" + suffix_, 5);
  const std::int64_t b = Park("b-" + suffix_, 6);
  inbox::DeadLetterReplayer replayer(*database_, *publisher_, {.service = service_});
  replayer.Start();
  ASSERT_TRUE(RequestReplay(a));
  ASSERT_TRUE(RequestReplay(b));
  EXPECT_TRUE(Eventually([&] {
    return Find(a).status == inbox::DeadLetterStatus::kReplayed &&
           Find(b).status == inbox::DeadLetterStatus::kReplayed;
  }));
  EXPECT_EQ(replayer.ReplayedTotal(), 2u);
  replayer.Stop();
}

TEST_F(DeadLetterReplayerTest, OneReplayerPerDatabaseIsActive) {
  const std::int64_t id = Park("lease-" + suffix_, 7);
  Collector topic(*bus_, topic_, "it-lease-" + suffix_);
  inbox::DeadLetterReplayer first(*database_, *publisher_, {.service = service_});
  inbox::DeadLetterReplayer second(*database_, *publisher_, {.service = service_});
  first.Start();
  second.Start();
  ASSERT_TRUE(RequestReplay(id));
  ASSERT_TRUE(Eventually([&] { return Find(id).status == inbox::DeadLetterStatus::kReplayed; }));
  EXPECT_EQ(first.ReplayedTotal() + second.ReplayedTotal(), 1u);
  ASSERT_TRUE(Eventually([&] { return topic.Count() >= 1; }));
  first.Stop();
  second.Stop();
  EXPECT_EQ(topic.Count(), 1u);
}

}  // namespace
}  // namespace sagashop::testing
