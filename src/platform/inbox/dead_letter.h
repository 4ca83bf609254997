#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/bus/message.h"

namespace sagashop::inbox {

// PARKED until an operator asks for a replay; REPLAY_REQUESTED until the service has published
// the event again; then REPLAYED. A replayed event that fails again is parked as a new dead letter.
enum class DeadLetterStatus { kParked, kReplayRequested, kReplayed };

std::string_view ToString(DeadLetterStatus status);  // "PARKED", "REPLAY_REQUESTED", "REPLAYED"
std::optional<DeadLetterStatus> ParseDeadLetterStatus(std::string_view text);

// An event a consumer parked, as its service's database keeps it.
struct DeadLetter {
  std::int64_t id = 0;     // per service database
  std::string consumer;    // the service that parked it
  std::string event_id;    // the inbox key: the ce_id header, or the message's position without one
  std::string event_type;  // the ce_type header, or the topic without one
  std::string topic;       // where it was consumed from (as the service names it)
  std::int32_t partition = 0;
  std::int64_t offset = 0;
  std::string key;                   // the message's bytes, exactly
  std::string value;                 // the message's bytes, exactly
  std::vector<bus::Header> headers;  // of the dead-letter record: the original ones, then dlt_*
  std::string error;
  std::string error_class;  // the C++ type of the error, e.g. sagashop::contracts::MalformedEvent
  int attempts = 0;
  DeadLetterStatus status = DeadLetterStatus::kParked;
  std::string parked_at;  // RFC 3339
  std::optional<std::string> replay_requested_at;
  std::optional<std::string> replayed_at;

  // What operators call it: "<consumer>-<id>", e.g. "order-3" — unique across the services.
  std::string Name() const { return consumer + "-" + std::to_string(id); }
};

struct DeadLetterName {
  std::string consumer;
  std::int64_t id = 0;
};

// Splits "order-3"; nullopt when it is not "<service>-<positive number>" (a service name is
// letters, digits and '_').
std::optional<DeadLetterName> ParseDeadLetterName(std::string_view name);

}  // namespace sagashop::inbox
