#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <utility>

#include "platform/bus/event_bus.h"
#include "platform/bus/inproc/inproc_broker.h"

namespace sagashop::bus {

// Publishes into the in-process broker: a message counts as acknowledged once every group that
// reads its topic has handled it. Any number of publishers may publish at once.
class InProcPublisher final : public Publisher {
 public:
  explicit InProcPublisher(std::shared_ptr<InProcBroker> broker) : broker_(std::move(broker)) {}

  std::size_t PublishBatch(std::span<const OutgoingMessage> messages) override {
    return broker_->Publish(messages);
  }

 private:
  std::shared_ptr<InProcBroker> broker_;
};

}  // namespace sagashop::bus
