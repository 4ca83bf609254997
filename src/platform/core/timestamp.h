#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace sagashop {

using SystemTime = std::chrono::system_clock::time_point;

// RFC 3339 in UTC with microseconds and a 'Z' ("2026-11-25T01:31:08.123456Z"). Fixed width, so the
// text sorts like the time it names — SQLite compares these as strings.
std::string FormatRfc3339(SystemTime time);
inline std::string NowRfc3339() {
  return FormatRfc3339(std::chrono::system_clock::now());
}

// Accepts what FormatRfc3339 writes and what PostgreSQL prints for a timestamptz in UTC
// ("2026-11-25 01:31:08.123456+00"), and returns the RFC 3339 form. Throws std::invalid_argument
// for another form or a date that does not exist, std::out_of_range (also an std::logic_error, not
// an invalid_argument) for a time SystemTime cannot hold: before 1677-09-21 or after 2262-04-11.
SystemTime ParseTimestamp(std::string_view text);
std::string NormalizeTimestamp(std::string_view text);
// NormalizeTimestamp for a bound of a range ("created since"): a time beyond what SystemTime holds
// becomes the earliest or latest it does, which bounds stored times the same way. Throws
// std::invalid_argument as ParseTimestamp does.
std::string NormalizeTimestampBound(std::string_view text);

}  // namespace sagashop
