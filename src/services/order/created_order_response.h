#pragma once

#include <cstdint>
#include <string>

#include "platform/http/response.h"

namespace sagashop::order {

// The answer to a POST /orders that created an order: 201, Location and
// {"orderId","status":"PENDING","sagaId"}. It is built from the order's id and saga id alone, both
// fixed when the order is created, so a retry under the same Idempotency-Key is answered with the
// original response rebuilt byte for byte instead of a stored copy. A rebuilt answer also carries
// `Idempotent-Replayed: true`, so a client can tell that nothing new was created.
http::Response CreatedOrderResponse(std::int64_t order_id, const std::string& saga_id,
                                    bool replayed);

}  // namespace sagashop::order
