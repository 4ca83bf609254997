#pragma once

#include <array>
#include <string_view>

#include "app/settings/choice.h"
#include "platform/log/log_setup.h"

namespace sagashop::app {

// Which services this process runs (Loki-style targets): one, or all four.
enum class Target { kAll, kOrder, kPayment, kInventory, kDelivery };
// The adapters behind the ports: embedded mode's (SQLite files, an in-process bus, an in-memory
// cache) or the servers' (PostgreSQL, Kafka, Redis).
enum class Storage { kSqlite, kPostgres };
enum class Bus { kInproc, kKafka };
enum class Cache { kMemory, kRedis };
enum class LogLevel { kTrace, kDebug, kInfo, kWarn, kError };
using log::LogFormat;

// The names flags and SAGASHOP_* variables give them; scripts, tests and docs use these.
inline constexpr std::array<Choice<Target>, 5> kTargetChoices = {{{"all", Target::kAll},
                                                                  {"order", Target::kOrder},
                                                                  {"payment", Target::kPayment},
                                                                  {"inventory", Target::kInventory},
                                                                  {"delivery", Target::kDelivery}}};
inline constexpr std::array<Choice<Storage>, 2> kStorageChoices = {
    {{"sqlite", Storage::kSqlite}, {"postgres", Storage::kPostgres}}};
inline constexpr std::array<Choice<Bus>, 2> kBusChoices = {
    {{"inproc", Bus::kInproc}, {"kafka", Bus::kKafka}}};
inline constexpr std::array<Choice<Cache>, 2> kCacheChoices = {
    {{"memory", Cache::kMemory}, {"redis", Cache::kRedis}}};
inline constexpr std::array<Choice<LogLevel>, 5> kLogLevelChoices = {{{"trace", LogLevel::kTrace},
                                                                      {"debug", LogLevel::kDebug},
                                                                      {"info", LogLevel::kInfo},
                                                                      {"warn", LogLevel::kWarn},
                                                                      {"error", LogLevel::kError}}};
inline constexpr std::array<Choice<LogFormat>, 2> kLogFormatChoices = {
    {{"json", LogFormat::kJson}, {"text", LogFormat::kText}}};

inline std::string_view NameOf(Target value) {
  return NameOf<Target>(kTargetChoices, value);
}
inline std::string_view NameOf(Storage value) {
  return NameOf<Storage>(kStorageChoices, value);
}
inline std::string_view NameOf(Bus value) {
  return NameOf<Bus>(kBusChoices, value);
}
inline std::string_view NameOf(Cache value) {
  return NameOf<Cache>(kCacheChoices, value);
}
inline std::string_view NameOf(LogLevel value) {
  return NameOf<LogLevel>(kLogLevelChoices, value);
}
inline std::string_view NameOf(LogFormat value) {
  return NameOf<LogFormat>(kLogFormatChoices, value);
}

}  // namespace sagashop::app
