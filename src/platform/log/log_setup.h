#pragma once

#include <string>

namespace sagashop::log {

enum class LogFormat { kJson, kText };

struct LogConfig {
  LogFormat format = LogFormat::kJson;
  std::string level = "info";  // trace | debug | info | warn | error
  // The service a line names when no LogScope says: the process's own ("order"), or "sagashop"
  // for a process hosting several services or running a command.
  std::string default_service = "sagashop";

  // Throws std::invalid_argument naming the bad setting.
  void Validate() const;
};

// Makes the process's default spdlog logger write `config.format` lines to stdout (flushed per
// line, so a collector tailing the file sees every line at once) at `config.level`.
void ConfigureLogging(const LogConfig& config);

}  // namespace sagashop::log
