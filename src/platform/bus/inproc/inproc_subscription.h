#pragma once

#include <cstdint>
#include <memory>

#include "platform/bus/event_bus.h"
#include "platform/bus/inproc/inproc_broker.h"
#include "platform/bus/inproc/inproc_member.h"

namespace sagashop::bus {

// A consumer-group member on the in-process bus. It has no thread of its own: publishers call its
// handler. Destroying it stops delivery, waiting for a handler call in progress.
class InProcSubscription final : public Subscription {
 public:
  InProcSubscription(std::shared_ptr<InProcBroker> broker, std::shared_ptr<InProcMember> member);
  ~InProcSubscription() override;

  InProcSubscription(const InProcSubscription&) = delete;
  InProcSubscription& operator=(const InProcSubscription&) = delete;

  std::uint64_t CompletedBatches() const override { return member_->completed_batches.load(); }

 private:
  std::shared_ptr<InProcBroker> broker_;
  std::shared_ptr<InProcMember> member_;
};

}  // namespace sagashop::bus
