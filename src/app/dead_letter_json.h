#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "platform/inbox/dead_letter.h"

namespace sagashop::app {

// A dead letter as `sagashop dlt list --json` shows it: camelCase fields, key and value as text
// ("key", "value") or, when they are not UTF-8, as base64 ("keyBase64", "valueBase64"), headers
// as a list of {"key", "value"} in the order the dead-letter record carries them.
boost::json::object DeadLetterToJson(const inbox::DeadLetter& dead_letter);

// "parked", "replay_requested", "replayed": the status as the command line reads and writes it.
std::string StatusWord(inbox::DeadLetterStatus status);
// The status a word names; nullopt for any other word.
std::optional<inbox::DeadLetterStatus> ParseStatusWord(std::string_view word);

}  // namespace sagashop::app
