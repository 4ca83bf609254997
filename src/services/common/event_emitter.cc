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

namespace {

outbox::OutboxRecord RecordOf(const contracts::Event& event, const EventCause& cause) {
  return {.event_id = event.metadata.event_id,
          .aggregate_type = "order",  // every saga event is about one order, its key
          .aggregate_id = event.OrderId(),
          .event_type = event.metadata.event_type,
          .payload = contracts::EncodeEvent(event),
          .trace_parent = ChildTraceParent(cause.trace_parent)};
}

}  // namespace

contracts::EventMetadata EventEmitter::Emit(contracts::EventPayload payload,
                                            const EventCause& cause) {
  contracts::Event event = contracts::MakeEvent(std::move(payload), cause.correlation_id);
  writer_.Append(RecordOf(event, cause));
  return event.metadata;
}

std::vector<contracts::EventMetadata> EventEmitter::EmitAll(std::vector<Emission> emissions) {
  std::vector<outbox::OutboxRecord> records;
  std::vector<contracts::EventMetadata> emitted;
  records.reserve(emissions.size());
  emitted.reserve(emissions.size());
  for (Emission& emission : emissions) {
    const contracts::Event event =
        contracts::MakeEvent(std::move(emission.payload), emission.cause.correlation_id);
    records.push_back(RecordOf(event, emission.cause));
    emitted.push_back(event.metadata);
  }
  writer_.AppendAll(records);
  return emitted;
}

}  // namespace sagashop::services
