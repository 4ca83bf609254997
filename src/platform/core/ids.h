#pragma once

#include <string>

namespace sagashop {

// A random (version 4) UUID in its canonical text form. Thread-safe.
std::string NewUuid();

// A W3C trace context `traceparent` for a new trace ("00-<32 hex>-<16 hex>-01").
std::string NewTraceParent();

}  // namespace sagashop
