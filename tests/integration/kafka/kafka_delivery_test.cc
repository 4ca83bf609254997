#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "kafka_test_fixture.h"

namespace sagashop::bus::testing {
namespace {

using sagashop::testing::Eventually;

using KafkaDeliveryTest = KafkaBusTest;

std::vector<OutgoingMessage> Numbered(const std::string& topic, int count, int keys) {
  std::vector<OutgoingMessage> messages;
  for (int i = 0; i < count; ++i) {
    messages.push_back({topic, std::to_string(i % keys), std::to_string(i), {}});
  }
  return messages;
}

TEST_F(KafkaDeliveryTest, FailedBatchComesAgainAndNothingLaterUntilItSucceeds) {
  KafkaEventBus bus(Config(1));  // one partition: offsets tell the whole order
  const std::string topic = Topic("payments");
  bus.EnsureTopics(std::vector{topic});
  PublishAll(*bus.CreatePublisher(), Numbered(topic, 20, 3));

  BatchRecorder recorder;
  auto subscription = bus.Subscribe(Options(Group("payment"), {topic}, 5),
                                    recorder.Handler([](int call) { return call < 3; }));
  ASSERT_TRUE(Eventually([&] { return recorder.Handled().size() >= 20; }));

  const std::vector<BatchRecorder::Call> calls = recorder.Calls();
  ASSERT_GE(calls.size(), 4u);
  std::int64_t expected_first = 0;
  for (std::size_t i = 0; i < calls.size(); ++i) {
    const std::vector<IncomingMessage>& batch = calls[i].messages;
    ASSERT_FALSE(batch.empty());
    // A retry starts where the failed batch started; after a success, right after it.
    EXPECT_EQ(batch.front().offset, expected_first) << "call " << i;
    for (std::size_t m = 1; m < batch.size(); ++m) {
      EXPECT_EQ(batch[m].offset, batch[m - 1].offset + 1) << "call " << i;
    }
    EXPECT_EQ(calls[i].failed, i < 3) << "call " << i;
    if (!calls[i].failed) expected_first = batch.back().offset + 1;
  }
  std::vector<std::string> values;
  for (const IncomingMessage& message : recorder.Handled()) values.push_back(message.value);
  std::vector<std::string> expected;
  for (int i = 0; i < 20; ++i) expected.push_back(std::to_string(i));
  EXPECT_EQ(values, expected);
}

TEST_F(KafkaDeliveryTest, OffsetsAreCommittedOnlyAfterTheHandlerReturned) {
  KafkaEventBus bus(Config(4));
  const std::string topic = Topic("stock");
  const std::string group = Group("inventory");
  bus.EnsureTopics(std::vector{topic});
  constexpr int kCount = 60;
  PublishAll(*bus.CreatePublisher(), Numbered(topic, kCount, 12));

  // The first consumer handles two batches, then fails every batch until it is stopped.
  BatchRecorder first;
  {
    auto subscription = bus.Subscribe(Options(group, {topic}, 5),
                                      first.Handler([](int call) { return call >= 2; }));
    ASSERT_TRUE(Eventually(
        [&] { return subscription->CompletedBatches() == 2 && first.Calls().size() >= 4; }));
  }
  std::set<std::string> committed;
  for (const IncomingMessage& message : first.Handled()) committed.insert(message.value);
  ASSERT_FALSE(committed.empty());
  ASSERT_LT(committed.size(), static_cast<std::size_t>(kCount));

  BatchRecorder second;
  auto subscription = bus.Subscribe(Options(group, {topic}, 5), second.Handler());
  const std::size_t uncommitted = kCount - committed.size();
  ASSERT_TRUE(Eventually([&] { return second.Handled().size() >= uncommitted; }));

  // Within a partition the committed messages precede the rest, so had any come again it would
  // have arrived by now.
  std::set<std::string> seen_again;
  for (const IncomingMessage& message : second.Handled()) {
    EXPECT_FALSE(committed.contains(message.value))
        << "committed message " << message.value << " was delivered again";
    seen_again.insert(message.value);
  }
  EXPECT_EQ(seen_again.size(), uncommitted);
  EXPECT_EQ(second.Handled().size(), uncommitted);
}

TEST_F(KafkaDeliveryTest, StatisticsReportConsumerLagPerPartition) {
  KafkaConfig config = Config(1);
  config.statistics_interval = std::chrono::milliseconds(100);
  KafkaEventBus bus(config);
  const std::string topic = Topic("lag");
  bus.EnsureTopics(std::vector{topic});
  PublishAll(*bus.CreatePublisher(), Numbered(topic, 10, 1));

  // One batch of 4 is committed, then everything fails: 6 messages stay behind.
  BatchRecorder recorder;
  auto subscription = bus.SubscribeKafka(Options(Group("lagging"), {topic}, 4),
                                         recorder.Handler([](int call) { return call >= 1; }));
  ASSERT_TRUE(Eventually([&] { return subscription->CompletedBatches() == 1; }));
  EXPECT_TRUE(Eventually([&] {
    const std::vector<PartitionLag> lag = subscription->ConsumerLag();
    return lag.size() == 1 && lag[0] == PartitionLag{topic, 0, 6};
  })) << "latest lag entries: "
      << subscription->ConsumerLag().size();
  EXPECT_EQ(subscription->Assignment(), (std::vector<TopicPartitionId>{{topic, 0}}));
}

}  // namespace
}  // namespace sagashop::bus::testing
