#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "contracts/event_codec.h"
#include "platform/bus/message.h"
#include "platform/db/counted_database.h"

namespace sagashop::testing {

// `payload` as a consumer receives it from the bus: an event of saga `saga_id`, keyed by its order.
inline bus::IncomingMessage MessageOf(contracts::EventPayload payload,
                                      const std::string& saga_id = "saga-1") {
  const contracts::Event event = contracts::MakeEvent(std::move(payload), saga_id);
  return {.topic = event.metadata.event_type,
          .key = std::to_string(event.OrderId()),
          .value = contracts::EncodeEvent(event),
          .headers = {{"ce_id", event.metadata.event_id}}};
}

// `messages` as the batch a set-based handler is given.
inline std::vector<const bus::IncomingMessage*> BatchOf(
    const std::vector<bus::IncomingMessage>& messages) {
  std::vector<const bus::IncomingMessage*> batch;
  batch.reserve(messages.size());
  for (const bus::IncomingMessage& message : messages) batch.push_back(&message);
  return batch;
}

// Runs `work(tx)` in one transaction of `database` and commits it; returns the statements `work`
// sent (BEGIN and COMMIT not counted).
template <typename Work>
std::int64_t StatementsOf(db::CountedDatabase& database, Work&& work) {
  auto tx = database.Begin();
  const std::int64_t before = database.GetWorkStats().statements;
  work(*tx);
  const std::int64_t statements = database.GetWorkStats().statements - before;
  tx->Commit();
  return statements;
}

}  // namespace sagashop::testing
