#include "platform/log/json_log_formatter.h"

#include <algorithm>

#include "platform/log/log_line_parts.h"
#include "platform/log/log_scope.h"
#include "platform/log/sensitive_data.h"

namespace sagashop::log {
namespace {

void AppendField(spdlog::memory_buf_t& dest, std::string_view name, std::string_view value) {
  if (value.empty()) return;
  Append(dest, ",\"");
  Append(dest, name);
  Append(dest, "\":");
  AppendJsonString(value, dest);
}

bool IsDecimal(std::string_view text) {
  return !text.empty() && text.size() <= 18 && text.front() != '0' &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

void JsonLogFormatter::format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) {
  const LogFields fields = CurrentLogFields();
  Append(dest, "{\"time\":\"");
  AppendRfc3339Millis(msg.time, dest);
  Append(dest, "\",\"level\":\"");
  Append(dest, LevelName(msg.level));
  Append(dest, "\"");
  AppendField(dest, "service", fields.service.empty() ? default_service_ : fields.service);
  Append(dest, ",\"message\":");
  AppendJsonString(MaskSensitive(std::string_view(msg.payload.data(), msg.payload.size())), dest);
  if (IsDecimal(fields.order_id)) {
    // A number, as the API writes it, so that `jq 'select(.orderId == 12)'` finds it.
    Append(dest, ",\"orderId\":");
    Append(dest, fields.order_id);
  } else {
    AppendField(dest, "orderId", fields.order_id);
  }
  AppendField(dest, "sagaId", fields.saga_id);
  AppendField(dest, "eventId", fields.event_id);
  AppendField(dest, "traceId", fields.trace_id);
  Append(dest, "}\n");
}

}  // namespace sagashop::log
