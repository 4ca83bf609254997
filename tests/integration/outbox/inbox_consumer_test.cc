#include "platform/inbox/inbox_consumer.h"

#include "integration/outbox/inbox_test_schema.h"
#include "integration/outbox/outbox_test_fixture.h"
#include "platform/cache/redis/redis_idempotency_cache.h"
#include "platform/core/backoff.h"
#include "platform/core/timestamp.h"
#include "platform/inbox/dead_letter_store.h"
#include "support/server_tls.h"

namespace sagashop::testing {
namespace {

// The consumer's backoff between attempts at a failing message.
constexpr std::chrono::milliseconds kBackoffInitial{40};
constexpr std::chrono::milliseconds kBackoffMax{1000};

class InboxConsumerTest : public OutboxTest {
 protected:
  void SetUp() override {
    OutboxTest::SetUp();
    database_->ApplyMigrations(kInboxTestSchema);
    dead_letters_ = bus_->CreatePublisher();
  }

  cache::RedisConfig RedisAt(int port) const {
    cache::RedisConfig config;
    config.host = RequiredEnv("SAGASHOP_TEST_REDIS_HOST");
    config.port = port;
    config.tls = TestServerTls();
    config.key_prefix = "it-inbox-" + suffix_ + ":";
    return config;
  }
  cache::RedisConfig LiveRedis() const {
    return RedisAt(std::stoi(RequiredEnv("SAGASHOP_TEST_REDIS_PORT")));
  }
  // Nothing listens on port 1 of the loopback: every call fails at once.
  cache::RedisConfig DeadRedis() const { return RedisAt(1); }

  // A consumer whose handler refuses `poison_id` (std::invalid_argument, as a handler refuses a
  // bad event) and records every other event in `effects`. Its waits between attempts are
  // recorded in waits_ instead of slept.
  std::unique_ptr<inbox::InboxConsumer> Consumer(cache::IdempotencyCache& cache,
                                                 std::string poison_id = "",
                                                 std::string name = "it") {
    inbox::InboxConsumerConfig config{.consumer = name,
                                      .retry_backoff_initial = kBackoffInitial,
                                      .retry_backoff_max = kBackoffMax};
    config.wait_between_attempts = [this](std::chrono::milliseconds delay) {
      waits_.push_back(delay);
    };
    return std::make_unique<inbox::InboxConsumer>(
        *database_, cache, *dead_letters_, std::move(config),
        [poison_id](db::Transaction& tx, const bus::IncomingMessage& message) {
          const std::string id = inbox::InboxConsumer::EventIdOf(message);
          if (id == poison_id) throw std::invalid_argument("cannot process " + id);
          tx.Execute({"effect_insert", "INSERT INTO effects (event_id, topic) VALUES ($1, $2)"},
                     {id, message.topic});
        });
  }

  std::vector<inbox::DeadLetter> DeadLetters() {
    auto tx = database_->Begin();
    return inbox::DeadLetterStore(*tx).List({});
  }

  std::string InboxStatus(const std::string& event_id) {
    auto tx = database_->Begin();
    const db::ResultSet rows = tx->Execute(
        {"inbox_status", "SELECT status FROM inbox_events WHERE event_id = $1"}, {event_id});
    return rows.Empty() ? "<none>" : rows.Text(0, 0);
  }

  // Every recorded wait is within the bounds of its attempt's backoff.
  void ExpectBackoffWaits(std::size_t count) {
    ASSERT_EQ(waits_.size(), count);
    const Backoff bounds(kBackoffInitial, kBackoffMax);
    for (std::size_t i = 0; i < waits_.size(); ++i) {
      EXPECT_GE(waits_[i], bounds.Ceiling(static_cast<int>(i)) / 2) << "wait " << i;
      EXPECT_LE(waits_[i], bounds.Ceiling(static_cast<int>(i))) << "wait " << i;
    }
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
  std::vector<std::chrono::milliseconds> waits_;
};

std::string HeaderOf(const bus::IncomingMessage& message, std::string_view name) {
  return std::string(message.FindHeader(name).value_or("<absent>"));
}

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

TEST_F(InboxConsumerTest, PoisonEventIsRetriedWithBackoffThenParkedAndTheRestApplied) {
  cache::RedisIdempotencyCache cache(LiveRedis());
  bus_->EnsureTopics(std::vector<std::string>{topic_ + ".dlt"});
  Collector parked(*bus_, topic_ + ".dlt", "it-dlt-" + suffix_);
  const std::string poison = "p-" + suffix_;
  auto consumer = Consumer(cache, poison);
  std::vector<bus::IncomingMessage> batch = {Message("g1-" + suffix_, 10), Message(poison, 11),
                                             Message("g2-" + suffix_, 12)};
  batch[1].headers.push_back({"traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b71-01"});

  // One delivery: the poison event is tried three times, waiting with backoff in between, then
  // parked, and the events before and after it are applied.
  consumer->HandleBatch(batch);
  EXPECT_EQ(Effects(), 2);
  EXPECT_EQ(consumer->Counters().dead_lettered.load(), 1u);
  EXPECT_EQ(consumer->Counters().retried.load(), 2u);
  ExpectBackoffWaits(2);
  EXPECT_EQ(InboxStatus(poison), "DEAD_LETTERED");

  // On the dead-letter topic: the original key, value and headers, then why, where and when.
  ASSERT_TRUE(Eventually([&] { return parked.Count() == 1; }));
  const bus::IncomingMessage dead = parked.Received().front();
  EXPECT_EQ(dead.key, "1");
  EXPECT_EQ(dead.value, "{}");
  EXPECT_EQ(HeaderOf(dead, "ce_id"), poison);
  EXPECT_EQ(HeaderOf(dead, "traceparent"), "00-0af7651916cd43dd8448eb211c80319c-b7ad6b71-01");
  EXPECT_EQ(HeaderOf(dead, "dlt_error"), "cannot process " + poison);
  EXPECT_EQ(HeaderOf(dead, "dlt_error_class"), "std::invalid_argument");
  EXPECT_EQ(HeaderOf(dead, "dlt_attempts"), "3");
  EXPECT_EQ(HeaderOf(dead, "dlt_consumer"), "it");
  EXPECT_EQ(HeaderOf(dead, "dlt_original_topic"), topic_);
  EXPECT_EQ(HeaderOf(dead, "dlt_original_partition"), "0");
  EXPECT_EQ(HeaderOf(dead, "dlt_original_offset"), "11");
  EXPECT_NO_THROW(ParseTimestamp(HeaderOf(dead, "dlt_time")));

  // In the service's database, the same record, parked.
  const std::vector<inbox::DeadLetter> kept = DeadLetters();
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].Name(), "it-" + std::to_string(kept[0].id));
  EXPECT_EQ(kept[0].status, inbox::DeadLetterStatus::kParked);
  EXPECT_EQ(kept[0].event_id, poison);
  EXPECT_EQ(kept[0].topic, topic_);
  EXPECT_EQ(kept[0].offset, 11);
  EXPECT_EQ(kept[0].attempts, 3);
  EXPECT_EQ(kept[0].error, "cannot process " + poison);
  EXPECT_EQ(kept[0].parked_at, HeaderOf(dead, "dlt_time"));
  ASSERT_EQ(kept[0].headers.size(), dead.headers.size());
  for (std::size_t i = 0; i < dead.headers.size(); ++i) {
    EXPECT_EQ(kept[0].headers[i].key, dead.headers[i].key);
    EXPECT_EQ(kept[0].headers[i].value, dead.headers[i].value);
  }

  consumer->HandleBatch(batch);  // redelivered once more: nothing happens
  EXPECT_EQ(Effects(), 2);
  EXPECT_EQ(consumer->Counters().dead_lettered.load(), 1u);
  EXPECT_EQ(DeadLetters().size(), 1u);
}

TEST_F(InboxConsumerTest, ABatchOfOneCountsAsTheFirstAttempt) {
  cache::RedisIdempotencyCache cache(LiveRedis());
  bus_->EnsureTopics(std::vector<std::string>{topic_ + ".dlt"});
  const std::string poison = "one-" + suffix_;
  auto consumer = Consumer(cache, poison);
  consumer->HandleBatch(std::vector<bus::IncomingMessage>{Message(poison, 0)});
  ExpectBackoffWaits(2);
  ASSERT_EQ(DeadLetters().size(), 1u);
  EXPECT_EQ(DeadLetters()[0].attempts, 3);
}

TEST_F(InboxConsumerTest, AnyBytesCanBeParkedAndComeBackExactly) {
  // Not UTF-8, a NUL, an id too long for the inbox: a text column would refuse each of them.
  cache::RedisIdempotencyCache cache(LiveRedis());
  bus_->EnsureTopics(std::vector<std::string>{topic_ + ".dlt"});
  Collector parked(*bus_, topic_ + ".dlt", "it-dlt-bin-" + suffix_);
  using namespace std::string_literals;
  bus::IncomingMessage garbage{
      .topic = topic_,
      .partition = 0,
      .offset = 5,
      .key = "\xFF\x01"s,
      .value = "\x00\xC3\x28 not json\xFF"s,
      .headers = {
          {"ce_id", std::string(150, 'x')}, {"ce_type", "\xFE\xFE"s}, {"blob", "\x00\x9F"s}}};
  const std::string position_id = topic_ + ":0:5";
  auto consumer = Consumer(cache, position_id);
  consumer->HandleBatch(std::vector<bus::IncomingMessage>{garbage});

  const std::vector<inbox::DeadLetter> kept = DeadLetters();
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].event_id, position_id);
  EXPECT_EQ(kept[0].key, garbage.key);
  EXPECT_EQ(kept[0].value, garbage.value);
  EXPECT_EQ(kept[0].headers[2].value, "\x00\x9F"s);
  ASSERT_TRUE(Eventually([&] { return parked.Count() == 1; }));
  EXPECT_EQ(parked.Received().front().value, garbage.value);
  EXPECT_EQ(InboxStatus(position_id), "DEAD_LETTERED");
}

TEST_F(InboxConsumerTest, ATransientFailureIsNotTheEventsFaultAndIsNeverParked) {
  cache::RedisIdempotencyCache cache(LiveRedis());
  inbox::InboxConsumerConfig config{.consumer = "it"};
  config.wait_between_attempts = [this](std::chrono::milliseconds delay) {
    waits_.push_back(delay);
  };
  inbox::InboxConsumer consumer(*database_, cache, *dead_letters_, config,
                                [](db::Transaction&, const bus::IncomingMessage&) {
                                  throw inbox::TransientError("gateway unavailable");
                                });
  const std::vector<bus::IncomingMessage> batch = {Message("t-" + suffix_, 0)};
  for (int delivery = 0; delivery < 5; ++delivery) {
    EXPECT_THROW(consumer.HandleBatch(batch), inbox::TransientError);  // the bus redelivers
  }
  EXPECT_TRUE(waits_.empty());
  EXPECT_TRUE(DeadLetters().empty());
  EXPECT_EQ(InboxStatus("t-" + suffix_), "<none>");
}

}  // namespace
}  // namespace sagashop::testing
