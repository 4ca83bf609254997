#include "platform/log/log_setup.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <stdexcept>

#include "platform/log/json_log_formatter.h"
#include "platform/log/text_log_formatter.h"

namespace sagashop::log {

void LogConfig::Validate() const {
  if (level != "trace" && level != "debug" && level != "info" && level != "warn" &&
      level != "error") {
    throw std::invalid_argument("--log-level must be one of trace, debug, info, warn, error");
  }
  if (default_service.empty()) throw std::invalid_argument("log: default_service must be set");
}

void ConfigureLogging(const LogConfig& config) {
  config.Validate();
  auto logger = spdlog::stdout_logger_mt("sagashop-" + config.default_service);
  if (config.format == LogFormat::kJson) {
    logger->set_formatter(std::make_unique<JsonLogFormatter>(config.default_service));
  } else {
    logger->set_formatter(std::make_unique<TextLogFormatter>(config.default_service));
  }
  logger->set_level(spdlog::level::from_str(config.level));
  logger->flush_on(spdlog::level::trace);
  spdlog::set_default_logger(std::move(logger));
}

}  // namespace sagashop::log
