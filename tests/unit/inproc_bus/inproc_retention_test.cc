#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "platform/bus/inproc/inproc_event_bus.h"
#include "recorder.h"

namespace sagashop::bus {
namespace {

using testing::Message;
using testing::Options;
using testing::Recorder;

TEST(InProcRetention, MessagesNoGroupReadsAreRetainedInOrder) {
  InProcEventBus bus;
  Recorder reader;
  auto subscription = bus.Subscribe(Options("g", {"order.created"}), reader.Handler());

  OutgoingMessage parked = Message("order.created.dlt", "7", "poison");
  parked.headers = {{"dlt_error", "bad payload"}};
  ASSERT_EQ(bus.CreatePublisher()->PublishBatch(
                std::vector{parked, Message("order.created", "7", "ok"),
                            Message("order.created.dlt", "8", "poison 2")}),
            3u);

  const std::vector<IncomingMessage> retained = bus.Retained("order.created.dlt");
  ASSERT_EQ(retained.size(), 2u);
  EXPECT_EQ(retained[0].key, "7");
  EXPECT_EQ(retained[0].value, "poison");
  EXPECT_EQ(retained[0].FindHeader("dlt_error"), "bad payload");
  EXPECT_EQ(retained[1].value, "poison 2");
  EXPECT_TRUE(bus.Retained("order.created").empty());  // read by a group: delivered, not kept
  EXPECT_EQ(reader.Values(), std::vector<std::string>{"ok"});
}

TEST(InProcRetention, RetentionIsBoundedPerTopicDroppingTheOldest) {
  InProcEventBus bus(InProcBusConfig{.retained_per_topic = 3});
  auto publisher = bus.CreatePublisher();
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(publisher->PublishBatch(std::vector{Message("x.dlt", "k", std::to_string(i))}), 1u);
  }
  ASSERT_EQ(publisher->PublishBatch(std::vector{Message("y.dlt", "k", "y")}), 1u);

  std::vector<std::string> kept;
  for (const auto& message : bus.Retained("x.dlt")) kept.push_back(message.value);
  EXPECT_EQ(kept, (std::vector<std::string>{"2", "3", "4"}));
  EXPECT_EQ(bus.Retained("y.dlt").size(), 1u);
  EXPECT_THROW(InProcEventBus(InProcBusConfig{.retained_per_topic = 0}), std::invalid_argument);
}

}  // namespace
}  // namespace sagashop::bus
