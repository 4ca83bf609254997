#include "platform/bus/crashing/crash_plan.h"

#include <array>
#include <charconv>
#include <stdexcept>
#include <utility>

namespace sagashop::bus {
namespace {

constexpr std::array kNames = {
    std::pair{CrashPoint::kBeforePublish, std::string_view("before-publish")},
    std::pair{CrashPoint::kAfterPublish, std::string_view("after-publish")},
    std::pair{CrashPoint::kAfterConsume, std::string_view("after-consume")},
    std::pair{CrashPoint::kMidBatch, std::string_view("mid-batch")},
};

}  // namespace

std::string_view NameOf(CrashPoint point) {
  for (const auto& [candidate, name] : kNames) {
    if (candidate == point) return name;
  }
  return "unknown";
}

CrashPlan CrashPlan::Parse(std::string_view spec) {
  const std::size_t colon = spec.find(':');
  const std::string_view name = spec.substr(0, colon);
  CrashPlan plan;
  bool known = false;
  for (const auto& [point, candidate] : kNames) {
    if (candidate == name) {
      plan.point = point;
      known = true;
    }
  }
  if (!known) {
    throw std::invalid_argument("unknown crash point '" + std::string(name) +
                                "' (before-publish, after-publish, after-consume, mid-batch)");
  }
  if (colon != std::string_view::npos) {
    const std::string_view count = spec.substr(colon + 1);
    const auto [end, error] = std::from_chars(count.data(), count.data() + count.size(), plan.nth);
    if (error != std::errc() || end != count.data() + count.size() || plan.nth < 1) {
      throw std::invalid_argument("crash point count must be a positive integer, got '" +
                                  std::string(count) + "'");
    }
  }
  return plan;
}

}  // namespace sagashop::bus
