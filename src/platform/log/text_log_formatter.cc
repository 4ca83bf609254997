#include "platform/log/text_log_formatter.h"

#include "platform/log/log_line_parts.h"
#include "platform/log/log_scope.h"
#include "platform/log/sensitive_data.h"

namespace sagashop::log {
namespace {

void AppendField(spdlog::memory_buf_t& dest, bool& first, std::string_view name,
                 std::string_view value) {
  if (value.empty()) return;
  Append(dest, first ? " (" : " ");
  first = false;
  Append(dest, name);
  dest.push_back('=');
  Append(dest, value);
}

}  // namespace

void TextLogFormatter::format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) {
  const LogFields fields = CurrentLogFields();
  AppendRfc3339Millis(msg.time, dest);
  dest.push_back(' ');
  const std::string_view level = LevelName(msg.level);
  Append(dest, level);
  for (std::size_t pad = level.size(); pad < 5; ++pad) dest.push_back(' ');
  Append(dest, " [");
  Append(dest, fields.service.empty() ? default_service_ : fields.service);
  Append(dest, "] ");
  Append(dest, MaskSensitive(std::string_view(msg.payload.data(), msg.payload.size())));
  bool first = true;
  AppendField(dest, first, "orderId", fields.order_id);
  AppendField(dest, first, "sagaId", fields.saga_id);
  AppendField(dest, first, "eventId", fields.event_id);
  AppendField(dest, first, "traceId", fields.trace_id);
  if (!first) dest.push_back(')');
  dest.push_back('\n');
}

}  // namespace sagashop::log
