#pragma once

#include <string>
#include <string_view>

namespace sagashop {

// W3C Trace Context (https://www.w3.org/TR/trace-context/): a `traceparent` is
// "<version>-<32 hex trace id>-<16 hex parent span id>-<2 hex flags>", e.g.
// "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".

// Whether `traceparent` is one this code can continue: version 00 in the exact layout above (a
// later version is read by its first 55 characters, as the recommendation asks), lower-case hex,
// and neither id all zeros.
bool IsValidTraceParent(std::string_view traceparent);

// The 32 hex digits of the trace id, or "" when `traceparent` is not valid.
std::string TraceIdOf(std::string_view traceparent);

// The traceparent of a new span in the trace of `parent` (same trace id and flags, a new span
// id), or of a new trace when `parent` is empty or not valid.
std::string ContinueTrace(std::string_view parent);

}  // namespace sagashop
