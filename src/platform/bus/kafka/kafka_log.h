#pragma once

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafkacpp.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace sagashop::bus {

// Forwards librdkafka's own log lines (syslog levels) to spdlog. librdkafka already folds identical
// broker failures into one line, so these are not throttled again.
void LogKafkaLine(int level, const char* facility, const char* message);

// The C API's log callback, for handles built with the C API.
void ForwardKafkaLog(const rd_kafka_t* handle, int level, const char* facility,
                     const char* message);

// Lets one line per key through per interval, and says how many were held back meanwhile, so an
// unreachable broker does not flood the log while still showing that it is still unreachable.
class LogThrottle {
 public:
  explicit LogThrottle(std::chrono::steady_clock::duration interval) : interval_(interval) {}

  // The number of suppressed lines since the last one let through, or nullopt to suppress this one.
  std::optional<std::uint64_t> Admit(int key);

 private:
  struct Slot {
    std::chrono::steady_clock::time_point last;
    std::uint64_t suppressed = 0;
  };
  std::chrono::steady_clock::duration interval_;
  std::mutex mutex_;
  std::map<int, Slot> slots_;
};

// The C++ API's event callback: logs and client errors go to spdlog (errors throttled per code),
// statistics JSON goes to `on_statistics`. Statistics and errors arrive on the thread that polls
// the handle; log lines may arrive on any librdkafka thread.
class KafkaEventLogger final : public RdKafka::EventCb {
 public:
  using StatisticsSink = std::function<void(const std::string& json)>;

  explicit KafkaEventLogger(std::string client, StatisticsSink on_statistics = {});

  void event_cb(RdKafka::Event& event) override;

 private:
  std::string client_;
  StatisticsSink on_statistics_;
  LogThrottle throttle_{std::chrono::seconds(10)};
};

}  // namespace sagashop::bus
