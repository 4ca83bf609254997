#pragma once

#include <algorithm>
#include <memory>
#include <span>
#include <string>
#include <utility>

#include "platform/bus/event_bus.h"
#include "platform/bus/tap/message_tap.h"

namespace sagashop::bus {

// Forwards to another publisher and hands the tap every message the bus acknowledged, after it
// did: what the tap sees is exactly what crossed the bus, never what was only tried. A test seam
// (only --event-tap installs it), so that tests can check every event a system publishes. A tap
// that fails throws, so the batch counts as unsent and is published again: a duplicate, which every
// consumer's inbox drops, rather than an event that crossed the bus unseen.
class TappingPublisher final : public Publisher {
 public:
  TappingPublisher(std::unique_ptr<Publisher> inner, MessageTap& tap, std::string publisher)
      : inner_(std::move(inner)), tap_(tap), publisher_(std::move(publisher)) {}

  std::size_t PublishBatch(std::span<const OutgoingMessage> messages) override {
    const std::size_t acknowledged = inner_->PublishBatch(messages);
    tap_.Record(publisher_, messages.first(std::min(acknowledged, messages.size())));
    return acknowledged;
  }

 private:
  std::unique_ptr<Publisher> inner_;
  MessageTap& tap_;
  std::string publisher_;
};

}  // namespace sagashop::bus
