#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "kafka_test_fixture.h"

namespace sagashop::bus::testing {
namespace {

using sagashop::testing::Eventually;

// Consumers join and leave while messages flow, batches are being gathered (a long
// max_batch_wait keeps one open most of the time) and handlers fail now and then. Whatever the
// rebalance protocol, every message must end up handled.
class KafkaRebalanceTest : public KafkaBusTest,
                           public ::testing::WithParamInterface<const char*> {};

TEST_P(KafkaRebalanceTest, ConsumersComingAndGoingLoseNoMessage) {
  KafkaConfig config = Config(4);
  config.assignment_strategy = GetParam();
  KafkaEventBus bus(config);
  const std::string topic = Topic("churn");
  const std::string group = Group("churn");
  bus.EnsureTopics(std::vector{topic});
  auto publisher = bus.CreatePublisher();
  int next_id = 0;
  auto publish = [&](int count) {
    std::vector<OutgoingMessage> messages;
    for (int i = 0; i < count; ++i, ++next_id) {
      messages.push_back({topic, std::to_string(next_id % 37), std::to_string(next_id), {}});
    }
    PublishAll(*publisher, messages);
  };
  auto options = [&] {
    SubscriptionOptions result = Options(group, {topic}, 1000);
    result.max_batch_wait = std::chrono::milliseconds(300);
    return result;
  };
  // Every fifth call fails, starting with the second.
  auto flaky = [](int call) { return call % 5 == 1; };
  BatchRecorder first_recorder;
  BatchRecorder second_recorder;
  BatchRecorder third_recorder;
  auto handled = [&] {
    std::set<std::string> values;
    for (const BatchRecorder* recorder : {&first_recorder, &second_recorder, &third_recorder}) {
      for (const IncomingMessage& message : recorder->Handled()) values.insert(message.value);
    }
    return values;
  };

  auto first = bus.SubscribeKafka(options(), first_recorder.Handler(flaky));
  publish(200);
  ASSERT_TRUE(Eventually([&] { return !first_recorder.Handled().empty(); }));
  // The second member joins while the first is gathering: partitions move mid-batch.
  auto second = bus.SubscribeKafka(options(), second_recorder.Handler(flaky));
  publish(200);
  ASSERT_TRUE(Eventually([&] {
    return !first->Assignment().empty() && !second->Assignment().empty() &&
           first->Assignment().size() + second->Assignment().size() == 4;
  }));
  publish(200);
  // The first leaves; a third joins while the second takes over.
  first.reset();
  auto third = bus.SubscribeKafka(options(), third_recorder.Handler(flaky));
  publish(200);
  ASSERT_TRUE(Eventually([&] {
    return second->Assignment().size() + third->Assignment().size() == 4 &&
           !third->Assignment().empty();
  }));
  publish(200);

  ASSERT_TRUE(Eventually([&] { return handled().size() >= static_cast<std::size_t>(next_id); }))
      << handled().size() << " of " << next_id << " handled";
  const std::set<std::string> values = handled();
  for (int id = 0; id < next_id; ++id) {
    EXPECT_TRUE(values.contains(std::to_string(id))) << "message " << id << " was lost";
  }
}

// A partition paused for a retry backoff and then taken away must not come back paused: with the
// eager protocol every rebalance takes all partitions away and hands some back.
TEST_F(KafkaBusTest, PartitionPausedForRetryIsNotStuckWhenItComesBack) {
  KafkaConfig config = Config(4);
  config.assignment_strategy = "range";
  KafkaEventBus bus(config);
  const std::string topic = Topic("paused");
  const std::string group = Group("paused");
  bus.EnsureTopics(std::vector{topic});
  std::vector<OutgoingMessage> messages;
  for (int id = 0; id < 40; ++id) {
    messages.push_back({topic, std::to_string(id), std::to_string(id), {}});
  }
  PublishAll(*bus.CreatePublisher(), messages);

  SubscriptionOptions options = Options(group, {topic}, 1000);
  options.max_batch_wait = std::chrono::milliseconds(300);
  // A backoff far longer than the test: only the rebalance can bring the messages back.
  options.retry_backoff_initial = std::chrono::minutes(5);
  options.retry_backoff_max = std::chrono::minutes(5);
  BatchRecorder first_recorder;
  auto first =
      bus.SubscribeKafka(options, first_recorder.Handler([](int call) { return call == 0; }));
  ASSERT_TRUE(Eventually([&] { return first_recorder.Calls().size() == 1; }));

  BatchRecorder second_recorder;
  {
    auto second = bus.SubscribeKafka(options, second_recorder.Handler());
    ASSERT_TRUE(Eventually([&] {
      return !first->Assignment().empty() && !second->Assignment().empty() &&
             first->Assignment().size() + second->Assignment().size() == 4;
    }));
  }
  ASSERT_TRUE(Eventually([&] { return first->Assignment().size() == 4; }));
  // Every partition is the first consumer's again; what the second did not handle must flow now.
  auto handled = [&] {
    std::set<std::string> values;
    for (const BatchRecorder* recorder : {&first_recorder, &second_recorder}) {
      for (const IncomingMessage& message : recorder->Handled()) values.insert(message.value);
    }
    return values;
  };
  EXPECT_TRUE(
      Eventually([&] { return handled().size() == messages.size(); }, std::chrono::seconds(20)))
      << handled().size() << " of " << messages.size() << " handled";
}

INSTANTIATE_TEST_SUITE_P(Protocols, KafkaRebalanceTest,
                         ::testing::Values("cooperative-sticky", "range"),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                           return std::string(info.param) == "range" ? "Eager" : "Cooperative";
                         });

}  // namespace
}  // namespace sagashop::bus::testing
