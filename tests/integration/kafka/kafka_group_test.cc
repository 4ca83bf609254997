#include <gtest/gtest.h>

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "kafka_test_fixture.h"

namespace sagashop::bus::testing {
namespace {

using sagashop::testing::Eventually;

using KafkaGroupTest = KafkaBusTest;

TEST_F(KafkaGroupTest, TwoSubscriptionsShareThePartitionsAndSeeEveryMessageOnce) {
  KafkaEventBus bus(Config(4));
  const std::string topic = Topic("deliveries");
  const std::string group = Group("delivery");
  bus.EnsureTopics(std::vector{topic});

  BatchRecorder first_recorder;
  BatchRecorder second_recorder;
  auto first = bus.SubscribeKafka(Options(group, {topic}, 20), first_recorder.Handler());
  ASSERT_TRUE(Eventually([&] { return first->Assignment().size() == 4; }));
  auto second = bus.SubscribeKafka(Options(group, {topic}, 20), second_recorder.Handler());
  ASSERT_TRUE(Eventually([&] {
    const std::size_t a = first->Assignment().size();
    const std::size_t b = second->Assignment().size();
    return a > 0 && b > 0 && a + b == 4;
  }));

  constexpr int kCount = 400;
  std::vector<OutgoingMessage> messages;
  for (int i = 0; i < kCount; ++i) {
    messages.push_back({topic, std::to_string(5000 + i % 50), std::to_string(i), {}});
  }
  auto publisher = bus.CreatePublisher();
  for (std::size_t start = 0; start < messages.size(); start += 100) {
    PublishAll(*publisher, {messages.begin() + static_cast<long>(start),
                            messages.begin() + static_cast<long>(start + 100)});
  }
  ASSERT_TRUE(Eventually([&] {
    return first_recorder.Handled().size() + second_recorder.Handled().size() >= kCount;
  }));
  first.reset();
  second.reset();

  std::map<std::tuple<std::int32_t, std::int64_t>, int> deliveries;
  for (const BatchRecorder* recorder : {&first_recorder, &second_recorder}) {
    for (const IncomingMessage& message : recorder->Handled()) {
      ++deliveries[{message.partition, message.offset}];
    }
  }
  EXPECT_EQ(deliveries.size(), static_cast<std::size_t>(kCount));
  for (const auto& [position, count] : deliveries) {
    EXPECT_EQ(count, 1) << "partition " << std::get<0>(position) << " offset "
                        << std::get<1>(position);
  }
  EXPECT_FALSE(first_recorder.Handled().empty());
  EXPECT_FALSE(second_recorder.Handled().empty());
}

}  // namespace
}  // namespace sagashop::bus::testing
