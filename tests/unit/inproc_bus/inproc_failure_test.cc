#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

#include "platform/bus/inproc/inproc_event_bus.h"
#include "recorder.h"

namespace sagashop::bus {
namespace {

using testing::Message;
using testing::Options;
using testing::Recorder;

// Throws on its first `failures` calls, then records like a Recorder.
struct FailingReader {
  int failures = 1;
  int calls = 0;
  Recorder applied;

  BatchHandler Handler() {
    return [this](std::span<const IncomingMessage> batch) {
      if (calls++ < failures) throw std::runtime_error("database is locked");
      applied.Record(batch);
    };
  }
};

TEST(InProcFailure, AFailingGroupMakesThePublishReportFewerAndARetrySucceeds) {
  InProcEventBus bus;
  FailingReader payment;
  Recorder audit;
  auto failing = bus.Subscribe(Options("payment", {"order.created"}), payment.Handler());
  auto healthy = bus.Subscribe(Options("audit", {"order.created"}), audit.Handler());
  auto publisher = bus.CreatePublisher();

  const std::vector<OutgoingMessage> messages = {Message("order.created", "1", "m1"),
                                                 Message("order.created", "2", "m2"),
                                                 Message("order.created", "3", "m3")};
  EXPECT_EQ(publisher->PublishBatch(messages), 0u);
  EXPECT_TRUE(payment.applied.Values().empty());
  EXPECT_EQ(failing->CompletedBatches(), 0u);
  EXPECT_EQ(audit.Values(), (std::vector<std::string>{"m1", "m2", "m3"}));

  // The relay publishes what was not acknowledged again; the healthy group is given it again
  // (its inbox skips it), once, and nothing else.
  EXPECT_EQ(publisher->PublishBatch(messages), 3u);
  EXPECT_EQ(payment.applied.Values(), (std::vector<std::string>{"m1", "m2", "m3"}));
  EXPECT_EQ(payment.applied.Batches().size(), 1u);
  EXPECT_EQ(failing->CompletedBatches(), 1u);
  EXPECT_EQ(audit.Values(), (std::vector<std::string>{"m1", "m2", "m3", "m1", "m2", "m3"}));
  EXPECT_EQ(healthy->CompletedBatches(), 2u);
}

TEST(InProcFailure, CountsTheLeadingMessagesEveryGroupHandled) {
  InProcEventBus bus;
  FailingReader delivery;  // reads only "b"
  Recorder order;          // reads "a" and "b"
  auto failing = bus.Subscribe(Options("delivery", {"b"}), delivery.Handler());
  auto healthy = bus.Subscribe(Options("order", {"a", "b"}), order.Handler());
  auto publisher = bus.CreatePublisher();

  const std::vector<OutgoingMessage> messages = {Message("a", "1", "a1"), Message("a", "1", "a2"),
                                                 Message("b", "1", "b1"), Message("a", "1", "a3"),
                                                 Message("unread", "1", "u1")};
  EXPECT_EQ(publisher->PublishBatch(messages), 2u);
  EXPECT_EQ(order.Values(), (std::vector<std::string>{"a1", "a2", "b1", "a3"}));
  // Only what was acknowledged is retained, so the retry does not retain it twice.
  EXPECT_TRUE(bus.Retained("unread").empty());

  const std::span<const OutgoingMessage> rest = std::span(messages).subspan(2);
  EXPECT_EQ(publisher->PublishBatch(rest), 3u);
  EXPECT_EQ(delivery.applied.Values(), std::vector<std::string>{"b1"});
  EXPECT_EQ(order.Values(), (std::vector<std::string>{"a1", "a2", "b1", "a3", "b1", "a3"}));
  ASSERT_EQ(bus.Retained("unread").size(), 1u);
  EXPECT_EQ(bus.Retained("unread")[0].value, "u1");
}

TEST(InProcFailure, AFailedChunkHoldsBackTheMemberLaterChunks) {
  InProcEventBus bus;
  int calls = 0;
  Recorder applied;
  SubscriptionOptions options = Options("g", {"t"});
  options.max_batch = 2;
  auto subscription = bus.Subscribe(options, [&](std::span<const IncomingMessage> batch) {
    if (++calls == 2) throw std::runtime_error("second chunk fails");
    applied.Record(batch);
  });
  std::vector<OutgoingMessage> messages;
  for (int i = 0; i < 6; ++i) messages.push_back(Message("t", "k", std::to_string(i)));

  EXPECT_EQ(bus.CreatePublisher()->PublishBatch(messages), 2u);
  EXPECT_EQ(calls, 2);  // the third chunk would have overtaken the failed second
  EXPECT_EQ(applied.Values(), (std::vector<std::string>{"0", "1"}));
  EXPECT_EQ(subscription->CompletedBatches(), 1u);
}

TEST(InProcFailure, ExpectedGroupsHoldMessagesUntilTheirMemberArrives) {
  InProcEventBus bus(InProcBusConfig{.expected_groups = {{"payment", {"order.created"}}}});
  auto publisher = bus.CreatePublisher();
  const std::vector<OutgoingMessage> messages = {Message("order.created", "1", "m1")};
  EXPECT_EQ(publisher->PublishBatch(messages), 0u);
  EXPECT_TRUE(bus.Retained("order.created").empty());

  Recorder payment;
  auto subscription = bus.Subscribe(Options("payment", {"order.created"}), payment.Handler());
  EXPECT_EQ(publisher->PublishBatch(messages), 1u);
  EXPECT_EQ(payment.Values(), std::vector<std::string>{"m1"});
}

TEST(InProcFailure, AHandlerMayParkOnAnUnreadTopicButNotPublishToItself) {
  InProcEventBus bus;
  auto parking = bus.CreatePublisher();
  std::size_t parked = 99;
  std::size_t to_itself = 99;
  auto subscription =
      bus.Subscribe(Options("g", {"t"}), [&](std::span<const IncomingMessage> batch) {
        if (batch[0].value != "first") return;
        parked = parking->PublishBatch(std::vector{Message("t.dlt", batch[0].key, "parked")});
        to_itself = parking->PublishBatch(std::vector{Message("t", batch[0].key, "again")});
      });

  EXPECT_EQ(bus.CreatePublisher()->PublishBatch(std::vector{Message("t", "1", "first")}), 1u);
  EXPECT_EQ(parked, 1u);
  EXPECT_EQ(to_itself, 0u);  // refused rather than waiting for itself forever
  ASSERT_EQ(bus.Retained("t.dlt").size(), 1u);
  EXPECT_EQ(bus.Retained("t.dlt")[0].value, "parked");
}

}  // namespace
}  // namespace sagashop::bus
