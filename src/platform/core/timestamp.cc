#include "platform/core/timestamp.h"

#include <charconv>
#include <cstdint>
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

namespace {

bool IsLeapYear(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// A parsed timestamp: whole seconds since the epoch (any year 0000-9999) and the microseconds.
struct ParsedTime {
  std::int64_t seconds = 0;
  long micros = 0;
};

ParsedTime ParseTime(std::string_view text) {
  // YYYY-MM-DD[T ]HH:MM:SS[.f{1,9}](Z|+00|+00:00)
  if (text.size() < 19 || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != ' ') || text[13] != ':' || text[16] != ':') {
    throw std::invalid_argument("not an RFC 3339 timestamp: " + std::string(text));
  }
  std::tm utc{};
  const int year = ParseDigits(text, 0, 4);
  const int month = ParseDigits(text, 5, 2);
  const int day = ParseDigits(text, 8, 2);
  utc.tm_year = year - 1900;
  utc.tm_mon = month - 1;
  utc.tm_mday = day;
  utc.tm_hour = ParseDigits(text, 11, 2);
  utc.tm_min = ParseDigits(text, 14, 2);
  utc.tm_sec = ParseDigits(text, 17, 2);
  // timegm would roll "2026-02-30" over into March: a date that does not exist is refused. A
  // second of 60 is RFC 3339's leap second.
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month) || utc.tm_hour > 23 ||
      utc.tm_min > 59 || utc.tm_sec > 60) {
    throw std::invalid_argument("no such date or time: " + std::string(text));
  }
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
    if (digits == 0) throw std::invalid_argument("no digits after '.': " + std::string(text));
    for (; digits < 6; ++digits) micros *= 10;
  }
  const std::string_view zone = text.substr(pos);
  if (zone != "Z" && zone != "+00" && zone != "+00:00") {
    throw std::invalid_argument("timestamp is not in UTC: " + std::string(text));
  }
  return {.seconds = static_cast<std::int64_t>(timegm(&utc)), .micros = micros};
}

// SystemTime counts nanoseconds in 64 bits: from 1677-09-21 to 2262-04-11.
constexpr std::int64_t kEarliestSecond =
    std::chrono::duration_cast<std::chrono::seconds>(SystemTime::min().time_since_epoch()).count() +
    1;
constexpr std::int64_t kLatestSecond =
    std::chrono::duration_cast<std::chrono::seconds>(SystemTime::max().time_since_epoch()).count() -
    1;

SystemTime ToSystemTime(const ParsedTime& parsed) {
  return SystemTime(std::chrono::duration_cast<SystemTime::duration>(
      std::chrono::seconds(parsed.seconds) + std::chrono::microseconds(parsed.micros)));
}

}  // namespace

SystemTime ParseTimestamp(std::string_view text) {
  const ParsedTime parsed = ParseTime(text);
  if (parsed.seconds < kEarliestSecond || parsed.seconds > kLatestSecond) {
    throw std::out_of_range("timestamp outside 1677-09-21 to 2262-04-11: " + std::string(text));
  }
  return ToSystemTime(parsed);
}

std::string NormalizeTimestampBound(std::string_view text) {
  const ParsedTime parsed = ParseTime(text);
  if (parsed.seconds < kEarliestSecond) return FormatRfc3339(ToSystemTime({kEarliestSecond, 0}));
  if (parsed.seconds > kLatestSecond) return FormatRfc3339(ToSystemTime({kLatestSecond, 0}));
  return FormatRfc3339(ToSystemTime(parsed));
}

std::string NormalizeTimestamp(std::string_view text) {
  return FormatRfc3339(ParseTimestamp(text));
}

}  // namespace sagashop
