#include "platform/bus/kafka/kafka_log.h"

#include <spdlog/spdlog.h>

#include <utility>

namespace sagashop::bus {

void LogKafkaLine(int level, const char* facility, const char* message) {
  // librdkafka uses syslog levels: 0 emergency .. 3 error, 4 warning, 5 notice, 6 info, 7 debug.
  spdlog::level::level_enum spd_level = spdlog::level::debug;
  if (level <= 3) {
    spd_level = spdlog::level::err;
  } else if (level == 4) {
    spd_level = spdlog::level::warn;
  } else if (level <= 6) {
    spd_level = spdlog::level::info;
  }
  spdlog::log(spd_level, "librdkafka {}: {}", facility, message);
}

void ForwardKafkaLog(const rd_kafka_t* /*handle*/, int level, const char* facility,
                     const char* message) {
  LogKafkaLine(level, facility, message);
}

std::optional<std::uint64_t> LogThrottle::Admit(int key) {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  auto [it, inserted] = slots_.try_emplace(key);
  Slot& slot = it->second;
  if (!inserted && now - slot.last < interval_) {
    ++slot.suppressed;
    return std::nullopt;
  }
  slot.last = now;
  return std::exchange(slot.suppressed, 0);
}

KafkaEventLogger::KafkaEventLogger(std::string client, StatisticsSink on_statistics)
    : client_(std::move(client)), on_statistics_(std::move(on_statistics)) {}

void KafkaEventLogger::event_cb(RdKafka::Event& event) {
  switch (event.type()) {
    case RdKafka::Event::EVENT_LOG:
      LogKafkaLine(static_cast<int>(event.severity()), event.fac().c_str(), event.str().c_str());
      break;
    case RdKafka::Event::EVENT_STATS:
      if (on_statistics_) on_statistics_(event.str());
      break;
    case RdKafka::Event::EVENT_ERROR: {
      // Most client errors (broker down, transport) are transient: librdkafka keeps retrying, so
      // they are worth a line now and then, not one per occurrence.
      const bool fatal = event.fatal();
      const auto suppressed =
          fatal ? std::optional<std::uint64_t>(0) : throttle_.Admit(static_cast<int>(event.err()));
      if (!suppressed) break;
      spdlog::log(fatal ? spdlog::level::critical : spdlog::level::warn,
                  "kafka {}: {}{}: {} ({} similar suppressed)", client_,
                  fatal ? "fatal error " : "", RdKafka::err2str(event.err()), event.str(),
                  *suppressed);
      break;
    }
    default:
      break;
  }
}

}  // namespace sagashop::bus
