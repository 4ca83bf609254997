#include "platform/bus/timed_publisher.h"

#include <gtest/gtest.h>

#include <vector>

namespace sagashop::bus {
namespace {

// Acknowledges up to `acknowledge` messages of each batch, or throws.
class FakePublisher final : public Publisher {
 public:
  FakePublisher(std::size_t acknowledge, bool fail) : acknowledge_(acknowledge), fail_(fail) {}
  std::size_t PublishBatch(std::span<const OutgoingMessage> messages) override {
    ++calls;
    if (fail_) throw BusError("broker unreachable");
    return std::min(acknowledge_, messages.size());
  }
  int calls = 0;

 private:
  std::size_t acknowledge_;
  bool fail_;
};

TEST(TimedPublisherTest, ForwardsTheBatchAndReportsOneDurationPerBatch) {
  auto inner = std::make_unique<FakePublisher>(2, false);
  FakePublisher& fake = *inner;
  std::vector<std::chrono::steady_clock::duration> reported;
  TimedPublisher publisher(std::move(inner), [&](std::chrono::steady_clock::duration took) {
    reported.push_back(took);
  });
  const std::vector<OutgoingMessage> batch(3);
  EXPECT_EQ(publisher.PublishBatch(batch), 2u) << "what the bus acknowledged, unchanged";
  EXPECT_EQ(fake.calls, 1);
  ASSERT_EQ(reported.size(), 1u);
  EXPECT_GE(reported[0].count(), 0);
}

TEST(TimedPublisherTest, AFailedBatchIsReportedAndStillThrows) {
  std::vector<std::chrono::steady_clock::duration> reported;
  TimedPublisher publisher(
      std::make_unique<FakePublisher>(0, true),
      [&](std::chrono::steady_clock::duration took) { reported.push_back(took); });
  const std::vector<OutgoingMessage> batch(1);
  EXPECT_THROW(publisher.PublishBatch(batch), BusError);
  EXPECT_EQ(reported.size(), 1u);
}

}  // namespace
}  // namespace sagashop::bus
