#include "services/order/order_group_creation.h"

#include "platform/core/ids.h"
#include "platform/core/timestamp.h"
#include "platform/core/trace_parent.h"
#include "services/common/event_emitter.h"
#include "services/order/idempotency_key_repository.h"
#include "services/order/order_repository.h"

namespace sagashop::order {

std::vector<GroupedOrder> CreateOrdersTogether(db::Transaction& tx,
                                               std::span<const OrderSubmission* const> group,
                                               const std::string& keys_expired_before,
                                               OrderMetrics& metrics,
                                               const crypto::FieldCipher& cipher) {
  IdempotencyKeyRepository keys(tx);
  std::vector<IdempotencyKeyRepository::KeyUse> keyed;
  for (const OrderSubmission* submission : group) {
    const CreateOrderRequest& request = *submission->request;
    if (request.idempotency_key) {
      keyed.push_back({.user_id = request.user_id,
                       .key = *request.idempotency_key,
                       .fingerprint = request.Fingerprint()});
    }
  }
  const auto live = keys.FindLive(keyed, keys_expired_before);

  std::vector<GroupedOrder> answers(group.size());
  std::vector<OrderRepository::NewOrder> orders;
  std::vector<std::size_t> creates;  // index in `group` of each of `orders`
  for (std::size_t i = 0; i < group.size(); ++i) {
    const CreateOrderRequest& request = *group[i]->request;
    if (request.idempotency_key && live.contains({request.user_id, *request.idempotency_key})) {
      continue;  // a retry or a conflict: answered on its own
    }
    orders.push_back({.request = &request,
                      .saga_id = NewUuid(),
                      .trace_id = TraceIdOf(group[i]->trace_parent),
                      .sealed_address = cipher.Seal(request.address)});
    creates.push_back(i);
  }
  if (orders.empty()) return answers;

  const std::string now = NowRfc3339();
  OrderRepository repository(tx);
  const std::map<std::string, std::int64_t> ids = repository.InsertOrders(orders, now);
  // The keys before the first event: a group that loses a key's race then rolls back no outbox
  // row, which would leave the relay a gap to wait out.
  std::vector<IdempotencyKeyRepository::KeyUse> claims;
  for (const OrderRepository::NewOrder& order : orders) {
    if (!order.request->idempotency_key) continue;
    claims.push_back({.user_id = order.request->user_id,
                      .key = *order.request->idempotency_key,
                      .fingerprint = order.request->Fingerprint(),
                      .order_id = ids.at(order.saga_id)});
  }
  if (keys.ClaimAll(claims, now, keys_expired_before) != static_cast<std::int64_t>(claims.size())) {
    throw KeyClaimedMeanwhile{};
  }
  repository.InsertSagas(orders, ids, now);

  std::vector<services::EventEmitter::Emission> events;
  events.reserve(orders.size());
  for (std::size_t n = 0; n < orders.size(); ++n) {
    const CreateOrderRequest& request = *orders[n].request;
    events.push_back({contracts::OrderCreated{.order_id = ids.at(orders[n].saga_id),
                                              .user_id = request.user_id,
                                              .product_id = request.product_id,
                                              .quantity = request.quantity,
                                              .amount = request.amount,
                                              .address = orders[n].sealed_address,
                                              .payment_method = request.payment_method},
                      {orders[n].saga_id, group[creates[n]]->trace_parent}});
  }
  const std::vector<contracts::EventMetadata> created =
      services::EventEmitter(tx, "order").EmitAll(std::move(events));
  std::vector<SagaStepRecord> steps;
  steps.reserve(orders.size());
  for (std::size_t n = 0; n < orders.size(); ++n) {
    const std::int64_t order_id = ids.at(orders[n].saga_id);
    steps.push_back({.saga_id = orders[n].saga_id,
                     .order_id = order_id,
                     .event_id = created[n].event_id,
                     .event_type = created[n].event_type,
                     .service = "order",
                     .outcome = "applied: PENDING",
                     .occurred_at = created[n].occurred_at,
                     .recorded_at = now});
    answers[creates[n]] = {.order_id = order_id, .saga_id = orders[n].saga_id};
  }
  repository.RecordSteps(steps);
  tx.OnCommit([&metrics, count = orders.size()] {
    for (std::size_t n = 0; n < count; ++n) metrics.OrderCreated();
  });
  return answers;
}

bool MayJoinGroup(const OrderSubmission& candidate, std::span<const OrderSubmission* const> group) {
  const CreateOrderRequest& request = *candidate.request;
  if (!request.idempotency_key) return true;
  for (const OrderSubmission* member : group) {
    if (member->request->user_id == request.user_id &&
        member->request->idempotency_key == request.idempotency_key) {
      return false;
    }
  }
  return true;
}

}  // namespace sagashop::order
