#include "platform/core/trace_parent.h"

#include <algorithm>

#include "platform/core/ids.h"

namespace sagashop {
namespace {

constexpr std::size_t kLength = 55;  // "00-" + 32 + "-" + 16 + "-" + 2

bool IsLowerHex(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool AllZeros(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == '0'; });
}

}  // namespace

bool IsValidTraceParent(std::string_view traceparent) {
  if (traceparent.size() < kLength) return false;
  const std::string_view version = traceparent.substr(0, 2);
  // Version ff is forbidden; a version above 00 may append fields after a '-', never more hex.
  if (!IsLowerHex(version) || version == "ff") return false;
  if (version == "00" ? traceparent.size() != kLength
                      : traceparent.size() > kLength && traceparent[kLength] != '-') {
    return false;
  }
  if (traceparent[2] != '-' || traceparent[35] != '-' || traceparent[52] != '-') return false;
  const std::string_view trace_id = traceparent.substr(3, 32);
  const std::string_view span_id = traceparent.substr(36, 16);
  const std::string_view flags = traceparent.substr(53, 2);
  return IsLowerHex(trace_id) && IsLowerHex(span_id) && IsLowerHex(flags) && !AllZeros(trace_id) &&
         !AllZeros(span_id);
}

std::string TraceIdOf(std::string_view traceparent) {
  if (!IsValidTraceParent(traceparent)) return {};
  return std::string(traceparent.substr(3, 32));
}

std::string ContinueTrace(std::string_view parent) {
  std::string fresh = NewTraceParent();
  if (!IsValidTraceParent(parent)) return fresh;
  // We speak version 00, whatever version the parent spoke.
  return "00-" + std::string(parent.substr(3, 32)) + "-" + fresh.substr(36, 16) + "-" +
         std::string(parent.substr(53, 2));
}

}  // namespace sagashop
