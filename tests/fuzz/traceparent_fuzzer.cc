// Every request may carry a `traceparent` header, and every event on the bus one of its own: both
// are read before anything else is checked. Whatever the value, the span continued from it has a
// valid traceparent, in the value's trace (same trace id and flags) when the value was valid.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "platform/core/trace_parent.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view value(reinterpret_cast<const char*>(data), size);
  const bool valid = sagashop::IsValidTraceParent(value);
  const std::string trace_id = sagashop::TraceIdOf(value);
  const std::string next = sagashop::ContinueTrace(value);

  // What this service sends on is always version 00 in its exact layout.
  if (!sagashop::IsValidTraceParent(next) || next.size() != 55 || !next.starts_with("00-")) {
    std::abort();
  }
  if (!valid) {
    if (!trace_id.empty()) std::abort();
    return 0;
  }
  if (trace_id != value.substr(3, 32) || sagashop::TraceIdOf(next) != trace_id ||
      next.substr(53, 2) != value.substr(53, 2)) {
    std::abort();
  }
  return 0;
}
