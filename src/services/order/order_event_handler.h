#pragma once

#include "platform/bus/message.h"
#include "platform/db/transaction.h"
#include "services/order/order_metrics.h"

namespace sagashop::order {

// Follows the saga: every event about an order is recorded in its history, and moves the order
// along the transition table when the order is in a state that allows it; a late or repeated event
// changes nothing. Reaching COMPLETED or CANCELED emits order.completed.v1 / order.canceled.v1,
// and is counted in `metrics` once the transaction commits.
void HandleOrderEvent(db::Transaction& tx, const bus::IncomingMessage& message,
                      OrderMetrics& metrics);

}  // namespace sagashop::order
