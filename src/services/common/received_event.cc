#include "services/common/received_event.h"

#include "contracts/event_codec.h"

namespace sagashop::services {

std::vector<ReceivedEvent> DecodeBatch(std::span<const bus::IncomingMessage* const> messages) {
  std::vector<ReceivedEvent> received;
  received.reserve(messages.size());
  for (const bus::IncomingMessage* message : messages) {
    contracts::Event event = contracts::DecodeEvent(message->value, message->topic);
    EventCause cause = EventCause::Of(event, *message);
    received.push_back({std::move(event), std::move(cause)});
  }
  return received;
}

}  // namespace sagashop::services
