#include "platform/outbox/outbox_writer.h"

#include "platform/core/timestamp.h"

namespace sagashop::outbox {
namespace {

constexpr db::Query kInsertOutbox{
    "outbox_insert",
    "INSERT INTO outbox_events (event_id, aggregate_type, aggregate_id, event_type, payload, "
    "trace_parent, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'PENDING', $7)"};

}  // namespace

std::string OutboxChannel(std::string_view service) {
  return "sagashop_outbox_" + std::string(service);
}

void OutboxWriter::Append(const OutboxRecord& record) {
  tx_.Execute(kInsertOutbox,
              {record.event_id, record.aggregate_type, record.aggregate_id, record.event_type,
               record.payload,
               record.trace_parent.empty() ? db::Param{db::kNull} : db::Param{record.trace_parent},
               NowRfc3339()});
  if (!notified_) {
    tx_.Notify(channel_);
    notified_ = true;
  }
}

}  // namespace sagashop::outbox
