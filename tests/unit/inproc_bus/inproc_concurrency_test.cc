#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <latch>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "platform/bus/inproc/inproc_event_bus.h"
#include "recorder.h"
#include "support/eventually.h"

namespace sagashop::bus {
namespace {

using testing::Message;
using testing::Options;
using testing::Recorder;

// Notes a handler call that starts while another call of the same subscription is running.
class OverlapDetector {
 public:
  BatchHandler Wrap(Recorder& recorder) {
    return [this, &recorder](std::span<const IncomingMessage> batch) {
      if (running_.exchange(true)) overlaps_.fetch_add(1);
      recorder.Record(batch);
      // Give another publisher every chance to enter while this call is still running.
      for (int i = 0; i < 50; ++i) std::this_thread::yield();
      running_.store(false);
    };
  }
  int Overlaps() const { return overlaps_.load(); }

 private:
  std::atomic<bool> running_{false};
  std::atomic<int> overlaps_{0};
};

TEST(InProcConcurrency, ConcurrentPublishersNeverOverlapOneHandlerAndLoseNothing) {
  InProcEventBus bus;
  Recorder first_reader, second_reader, other_group_reader;
  OverlapDetector first_detector, second_detector, other_detector;
  auto first = bus.Subscribe(Options("g", {"t"}), first_detector.Wrap(first_reader));
  auto second = bus.Subscribe(Options("g", {"t"}), second_detector.Wrap(second_reader));
  auto other = bus.Subscribe(Options("h", {"t"}), other_detector.Wrap(other_group_reader));

  constexpr int kThreads = 4;
  constexpr int kBatches = 50;
  constexpr int kBatchSize = 10;
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  std::atomic<std::size_t> acknowledged{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto publisher = bus.CreatePublisher();
      start.arrive_and_wait();
      int sequence = 0;
      for (int b = 0; b < kBatches; ++b) {
        std::vector<OutgoingMessage> batch;
        for (int i = 0; i < kBatchSize; ++i) {
          // Keys of this thread only, so per-key order is this thread's publish order.
          const std::string key = std::to_string(t) + "-" + std::to_string(i % 3);
          batch.push_back(Message("t", key, std::to_string(sequence++)));
        }
        acknowledged += publisher->PublishBatch(batch);
      }
    });
  }
  for (auto& thread : threads) thread.join();

  constexpr std::size_t kTotal = kThreads * kBatches * kBatchSize;
  EXPECT_EQ(acknowledged.load(), kTotal);
  EXPECT_EQ(first_detector.Overlaps(), 0);
  EXPECT_EQ(second_detector.Overlaps(), 0);
  EXPECT_EQ(other_detector.Overlaps(), 0);

  // Per key, every reader sees this thread's publish order.
  auto keys_in_order = [](const std::vector<IncomingMessage>& messages) {
    std::map<std::string, int> last_by_key;
    for (const auto& message : messages) {
      const int sequence = std::stoi(message.value);
      auto [last, inserted] = last_by_key.try_emplace(message.key, sequence);
      if (!inserted) {
        EXPECT_LT(last->second, sequence) << "key " << message.key << " out of order";
        last->second = sequence;
      }
    }
    return last_by_key.size();
  };
  EXPECT_EQ(other_group_reader.Messages().size(), kTotal);
  EXPECT_EQ(keys_in_order(other_group_reader.Messages()), static_cast<std::size_t>(kThreads * 3));
  // Group g splits the keys between its two members, each message to exactly one of them.
  EXPECT_EQ(first_reader.Messages().size() + second_reader.Messages().size(), kTotal);
  EXPECT_EQ(keys_in_order(first_reader.Messages()) + keys_in_order(second_reader.Messages()),
            static_cast<std::size_t>(kThreads * 3));
  EXPECT_FALSE(first_reader.Messages().empty());
  EXPECT_FALSE(second_reader.Messages().empty());
}

TEST(InProcConcurrency, UnsubscribingWaitsForTheDeliveryInFlightThenStopsDelivery) {
  InProcEventBus bus;
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> calls{0};
  auto subscription = bus.Subscribe(Options("g", {"t"}), [&](std::span<const IncomingMessage>) {
    if (calls.fetch_add(1) == 0) {
      entered.set_value();
      released.wait();
    }
  });

  auto publisher = bus.CreatePublisher();
  auto in_flight = std::async(std::launch::async, [&] {
    return publisher->PublishBatch(std::vector{Message("t", "1", "in flight")});
  });
  entered.get_future().wait();

  std::atomic<bool> destroyed{false};
  auto unsubscribing = std::async(std::launch::async, [&] {
    subscription.reset();
    destroyed = true;
  });
  // The member has left the group, and its destruction is now waiting for the handler.
  ASSERT_TRUE(sagashop::testing::Eventually([&] { return bus.Members("g") == 0; }));
  EXPECT_FALSE(destroyed.load());

  release.set_value();
  unsubscribing.get();
  EXPECT_TRUE(destroyed.load());
  EXPECT_EQ(in_flight.get(), 1u);

  // The group is remembered: with no member present its messages wait instead of being lost.
  EXPECT_EQ(publisher->PublishBatch(std::vector{Message("t", "1", "after")}), 0u);
  EXPECT_EQ(calls.load(), 1);
}

TEST(InProcConcurrency, APublishRoutedToAMemberThatLeftIsNotAcknowledged) {
  InProcEventBus bus;
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  Recorder late;
  // "blocker" holds the first publish inside group h while the member of group g leaves.
  auto blocker = bus.Subscribe(Options("h", {"t"}), [&](std::span<const IncomingMessage>) {
    entered.set_value();
    released.wait();
  });
  auto leaving = bus.Subscribe(Options("z", {"t"}), late.Handler());

  auto publisher = bus.CreatePublisher();
  auto in_flight = std::async(std::launch::async, [&] {
    return publisher->PublishBatch(std::vector{Message("t", "1", "m")});
  });
  entered.get_future().wait();
  leaving.reset();  // not delivering: returns at once
  release.set_value();

  EXPECT_EQ(in_flight.get(), 0u);  // routed to "z" before it left; the relay will retry
  EXPECT_TRUE(late.Values().empty());
}

}  // namespace
}  // namespace sagashop::bus
