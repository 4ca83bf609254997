#pragma once

#include <spdlog/common.h>

#include <chrono>
#include <string_view>

namespace sagashop::log {

// What both formatters write the same way.

// `text` as it is.
void Append(spdlog::memory_buf_t& dest, std::string_view text);

// "2024-05-01T12:00:00.123Z" (RFC 3339, UTC, milliseconds).
void AppendRfc3339Millis(std::chrono::system_clock::time_point time, spdlog::memory_buf_t& dest);

// trace, debug, info, warn, error, critical.
std::string_view LevelName(spdlog::level::level_enum level);

// `text` as a JSON string with its quotes; control characters escaped and bytes that are not
// well-formed UTF-8 replaced by U+FFFD, so that the result is always valid JSON.
void AppendJsonString(std::string_view text, spdlog::memory_buf_t& dest);

}  // namespace sagashop::log
