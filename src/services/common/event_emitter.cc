#include "services/common/event_emitter.h"

#include "contracts/event_codec.h"
#include "platform/core/ids.h"

namespace sagashop::services {

std::string ChildTraceParent(std::string_view parent) {
  // "00-" 32 hex trace id "-" 16 hex span id "-" 2 hex flags
  std::string fresh = NewTraceParent();
  if (parent.size() != 55 || parent.substr(0, 3) != "00-" || parent[35] != '-') return fresh;
  return std::string(parent.substr(0, 36)) + fresh.substr(36, 16) + std::string(parent.substr(52));
}

EventCause EventCause::Of(const contracts::Event& event, const bus::IncomingMessage& message) {
  return {event.metadata.correlation_id,
          std::string(message.FindHeader("traceparent").value_or(""))};
}

contracts::EventMetadata EventEmitter::Emit(contracts::EventPayload payload,
                                            const EventCause& cause) {
  contracts::Event event = contracts::MakeEvent(std::move(payload), cause.correlation_id);
  writer_.Append({.event_id = event.metadata.event_id,
                  .aggregate_type = "order",  // every saga event is about one order, its key
                  .aggregate_id = event.OrderId(),
                  .event_type = event.metadata.event_type,
                  .payload = contracts::EncodeEvent(event),
                  .trace_parent = ChildTraceParent(cause.trace_parent)});
  return event.metadata;
}

}  // namespace sagashop::services
