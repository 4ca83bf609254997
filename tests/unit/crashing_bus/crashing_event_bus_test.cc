#include "platform/bus/crashing/crashing_event_bus.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <cstdio>
#include <vector>

#include "platform/bus/inproc/inproc_event_bus.h"

namespace sagashop::bus {
namespace {

// The decorated bus kills its process, so each crash runs in a death test's child process; the
// child prints what it got done, and the parent reads that from its stderr.
class CrashingEventBusTest : public ::testing::Test {
 protected:
  void SetUp() override { GTEST_FLAG_SET(death_test_style, "threadsafe"); }

  static std::unique_ptr<CrashingEventBus> Bus(const char* plan) {
    return std::make_unique<CrashingEventBus>(std::make_unique<InProcEventBus>(),
                                              CrashPlan::Parse(plan));
  }

  static std::vector<OutgoingMessage> Batch(int size) {
    std::vector<OutgoingMessage> messages;
    for (int i = 0; i < size; ++i) {
      // One key: one partition, so the whole batch reaches the consumer as one batch.
      messages.push_back({.topic = "t", .key = "k", .value = std::to_string(i), .headers = {}});
    }
    return messages;
  }

  static std::unique_ptr<Subscription> Count(EventBus& bus, std::size_t& handled) {
    return bus.Subscribe({.group = "g", .topics = {"t"}},
                         [&handled](std::span<const IncomingMessage> batch) {
                           handled += batch.size();
                           std::fprintf(stderr, "handled %zu\n", handled);
                         });
  }
};

TEST_F(CrashingEventBusTest, PublishesNormallyUntilThePlannedArrival) {
  EXPECT_EXIT(
      {
        auto bus = Bus("before-publish:3");
        std::size_t handled = 0;
        auto subscription = Count(*bus, handled);
        auto publisher = bus->CreatePublisher();
        publisher->PublishBatch(Batch(1));
        publisher->PublishBatch(Batch(1));
        publisher->PublishBatch(Batch(1));  // never reaches the bus
        std::fprintf(stderr, "survived\n");
      },
      ::testing::KilledBySignal(SIGKILL), "handled 2\ncrash point before-publish:3 reached");
}

TEST_F(CrashingEventBusTest, AfterPublishDiesOnceTheBusHasTheBatch) {
  EXPECT_EXIT(
      {
        auto bus = Bus("after-publish");
        std::size_t handled = 0;
        auto subscription = Count(*bus, handled);
        bus->CreatePublisher()->PublishBatch(Batch(3));
      },
      ::testing::KilledBySignal(SIGKILL), "handled 3\ncrash point after-publish:1 reached");
}

TEST_F(CrashingEventBusTest, AfterConsumeDiesOnceTheHandlerReturned) {
  EXPECT_EXIT(
      {
        auto bus = Bus("after-consume:2");
        std::size_t handled = 0;
        auto subscription = Count(*bus, handled);
        auto publisher = bus->CreatePublisher();
        publisher->PublishBatch(Batch(2));
        publisher->PublishBatch(Batch(2));
      },
      ::testing::KilledBySignal(SIGKILL), "handled 2\nhandled 4\ncrash point after-consume:2");
}

TEST_F(CrashingEventBusTest, MidBatchHandsOverHalfABatchThenDies) {
  EXPECT_EXIT(
      {
        auto bus = Bus("mid-batch");
        std::size_t handled = 0;
        auto subscription = Count(*bus, handled);
        auto publisher = bus->CreatePublisher();
        publisher->PublishBatch(Batch(1));  // a batch of one has no middle
        publisher->PublishBatch(Batch(4));
      },
      ::testing::KilledBySignal(SIGKILL), "handled 1\nhandled 3\ncrash point mid-batch:1");
}

TEST_F(CrashingEventBusTest, WithoutReachingThePlanEverythingIsForwarded) {
  auto bus = Bus("after-publish:100");
  std::size_t handled = 0;
  auto subscription = Count(*bus, handled);
  auto publisher = bus->CreatePublisher();
  EXPECT_EQ(publisher->PublishBatch(Batch(5)), 5u);
  EXPECT_EQ(handled, 5u);
  EXPECT_EQ(subscription->CompletedBatches(), 1u);
}

}  // namespace
}  // namespace sagashop::bus
