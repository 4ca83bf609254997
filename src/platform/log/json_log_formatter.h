#pragma once

#include <spdlog/formatter.h>

#include <memory>
#include <string>

namespace sagashop::log {

// Writes each log line as one JSON object, e.g.
//   {"time":"2024-05-01T12:00:00.123Z","level":"info","service":"payment","message":"...",
//    "orderId":12,"sagaId":"6f1c...","eventId":"9a0b...","traceId":"4bf92f35..."}
// time is RFC 3339 in UTC with milliseconds; level one of trace, debug, info, warn, error,
// critical; service is the current LogScope's, else `default_service` (the process's: its
// service, or "sagashop" for one hosting several); orderId, sagaId, eventId and traceId appear
// only when the current LogScope knows them. The message is masked (MaskSensitive) and every
// string escaped, invalid UTF-8 replaced by U+FFFD, so each line parses as JSON.
class JsonLogFormatter : public spdlog::formatter {
 public:
  explicit JsonLogFormatter(std::string default_service)
      : default_service_(std::move(default_service)) {}

  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonLogFormatter>(default_service_);
  }

 private:
  std::string default_service_;
};

}  // namespace sagashop::log
