#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "contracts/events.h"

namespace sagashop::contracts {

// An event that cannot be decoded: not JSON, an unknown type, a missing or mistyped field. Retrying
// never helps; such a message is parked on the dead-letter topic.
class MalformedEvent : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The JSON value of docs/contracts.md, Events: base fields and payload fields side by side,
// camelCase.
std::string EncodeEvent(const Event& event);

// Throws MalformedEvent naming what is wrong. `expected_type`, when given, must match eventType
// (the topic a message arrived on decides what it may be).
Event DecodeEvent(std::string_view json, std::string_view expected_type = {});

// Builds an event with a fresh id and the current time.
Event MakeEvent(EventPayload payload, std::string correlation_id);

}  // namespace sagashop::contracts
