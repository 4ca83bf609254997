#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "platform/db/transaction.h"

namespace sagashop::outbox {

// An event to publish once the transaction that wrote it commits.
struct OutboxRecord {
  std::string event_id;
  std::string aggregate_type;     // e.g. "order"
  std::int64_t aggregate_id = 0;  // the message key: one order's events stay in order
  std::string event_type;         // also the topic
  std::string payload;            // the event's JSON value
  std::string trace_parent;       // W3C traceparent, travels in the message headers
};

// The channel a service's relay listens on.
std::string OutboxChannel(std::string_view service);

// Appends events to the outbox inside the caller's transaction, so the state change and its events
// commit together or not at all, and wakes the relay once per transaction.
class OutboxWriter {
 public:
  OutboxWriter(db::Transaction& tx, std::string channel) : tx_(tx), channel_(std::move(channel)) {}

  void Append(const OutboxRecord& record);
  // Every record with one statement, in order.
  void AppendAll(std::span<const OutboxRecord> records);

 private:
  void Notify();  // once per writer

  db::Transaction& tx_;
  std::string channel_;
  bool notified_ = false;
};

}  // namespace sagashop::outbox
