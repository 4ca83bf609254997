#include "platform/bus/tap/tapping_publisher.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace sagashop::bus {
namespace {

// A bus that acknowledges the first `acknowledges` messages of a batch, or throws.
class ScriptedPublisher final : public Publisher {
 public:
  std::size_t acknowledges = 0;
  bool throws = false;

  std::size_t PublishBatch(std::span<const OutgoingMessage> messages) override {
    if (throws) throw BusError("the broker is gone");
    return std::min(acknowledges, messages.size());
  }
};

// Remembers what it was handed, as "publisher topic key".
class RecordingTap final : public MessageTap {
 public:
  std::vector<std::string> recorded;

  void Record(std::string_view publisher, std::span<const OutgoingMessage> messages) override {
    for (const OutgoingMessage& message : messages) {
      recorded.push_back(std::string(publisher) + " " + message.topic + " " + message.key);
    }
  }
};

std::vector<OutgoingMessage> Batch() {
  return {{.topic = "order.created.v1", .key = "1", .value = "{}", .headers = {}},
          {.topic = "order.created.v1", .key = "2", .value = "{}", .headers = {}},
          {.topic = "order.canceled.v1", .key = "1", .value = "{}", .headers = {}}};
}

TEST(TappingPublisherTest, TheTapSeesEveryAcknowledgedMessageNamedByItsPublisher) {
  auto inner = std::make_unique<ScriptedPublisher>();
  inner->acknowledges = 3;
  RecordingTap tap;
  TappingPublisher publisher(std::move(inner), tap, "order");
  EXPECT_EQ(publisher.PublishBatch(Batch()), 3u);
  EXPECT_EQ(tap.recorded,
            (std::vector<std::string>{"order order.created.v1 1", "order order.created.v1 2",
                                      "order order.canceled.v1 1"}));
}

TEST(TappingPublisherTest, WhatTheBusDidNotAcknowledgeIsNotTapped) {
  auto owned = std::make_unique<ScriptedPublisher>();
  ScriptedPublisher& inner = *owned;
  RecordingTap tap;
  TappingPublisher publisher(std::move(owned), tap, "payment");

  inner.acknowledges = 1;
  EXPECT_EQ(publisher.PublishBatch(Batch()), 1u);
  EXPECT_EQ(tap.recorded, std::vector<std::string>{"payment order.created.v1 1"});

  inner.throws = true;
  EXPECT_THROW(publisher.PublishBatch(Batch()), BusError);
  EXPECT_EQ(tap.recorded.size(), 1u);
}

}  // namespace
}  // namespace sagashop::bus
