#pragma once

#include <span>
#include <string_view>

#include "platform/bus/message.h"

namespace sagashop::bus {

// Where a TappingPublisher hands a copy of what it published, e.g. a file that a test later
// checks against the events' contract (api/asyncapi.json, api/events/). Thread-safe: the
// publishers of several services in one process may share one tap.
class MessageTap {
 public:
  virtual ~MessageTap() = default;
  // `messages` were acknowledged by the bus; `publisher` names who published them (a service).
  virtual void Record(std::string_view publisher, std::span<const OutgoingMessage> messages) = 0;
};

}  // namespace sagashop::bus
