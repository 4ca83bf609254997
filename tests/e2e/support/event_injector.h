#pragma once

#include <cstdint>
#include <string>

#include "e2e/support/system_under_test.h"

namespace sagashop::testing {

// An event as a buggy producer might emit it: any value, under a given id and type.
struct InjectedEvent {
  std::string topic;         // e.g. "order.created.v1"
  std::int64_t key = 0;      // the order id: it decides the partition, as for real events
  std::string value;         // anything, valid JSON or not
  std::string event_id;      // the ce_id header
  std::string trace_parent;  // the traceparent header
};

// Puts `event` on the running system's bus the way a real one gets there, and notes its id as one
// put there on purpose (e2e/support/event_tap.h), so that the check of the tapped events leaves
// it out.
//
// Distributed (and all-on-servers) mode: produced straight onto the system's namespaced Kafka
// topic, with ce_id, ce_type, ce_source, ce_specversion and traceparent headers.
//
// Embedded mode: the in-process bus has no way in from outside the process, and the system has
// (rightly) no endpoint that publishes arbitrary events. So the event is written where every
// event of the system comes from: a PENDING row in the outbox of the service that produces the
// topic, which is what a producer bug would leave there. That service's relay publishes it within
// its poll interval with the headers it gives every event (ce_id from the row, ce_source the
// producer, traceparent from the row).
void InjectEvent(const SystemUnderTest& system, const InjectedEvent& event);

}  // namespace sagashop::testing
