#include "contracts/event_codec.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <type_traits>

#include "contracts/event_fields.h"
#include "platform/core/ids.h"
#include "platform/core/json_fields.h"
#include "platform/core/timestamp.h"

namespace sagashop::contracts {
namespace {

// Builds the payload alternative whose kType is `type`, or returns false.
template <std::size_t I = 0>
bool EmplaceByType(std::string_view type, EventPayload& payload) {
  if constexpr (I < std::variant_size_v<EventPayload>) {
    using Alternative = std::variant_alternative_t<I, EventPayload>;
    if (Alternative::kType == type) {
      payload.emplace<I>();
      return true;
    }
    return EmplaceByType<I + 1>(type, payload);
  } else {
    return false;
  }
}

std::string_view TypeOf(const EventPayload& payload) {
  return std::visit([](const auto& p) { return std::decay_t<decltype(p)>::kType; }, payload);
}

}  // namespace

std::string EncodeEvent(const Event& event) {
  boost::json::object object;
  object["eventId"] = event.metadata.event_id;
  object["eventType"] = TypeOf(event.payload);
  object["schemaVersion"] = event.metadata.schema_version;
  object["occurredAt"] = event.metadata.occurred_at;
  object["correlationId"] = event.metadata.correlation_id;
  EventPayload payload = event.payload;  // VisitFields walks mutable members
  std::visit(
      [&object](auto& p) {
        VisitFields(p, [&object](const char* name, auto& member) {
          using Member = std::decay_t<decltype(member)>;
          if constexpr (std::is_same_v<Member, std::optional<std::string>>) {
            if (member) object[name] = *member;  // absent optional fields are left out
          } else {
            object[name] = member;
          }
        });
      },
      payload);
  return boost::json::serialize(object);
}

Event DecodeEvent(std::string_view json, std::string_view expected_type) {
  try {
    const boost::json::object object = ParseJsonObject(json, "event");
    const JsonFields fields(object);
    Event event;
    event.metadata.event_id = fields.String("eventId");
    event.metadata.event_type = fields.String("eventType");
    event.metadata.schema_version = static_cast<int>(fields.Int64InRange("schemaVersion", 1, 1));
    event.metadata.occurred_at = fields.String("occurredAt");
    event.metadata.correlation_id = fields.OptionalString("correlationId").value_or("");
    if (event.metadata.event_id.empty()) throw FieldError("eventId", "must not be empty");
    if (!expected_type.empty() && event.metadata.event_type != expected_type) {
      throw MalformedEvent("eventType '" + event.metadata.event_type + "' on topic '" +
                           std::string(expected_type) + "'");
    }
    if (!EmplaceByType(event.metadata.event_type, event.payload)) {
      throw MalformedEvent("unknown eventType '" + event.metadata.event_type + "'");
    }
    std::visit(
        [&fields](auto& p) {
          VisitFields(p, [&fields](const char* name, auto& member) {
            using Member = std::decay_t<decltype(member)>;
            if constexpr (std::is_same_v<Member, std::string>) {
              member = fields.String(name);
            } else if constexpr (std::is_same_v<Member, std::optional<std::string>>) {
              member = fields.OptionalString(name);
            } else {
              member = fields.Int64(name);
            }
          });
        },
        event.payload);
    return event;
  } catch (const FieldError& error) {
    throw MalformedEvent(std::string("malformed event: ") + error.what());
  }
}

Event MakeEvent(EventPayload payload, std::string correlation_id) {
  std::string event_type(TypeOf(payload));
  Event event{.metadata = {.event_id = NewUuid(),
                           .event_type = std::move(event_type),
                           .schema_version = 1,
                           .occurred_at = NowRfc3339(),
                           .correlation_id = std::move(correlation_id)},
              .payload = std::move(payload)};
  return event;
}

}  // namespace sagashop::contracts
