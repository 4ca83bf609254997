#include "platform/inbox/dead_letter.h"

#include <cctype>
#include <charconv>

namespace sagashop::inbox {

std::string_view ToString(DeadLetterStatus status) {
  switch (status) {
    case DeadLetterStatus::kParked:
      return "PARKED";
    case DeadLetterStatus::kReplayRequested:
      return "REPLAY_REQUESTED";
    case DeadLetterStatus::kReplayed:
      return "REPLAYED";
  }
  return "PARKED";
}

std::optional<DeadLetterStatus> ParseDeadLetterStatus(std::string_view text) {
  for (const DeadLetterStatus status :
       {DeadLetterStatus::kParked, DeadLetterStatus::kReplayRequested,
        DeadLetterStatus::kReplayed}) {
    if (ToString(status) == text) return status;
  }
  return std::nullopt;
}

std::optional<DeadLetterName> ParseDeadLetterName(std::string_view name) {
  const auto dash = name.rfind('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 == name.size()) return std::nullopt;
  DeadLetterName parsed{std::string(name.substr(0, dash)), 0};
  for (const char c : parsed.consumer) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_') return std::nullopt;
  }
  const std::string_view digits = name.substr(dash + 1);
  const auto [end, error] =
      std::from_chars(digits.data(), digits.data() + digits.size(), parsed.id);
  if (error != std::errc() || end != digits.data() + digits.size() || parsed.id <= 0) {
    return std::nullopt;
  }
  return parsed;
}

}  // namespace sagashop::inbox
