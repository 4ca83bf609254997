#pragma once

#include <boost/json/object.hpp>

#include "platform/inbox/dead_letter.h"

namespace sagashop::app {

// A dead letter as `sagashop dlt list --json` shows it: camelCase fields, key and value as text
// ("key", "value") or, when they are not UTF-8, as base64 ("keyBase64", "valueBase64"), headers
// as a list of {"key", "value"} in the order the dead-letter record carries them.
boost::json::object DeadLetterToJson(const inbox::DeadLetter& dead_letter);

// "parked", "replay_requested", "replayed": the status as the command line reads and writes it.
std::string StatusWord(inbox::DeadLetterStatus status);

}  // namespace sagashop::app
