#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "platform/bus/inproc/inproc_event_bus.h"
#include "platform/bus/inproc/murmur2.h"
#include "recorder.h"

namespace sagashop::bus {
namespace {

using testing::Message;
using testing::Options;
using testing::Recorder;

TEST(InProcDelivery, EveryGroupGetsEveryMessageAndOneMemberPerGroupGetsIt) {
  InProcEventBus bus;
  Recorder payment_a, payment_b, inventory;
  auto member_a = bus.Subscribe(Options("payment", {"order.created"}), payment_a.Handler());
  auto member_b = bus.Subscribe(Options("payment", {"order.created"}), payment_b.Handler());
  auto only = bus.Subscribe(Options("inventory", {"order.created"}), inventory.Handler());

  std::vector<OutgoingMessage> messages;
  for (int order = 0; order < 100; ++order) {
    messages.push_back(
        Message("order.created", std::to_string(order), "v" + std::to_string(order)));
  }
  auto publisher = bus.CreatePublisher();
  ASSERT_EQ(publisher->PublishBatch(messages), messages.size());

  // The single member of its group gets everything, in one batch, in publish order.
  ASSERT_EQ(inventory.Batches().size(), 1u);
  std::vector<std::string> expected;
  for (const auto& message : messages) expected.push_back(message.value);
  EXPECT_EQ(inventory.Values(), expected);

  // The two members of the other group split it: each message exactly once, by partition.
  std::multiset<std::string> split;
  std::set<std::int32_t> partitions_a, partitions_b;
  for (const auto& message : payment_a.Messages()) {
    split.insert(message.value);
    partitions_a.insert(message.partition);
  }
  for (const auto& message : payment_b.Messages()) {
    split.insert(message.value);
    partitions_b.insert(message.partition);
  }
  EXPECT_EQ(split, std::multiset<std::string>(expected.begin(), expected.end()));
  EXPECT_FALSE(partitions_a.empty());
  EXPECT_FALSE(partitions_b.empty());
  for (const std::int32_t partition : partitions_a) EXPECT_FALSE(partitions_b.contains(partition));
  EXPECT_EQ(member_a->CompletedBatches(), 1u);
  EXPECT_EQ(member_b->CompletedBatches(), 1u);
  EXPECT_EQ(only->CompletedBatches(), 1u);
}

TEST(InProcDelivery, MessagesArriveAsPublishedWithPartitionAndOffset) {
  InProcEventBus bus;
  Recorder reader;
  auto subscription = bus.Subscribe(Options("g", {"a", "b"}), reader.Handler());
  auto publisher = bus.CreatePublisher();

  OutgoingMessage first = Message("a", "42", "{\"n\":1}");
  first.headers = {{"ce_id", "id-1"}, {"traceparent", "00-abc-def-01"}};
  const std::vector<OutgoingMessage> batch = {first, Message("b", "42", "two"),
                                              Message("a", "42", "three")};
  ASSERT_EQ(publisher->PublishBatch(batch), 3u);
  ASSERT_EQ(publisher->PublishBatch(std::vector{Message("a", "42", "four")}), 1u);

  const std::vector<IncomingMessage> got = reader.Messages();
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0].topic, "a");
  EXPECT_EQ(got[0].key, "42");
  EXPECT_EQ(got[0].value, "{\"n\":1}");
  ASSERT_EQ(got[0].headers.size(), 2u);
  EXPECT_EQ(got[0].FindHeader("ce_id"), "id-1");
  EXPECT_EQ(got[0].FindHeader("traceparent"), "00-abc-def-01");
  EXPECT_EQ(got[1].topic, "b");
  for (const auto& message : got) EXPECT_EQ(message.partition, PartitionOf("42", 4));
  // Offsets count per topic and partition.
  EXPECT_EQ(got[0].offset, 0);
  EXPECT_EQ(got[1].offset, 0);
  EXPECT_EQ(got[2].offset, 1);
  EXPECT_EQ(got[3].offset, 2);
}

TEST(InProcDelivery, BatchesKeepPublishOrderPerKey) {
  InProcEventBus bus;
  Recorder one, two;
  auto first = bus.Subscribe(Options("g", {"t"}), one.Handler());
  auto second = bus.Subscribe(Options("g", {"t"}), two.Handler());
  auto publisher = bus.CreatePublisher();

  // Ten keys interleaved, sequence numbers rising per key, over several batches.
  int sequence = 0;
  for (int round = 0; round < 5; ++round) {
    std::vector<OutgoingMessage> batch;
    for (int i = 0; i < 40; ++i) {
      batch.push_back(Message("t", std::to_string(i % 10), std::to_string(sequence++)));
    }
    ASSERT_EQ(publisher->PublishBatch(batch), batch.size());
  }

  std::map<std::string, std::vector<int>> by_key;
  std::map<std::string, std::set<const Recorder*>> members_of_key;
  for (const Recorder* recorder : {&one, &two}) {
    for (const auto& message : recorder->Messages()) {
      by_key[message.key].push_back(std::stoi(message.value));
      members_of_key[message.key].insert(recorder);
    }
  }
  ASSERT_EQ(by_key.size(), 10u);
  for (const auto& [key, sequence_numbers] : by_key) {
    EXPECT_EQ(sequence_numbers.size(), 20u) << key;
    EXPECT_TRUE(std::is_sorted(sequence_numbers.begin(), sequence_numbers.end())) << key;
    EXPECT_EQ(members_of_key[key].size(), 1u) << "key " << key << " went to both members";
  }
}

TEST(InProcDelivery, BatchesAreCutAtMaxBatch) {
  InProcEventBus bus;
  Recorder reader;
  SubscriptionOptions options = Options("g", {"t"});
  options.max_batch = 3;
  auto subscription = bus.Subscribe(options, reader.Handler());
  std::vector<OutgoingMessage> messages;
  for (int i = 0; i < 7; ++i) messages.push_back(Message("t", "k", std::to_string(i)));
  ASSERT_EQ(bus.CreatePublisher()->PublishBatch(messages), 7u);

  const auto batches = reader.Batches();
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(batches[0].size(), 3u);
  EXPECT_EQ(batches[1].size(), 3u);
  EXPECT_EQ(batches[2].size(), 1u);
  EXPECT_EQ(reader.Values(), (std::vector<std::string>{"0", "1", "2", "3", "4", "5", "6"}));
  EXPECT_EQ(subscription->CompletedBatches(), 3u);
}

TEST(InProcDelivery, ATopicOfNoInterestToAGroupIsNotDeliveredToIt) {
  InProcEventBus bus;
  Recorder reader;
  auto subscription = bus.Subscribe(Options("g", {"wanted"}), reader.Handler());
  ASSERT_EQ(bus.CreatePublisher()->PublishBatch(
                std::vector{Message("other", "1", "x"), Message("wanted", "1", "y")}),
            2u);
  EXPECT_EQ(reader.Values(), std::vector<std::string>{"y"});
}

TEST(InProcBus, RecordsTopicsIsHealthyAndRejectsBadSettings) {
  InProcEventBus bus;
  const std::vector<std::string> topics = {"b", "a", "b"};
  bus.EnsureTopics(topics);
  EXPECT_EQ(bus.Topics(), (std::vector<std::string>{"a", "b"}));

  const BusHealth health = bus.CheckHealth();
  EXPECT_TRUE(health.reachable);
  EXPECT_EQ(health.latency.count(), 0);

  EXPECT_THROW(InProcEventBus(InProcBusConfig{.partitions = 0}), std::invalid_argument);
  EXPECT_THROW(bus.Subscribe(Options("", {"t"}), [](auto) {}), std::invalid_argument);
  EXPECT_THROW(bus.Subscribe(Options("g", {}), [](auto) {}), std::invalid_argument);
}

}  // namespace
}  // namespace sagashop::bus
