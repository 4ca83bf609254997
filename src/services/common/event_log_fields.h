#pragma once

#include "platform/bus/message.h"
#include "platform/log/log_fields.h"

namespace sagashop::services {

// The order and saga an incoming saga event belongs to, for the lines logged while it is handled:
// the order id from the message key (docs/contracts.md, Events: the key is the order id) or the
// event's orderId, the saga id from its correlationId. Leaves a field empty when the message does
// not say; never throws for a malformed message.
void DescribeEventForLog(const bus::IncomingMessage& message, log::LogFields& fields);

}  // namespace sagashop::services
