#pragma once

#include <string>

namespace sagashop::log {

// What a log line says about the work it belongs to, beside its message. An empty field is
// unknown and left out of the line.
struct LogFields {
  std::string service;   // "order", "payment", ...: which service is doing the work
  std::string order_id;  // decimal
  std::string saga_id;
  std::string event_id;  // the event being handled
  std::string trace_id;  // 32 hex digits of the W3C trace id

  // Fills each field of this one that is empty from `other`.
  void FillFrom(const LogFields& other) {
    auto fill = [](std::string& mine, const std::string& theirs) {
      if (mine.empty()) mine = theirs;
    };
    fill(service, other.service);
    fill(order_id, other.order_id);
    fill(saga_id, other.saga_id);
    fill(event_id, other.event_id);
    fill(trace_id, other.trace_id);
  }
};

}  // namespace sagashop::log
