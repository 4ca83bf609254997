#include "platform/core/timestamp.h"

#include <charconv>
#include <cstdio>
#include <ctime>
#include <stdexcept>

namespace sagashop {
namespace {

int ParseDigits(std::string_view text, std::size_t pos, std::size_t count) {
  if (pos + count > text.size()) throw std::invalid_argument("timestamp too short");
  int value = 0;
  auto [end, error] = std::from_chars(text.data() + pos, text.data() + pos + count, value);
  if (error != std::errc() || end != text.data() + pos + count) {
    throw std::invalid_argument("bad digits in timestamp");
  }
  return value;
}

}  // namespace

std::string FormatRfc3339(SystemTime time) {
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(time.time_since_epoch());
  auto seconds = std::chrono::floor<std::chrono::seconds>(micros);
  const long fraction = static_cast<long>((micros - seconds).count());
  const std::time_t as_time_t = static_cast<std::time_t>(seconds.count());
  std::tm utc{};
  gmtime_r(&as_time_t, &utc);
  char buffer[96];  // sized for any int, so the compiler can prove no truncation
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, fraction);
  return buffer;
}

SystemTime ParseTimestamp(std::string_view text) {
  // YYYY-MM-DD[T ]HH:MM:SS[.f{1,9}](Z|+00|+00:00)
  if (text.size() < 19 || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != ' ') || text[13] != ':' || text[16] != ':') {
    throw std::invalid_argument("not an RFC 3339 timestamp: " + std::string(text));
  }
  std::tm utc{};
  utc.tm_year = ParseDigits(text, 0, 4) - 1900;
  utc.tm_mon = ParseDigits(text, 5, 2) - 1;
  utc.tm_mday = ParseDigits(text, 8, 2);
  utc.tm_hour = ParseDigits(text, 11, 2);
  utc.tm_min = ParseDigits(text, 14, 2);
  utc.tm_sec = ParseDigits(text, 17, 2);
  std::size_t pos = 19;
  long micros = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 6) micros = micros * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    for (; digits < 6; ++digits) micros *= 10;
  }
  const std::string_view zone = text.substr(pos);
  if (zone != "Z" && zone != "+00" && zone != "+00:00") {
    throw std::invalid_argument("timestamp is not in UTC: " + std::string(text));
  }
  const std::time_t seconds = timegm(&utc);
  return SystemTime(std::chrono::seconds(seconds)) + std::chrono::microseconds(micros);
}

std::string NormalizeTimestamp(std::string_view text) {
  return FormatRfc3339(ParseTimestamp(text));
}

}  // namespace sagashop
