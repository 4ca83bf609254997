#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "contracts/events.h"
#include "platform/bus/message.h"
#include "platform/outbox/outbox_writer.h"

namespace sagashop::services {

// What an emitted event inherits from whatever caused it: the saga it belongs to and the trace.
struct EventCause {
  std::string correlation_id;  // the saga id
  std::string trace_parent;    // W3C traceparent of the cause; "" starts a new trace

  // The cause an incoming event makes for the events its handler emits.
  static EventCause Of(const contracts::Event& event, const bus::IncomingMessage& message);
};

// Writes a service's events to its outbox within the caller's transaction. Events caused by an
// incoming message continue that message's trace (W3C trace context).
class EventEmitter {
 public:
  EventEmitter(db::Transaction& tx, std::string_view service)
      : writer_(tx, outbox::OutboxChannel(service)) {}

  // Returns the emitted event's metadata (its id, type and time).
  contracts::EventMetadata Emit(contracts::EventPayload payload, const EventCause& cause);

  // An event and its cause, for EmitAll.
  struct Emission {
    contracts::EventPayload payload;
    EventCause cause;
  };
  // Every event with one statement, in order; returns their metadata in the same order.
  std::vector<contracts::EventMetadata> EmitAll(std::vector<Emission> emissions);

 private:
  outbox::OutboxWriter writer_;
};

// The W3C traceparent of a new span in the trace of `parent`, or of a new trace when `parent` is
// empty or malformed.
std::string ChildTraceParent(std::string_view parent);

}  // namespace sagashop::services
