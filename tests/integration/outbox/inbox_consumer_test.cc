#include "platform/inbox/inbox_consumer.h"

#include <array>

#include "integration/outbox/outbox_test_fixture.h"
#include "platform/cache/redis/redis_idempotency_cache.h"
#include "platform/inbox/inbox_schema.h"

namespace sagashop::testing {
namespace {

constexpr std::string_view kEffectsTable =
    "CREATE TABLE effects (event_id TEXT NOT NULL, topic TEXT NOT NULL)";

constexpr std::array kSchema = {
    db::Migration{1, "inbox", inbox::kInboxPostgres, inbox::kInboxSqlite},
    db::Migration{2, "effects", kEffectsTable, kEffectsTable},
};

class InboxConsumerTest : public OutboxTest {
 protected:
  void SetUp() override {
    OutboxTest::SetUp();
    database_->ApplyMigrations(kSchema);
    dead_letters_ = bus_->CreatePublisher();
  }

  cache::RedisConfig RedisAt(int port) const {
    cache::RedisConfig config;
    config.host = RequiredEnv("SAGASHOP_TEST_REDIS_HOST");
    config.port = port;
    config.key_prefix = "it-inbox-" + suffix_ + ":";
    return config;
  }
  cache::RedisConfig LiveRedis() const {
    return RedisAt(std::stoi(RequiredEnv("SAGASHOP_TEST_REDIS_PORT")));
  }
  // Nothing listens on port 1 of the loopback: every call fails at once.
  cache::RedisConfig DeadRedis() const { return RedisAt(1); }

  std::unique_ptr<inbox::InboxConsumer> Consumer(cache::IdempotencyCache& cache,
                                                 std::string poison_id = "",
                                                 std::string name = "it") {
    return std::make_unique<inbox::InboxConsumer>(
        *database_, cache, *dead_letters_, inbox::InboxConsumerConfig{.consumer = name},
        [poison_id](db::Transaction& tx, const bus::IncomingMessage& message) {
          const std::string id = inbox::InboxConsumer::EventIdOf(message);
          if (id == poison_id) throw std::invalid_argument("cannot process " + id);
          tx.Execute({"effect_insert", "INSERT INTO effects (event_id, topic) VALUES ($1, $2)"},
                     {id, message.topic});
        });
  }

  bus::IncomingMessage Message(const std::string& id, std::int64_t offset) const {
    return {.topic = topic_,
            .partition = 0,
            .offset = offset,
            .key = "1",
            .value = "{}",
            .headers = {{"ce_id", id}}};
  }

  std::int64_t Effects() {
    auto tx = database_->Begin();
    return tx->Execute({"effects_count", "SELECT count(*) FROM effects"}).Int64(0, 0);
  }

  std::unique_ptr<bus::Publisher> dead_letters_;
};

TEST_F(InboxConsumerTest, RedeliveredEventHasNoSecondEffect) {
  cache::RedisIdempotencyCache cache(LiveRedis());
  auto consumer = Consumer(cache);
  const std::vector<bus::IncomingMessage> batch = {Message("a-" + suffix_, 0),
                                                   Message("b-" + suffix_, 1)};
  consumer->HandleBatch(batch);
  EXPECT_EQ(Effects(), 2);

  consumer->HandleBatch(batch);  // redelivered, e.g. after a lost offset commit
  EXPECT_EQ(Effects(), 2);
  EXPECT_EQ(consumer->Counters().processed.load(), 2u);
  EXPECT_EQ(consumer->Counters().duplicates_skipped.load(), 2u);
}

TEST_F(InboxConsumerTest, DuplicateWithinOneBatchIsAppliedOnce) {
  cache::RedisIdempotencyCache cache(LiveRedis());
  auto consumer = Consumer(cache);
  consumer->HandleBatch(
      std::vector<bus::IncomingMessage>{Message("d-" + suffix_, 0), Message("d-" + suffix_, 1)});
  EXPECT_EQ(Effects(), 1);
}

TEST_F(InboxConsumerTest, TheDatabaseInboxGuardsWhenTheCacheForgot) {
  // A consumer whose cache never saw the event (restarted, evicted) still skips it.
  cache::RedisIdempotencyCache cache(LiveRedis());
  const std::vector<bus::IncomingMessage> batch = {Message("f-" + suffix_, 0)};
  Consumer(cache)->HandleBatch(batch);
  cache::RedisConfig other = LiveRedis();
  other.key_prefix = "it-inbox-other-" + suffix_ + ":";
  cache::RedisIdempotencyCache empty_cache(other);
  auto consumer = Consumer(empty_cache);
  consumer->HandleBatch(batch);
  EXPECT_EQ(Effects(), 1);
  EXPECT_EQ(consumer->Counters().duplicates_skipped.load(), 1u);
}

TEST_F(InboxConsumerTest, OneConsumerHavingHandledAnEventDoesNotHideItFromAnother) {
  // Two services share one Redis; each must still apply the event once.
  cache::RedisIdempotencyCache cache(LiveRedis());
  const std::vector<bus::IncomingMessage> batch = {Message("s-" + suffix_, 0)};
  Consumer(cache, "", "payment")->HandleBatch(batch);
  auto delivery = Consumer(cache, "", "delivery");
  delivery->HandleBatch(batch);
  // In this test both share one inbox table, which stops the second; in production each has its
  // own. What matters is that the cache did not claim the event for a consumer that never saw it.
  EXPECT_EQ(delivery->Counters().skipped_by_cache.load(), 0u);
  auto payment_again = Consumer(cache, "", "payment");
  payment_again->HandleBatch(batch);
  EXPECT_EQ(payment_again->Counters().skipped_by_cache.load(), 1u);
}

TEST_F(InboxConsumerTest, RedisUnavailableChangesNothingButSpeed) {
  cache::RedisIdempotencyCache cache(DeadRedis());
  EXPECT_FALSE(cache.CheckHealth().reachable);
  auto consumer = Consumer(cache);
  const std::vector<bus::IncomingMessage> batch = {Message("r1-" + suffix_, 0),
                                                   Message("r2-" + suffix_, 1)};
  consumer->HandleBatch(batch);
  consumer->HandleBatch(batch);
  consumer->HandleBatch(batch);
  EXPECT_EQ(Effects(), 2);
  EXPECT_EQ(consumer->Counters().processed.load(), 2u);
  EXPECT_EQ(consumer->Counters().duplicates_skipped.load(), 4u);
}

TEST_F(InboxConsumerTest, PoisonEventIsRetriedThenParkedAndTheRestApplied) {
  cache::RedisIdempotencyCache cache(LiveRedis());
  bus_->EnsureTopics(std::vector<std::string>{topic_ + ".dlt"});
  Collector parked(*bus_, topic_ + ".dlt", "it-dlt-" + suffix_);
  const std::string poison = "p-" + suffix_;
  auto consumer = Consumer(cache, poison);
  const std::vector<bus::IncomingMessage> batch = {Message("g1-" + suffix_, 0), Message(poison, 1),
                                                   Message("g2-" + suffix_, 2)};

  // The first attempts fail so that the bus redelivers with backoff; the good events before the
  // poison one are applied meanwhile, and none twice.
  EXPECT_THROW(consumer->HandleBatch(batch), std::invalid_argument);
  EXPECT_THROW(consumer->HandleBatch(batch), std::invalid_argument);
  EXPECT_EQ(Effects(), 1);
  consumer->HandleBatch(batch);  // third attempt: parked, and the consumer moves on
  EXPECT_EQ(Effects(), 2);
  EXPECT_EQ(consumer->Counters().dead_lettered.load(), 1u);

  ASSERT_TRUE(Eventually([&] { return parked.Count() == 1; }));
  const bus::IncomingMessage dead = parked.Received().front();
  EXPECT_EQ(dead.FindHeader("ce_id"), poison);
  EXPECT_EQ(dead.FindHeader("dlt_original_topic"), topic_);
  EXPECT_NE(std::string(dead.FindHeader("dlt_error").value_or("")).find("cannot process"),
            std::string::npos);

  consumer->HandleBatch(batch);  // redelivered once more: nothing happens
  EXPECT_EQ(Effects(), 2);
  EXPECT_EQ(consumer->Counters().dead_lettered.load(), 1u);
}

}  // namespace
}  // namespace sagashop::testing
