#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "kafka_test_fixture.h"

namespace sagashop::bus::testing {
namespace {

using sagashop::testing::Eventually;

// Kafka's Java client partitioner (Utils.murmur2), so the test can check that this adapter puts a
// key in the partition a Java producer would.
std::int32_t JavaMurmur2(const std::string& data) {
  const std::uint32_t m = 0x5bd1e995;
  const int r = 24;
  const auto length = static_cast<std::uint32_t>(data.size());
  std::uint32_t h = 0x9747b28c ^ length;
  auto byte = [&](std::size_t i) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(data[i]));
  };
  for (std::size_t i = 0; i + 4 <= data.size(); i += 4) {
    std::uint32_t k = byte(i) | (byte(i + 1) << 8) | (byte(i + 2) << 16) | (byte(i + 3) << 24);
    k *= m;
    k ^= k >> r;
    k *= m;
    h *= m;
    h ^= k;
  }
  const std::size_t tail = data.size() & ~std::size_t{3};
  switch (data.size() % 4) {
    case 3:
      h ^= byte(tail + 2) << 16;
      [[fallthrough]];
    case 2:
      h ^= byte(tail + 1) << 8;
      [[fallthrough]];
    case 1:
      h ^= byte(tail);
      h *= m;
  }
  h ^= h >> 13;
  h *= m;
  h ^= h >> 15;
  return static_cast<std::int32_t>(h);
}

std::int32_t JavaPartition(const std::string& key, int partitions) {
  return (JavaMurmur2(key) & 0x7fffffff) % partitions;
}

TEST(JavaMurmur2, MatchesKafkasOwnTestVectors) {
  EXPECT_EQ(JavaMurmur2("21"), -973932308);
  EXPECT_EQ(JavaMurmur2("foobar"), -790332482);
  EXPECT_EQ(JavaMurmur2("a-little-bit-long-string"), -985981536);
  EXPECT_EQ(JavaMurmur2("a-little-bit-longer-string"), -1486304829);
}

using KafkaPublishTest = KafkaBusTest;

TEST_F(KafkaPublishTest, BatchArrivesWithKeyValueAndHeadersIntact) {
  KafkaEventBus bus(Config());
  const std::string topic = Topic("orders");
  bus.EnsureTopics(std::vector{topic});
  const std::string binary("bin\0ary\xff", 8);
  const std::vector<OutgoingMessage> sent = {
      {topic, "1001", R"({"orderId":1001})", {{"ce_id", "id-1"}, {"ce_type", "order.created.v1"}}},
      {topic, "1001", binary, {{"traceparent", "00-abc-def-01"}, {"empty", ""}}},
      {topic, "2002", "", {}},
  };
  PublishAll(*bus.CreatePublisher(), sent);

  BatchRecorder recorder;
  auto subscription = bus.Subscribe(Options(Group("reader"), {topic}), recorder.Handler());
  ASSERT_TRUE(Eventually([&] { return recorder.Handled().size() >= sent.size(); }));

  std::vector<IncomingMessage> received = recorder.Handled();
  ASSERT_EQ(received.size(), sent.size());
  // Two keys: order holds per key; across keys (partitions) it may not.
  std::map<std::string, std::vector<const IncomingMessage*>> by_key;
  for (const IncomingMessage& message : received) by_key[message.key].push_back(&message);
  ASSERT_EQ(by_key["1001"].size(), 2u);
  ASSERT_EQ(by_key["2002"].size(), 1u);
  const std::vector<const IncomingMessage*> in_send_order = {by_key["1001"][0], by_key["1001"][1],
                                                             by_key["2002"][0]};
  for (std::size_t i = 0; i < sent.size(); ++i) {
    const IncomingMessage& got = *in_send_order[i];
    EXPECT_EQ(got.topic, topic);
    EXPECT_EQ(got.key, sent[i].key);
    EXPECT_EQ(got.value, sent[i].value);
    ASSERT_EQ(got.headers.size(), sent[i].headers.size()) << "message " << i;
    for (std::size_t h = 0; h < got.headers.size(); ++h) {
      EXPECT_EQ(got.headers[h].key, sent[i].headers[h].key);
      EXPECT_EQ(got.headers[h].value, sent[i].headers[h].value);
    }
  }
  EXPECT_EQ(by_key["1001"][0]->FindHeader("ce_type"), "order.created.v1");
  EXPECT_EQ(by_key["1001"][0]->partition, by_key["1001"][1]->partition);
  EXPECT_LT(by_key["1001"][0]->offset, by_key["1001"][1]->offset);
}

TEST_F(KafkaPublishTest, KeysKeepTheirOrderAcrossFourPartitions) {
  KafkaEventBus bus(Config(4));
  const std::string topic = Topic("events");
  bus.EnsureTopics(std::vector{topic});
  constexpr int kKeys = 40;
  constexpr int kPerKey = 25;
  // Keys interleaved, so every batch carries many keys and every partition many batches.
  std::vector<OutgoingMessage> all;
  for (int sequence = 0; sequence < kPerKey; ++sequence) {
    for (int key = 0; key < kKeys; ++key) {
      all.push_back({topic, std::to_string(1000 + key), std::to_string(sequence), {}});
    }
  }
  auto publisher = bus.CreatePublisher();
  for (std::size_t start = 0; start < all.size(); start += 100) {
    PublishAll(*publisher, {all.begin() + static_cast<long>(start),
                            all.begin() + static_cast<long>(std::min(start + 100, all.size()))});
  }

  BatchRecorder recorder;
  auto subscription = bus.Subscribe(Options(Group("reader"), {topic}, 50), recorder.Handler());
  ASSERT_TRUE(Eventually([&] { return recorder.Handled().size() >= all.size(); }));

  std::map<std::string, std::vector<std::string>> values_by_key;
  std::map<std::string, std::set<std::int32_t>> partitions_by_key;
  std::set<std::int32_t> partitions_used;
  for (const IncomingMessage& message : recorder.Handled()) {
    values_by_key[message.key].push_back(message.value);
    partitions_by_key[message.key].insert(message.partition);
    partitions_used.insert(message.partition);
  }
  ASSERT_EQ(values_by_key.size(), static_cast<std::size_t>(kKeys));
  for (const auto& [key, values] : values_by_key) {
    std::vector<std::string> expected;
    for (int sequence = 0; sequence < kPerKey; ++sequence) {
      expected.push_back(std::to_string(sequence));
    }
    EXPECT_EQ(values, expected) << "key " << key;
    ASSERT_EQ(partitions_by_key[key].size(), 1u) << "key " << key;
    EXPECT_EQ(*partitions_by_key[key].begin(), JavaPartition(key, 4)) << "key " << key;
  }
  EXPECT_EQ(partitions_used.size(), 4u);
}

TEST_F(KafkaPublishTest, AFullLocalQueueIsWaitedOutNotReportedAsFailure) {
  KafkaConfig config = Config();
  config.producer_overrides["queue.buffering.max.messages"] = "10";
  KafkaEventBus bus(config);
  const std::string topic = Topic("burst");
  bus.EnsureTopics(std::vector{topic});
  std::vector<OutgoingMessage> messages;
  for (int i = 0; i < 300; ++i) messages.push_back({topic, std::to_string(i), "payload", {}});
  EXPECT_EQ(bus.CreatePublisher()->PublishBatch(messages), messages.size());
}

TEST_F(KafkaPublishTest, PublishBatchCountsOnlyTheLeadingAcknowledgedMessages) {
  KafkaConfig config = Config();
  config.delivery_timeout = std::chrono::milliseconds(1500);
  KafkaEventBus bus(config);
  const std::string topic = Topic("exists");
  bus.EnsureTopics(std::vector{topic});
  // The broker creates no topics on its own, so the middle message can never be delivered.
  const std::vector<OutgoingMessage> messages = {
      {topic, "1", "first", {}},
      {prefix_ + "never-created", "1", "second", {}},
      {topic, "2", "third", {}},
  };
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(bus.CreatePublisher()->PublishBatch(messages), 1u);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

}  // namespace
}  // namespace sagashop::bus::testing
