#pragma once

#include <spdlog/details/log_msg.h>
#include <spdlog/formatter.h>

#include <chrono>
#include <string>
#include <string_view>

namespace sagashop::log::testing {

// What `formatter` writes for one message, as spdlog would hand it over.
inline std::string FormatLine(
    spdlog::formatter& formatter, std::string_view message,
    spdlog::level::level_enum level = spdlog::level::info,
    std::chrono::system_clock::time_point time =
        std::chrono::system_clock::time_point(std::chrono::milliseconds(1714564800123))) {
  spdlog::details::log_msg msg(time, spdlog::source_loc{}, "test", level,
                               spdlog::string_view_t(message.data(), message.size()));
  spdlog::memory_buf_t buffer;
  formatter.format(msg, buffer);
  return std::string(buffer.data(), buffer.size());
}

}  // namespace sagashop::log::testing
