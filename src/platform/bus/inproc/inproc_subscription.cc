#include "platform/bus/inproc/inproc_subscription.h"

#include <utility>

namespace sagashop::bus {

InProcSubscription::InProcSubscription(std::shared_ptr<InProcBroker> broker,
                                       std::shared_ptr<InProcMember> member)
    : broker_(std::move(broker)), member_(std::move(member)) {}

InProcSubscription::~InProcSubscription() {
  broker_->Leave(*member_);
}

}  // namespace sagashop::bus
