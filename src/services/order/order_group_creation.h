#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "platform/crypto/field_cipher.h"
#include "platform/db/transaction.h"
#include "services/order/create_order_request.h"
#include "services/order/order_metrics.h"

namespace sagashop::order {

// One POST /orders waiting to be created together with others (group commit).
struct OrderSubmission {
  const CreateOrderRequest* request = nullptr;
  std::string trace_parent;  // the request's, which the saga's events continue
};

// What the group did for one submission: the order it created, or nothing, when the request must
// be handled on its own (its Idempotency-Key was used already: a retry or a conflict, which the
// single-request path answers).
struct GroupedOrder {
  std::optional<std::int64_t> order_id;
  std::string saga_id;
};

// Creates the orders of `group` in `tx` with one statement per table, whatever the group's size:
// the live keys are looked up together, then the orders, their keys, their sagas, their
// order.created events and their first steps are written together. Throws KeyClaimedMeanwhile
// (the caller rolls back and handles each request on its own) when a concurrent request claimed
// one of the keys first. Counts each order in `metrics` once `tx` commits. Each address is sealed
// with `cipher` once, and rests (in the order and its order.created.v1) only sealed.
std::vector<GroupedOrder> CreateOrdersTogether(db::Transaction& tx,
                                               std::span<const OrderSubmission* const> group,
                                               const std::string& keys_expired_before,
                                               OrderMetrics& metrics,
                                               const crypto::FieldCipher& cipher);

// Two submissions with one Idempotency-Key of one user never go in one group: the second must
// see what the first did.
bool MayJoinGroup(const OrderSubmission& candidate, std::span<const OrderSubmission* const> group);

// Thrown inside a transaction when a concurrent request with the same key committed first.
struct KeyClaimedMeanwhile {};

}  // namespace sagashop::order
