#include "services/common/event_emitter.h"

#include "contracts/event_codec.h"
#include "platform/core/trace_parent.h"

namespace sagashop::services {

std::string ChildTraceParent(std::string_view parent) {
  return ContinueTrace(parent);
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
