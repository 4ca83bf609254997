#pragma once

#include <span>
#include <vector>

#include "contracts/events.h"
#include "platform/bus/message.h"
#include "services/common/event_emitter.h"

namespace sagashop::services {

// An event of a consumer batch, decoded, with what the events it causes inherit from it.
struct ReceivedEvent {
  contracts::Event event;
  EventCause cause;
};

// Decodes a batch for a set-based handler, in order. Throws as contracts::DecodeEvent does for a
// malformed message (the inbox then applies the batch one by one and parks that message).
std::vector<ReceivedEvent> DecodeBatch(std::span<const bus::IncomingMessage* const> messages);

}  // namespace sagashop::services
