#pragma once

#include <spdlog/formatter.h>

#include <memory>
#include <string>

namespace sagashop::log {

// One readable line per message, for people at a terminal (`--log-format=text`), e.g.
//   2024-05-01T12:00:00.123Z info  [payment] applied order.created.v1 (orderId=12 sagaId=6f1c...
//   eventId=9a0b... traceId=4bf92f35...)
// The same fields as JsonLogFormatter, the same masking; line breaks in a message are kept.
class TextLogFormatter : public spdlog::formatter {
 public:
  explicit TextLogFormatter(std::string default_service)
      : default_service_(std::move(default_service)) {}

  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<TextLogFormatter>(default_service_);
  }

 private:
  std::string default_service_;
};

}  // namespace sagashop::log
