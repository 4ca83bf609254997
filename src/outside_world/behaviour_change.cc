#include "outside_world/behaviour_change.h"

#include <array>
#include <optional>

#include "platform/core/json_fields.h"

namespace sagashop::outside_world {
namespace {

constexpr std::array<std::string_view, 5> kMembers = {
    "latencyMedianMs", "latencyP99Ms", "failureRate", "timeoutRate", "timeoutDelayMs"};

std::optional<double> OptionalNumber(const boost::json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  if (value == nullptr) return std::nullopt;
  if (value->is_double()) return value->get_double();
  if (value->is_int64()) return static_cast<double>(value->get_int64());
  if (value->is_uint64()) return static_cast<double>(value->get_uint64());
  throw FieldError(std::string(name), "must be a number");
}

}  // namespace

FaceBehaviour ApplyBehaviourChange(const FaceBehaviour& current, std::string_view body) {
  const boost::json::object object = ParseJsonObject(body);
  for (const auto& member : object) {
    bool known = false;
    for (const std::string_view name : kMembers) known = known || member.key() == name;
    if (!known) {
      throw FieldError(std::string(member.key()),
                       "is not a behaviour setting; use latencyMedianMs, latencyP99Ms, "
                       "failureRate, timeoutRate or timeoutDelayMs");
    }
  }
  const JsonFields fields(object);
  FaceBehaviour next = current;
  if (const auto median = fields.OptionalInt64("latencyMedianMs")) {
    next.latency_median_ms = *median;
    next.latency_p99_ms = *median;
  }
  if (const auto p99 = fields.OptionalInt64("latencyP99Ms")) next.latency_p99_ms = *p99;
  if (const auto rate = OptionalNumber(object, "failureRate")) next.failure_rate = *rate;
  if (const auto rate = OptionalNumber(object, "timeoutRate")) next.timeout_rate = *rate;
  if (const auto delay = fields.OptionalInt64("timeoutDelayMs")) next.timeout_delay_ms = *delay;
  next.Validate();
  return next;
}

}  // namespace sagashop::outside_world
