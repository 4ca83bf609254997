#include "app/dead_letter_json.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <cctype>

#include "platform/core/base64.h"
#include "platform/core/utf8.h"
#include "platform/inbox/dead_letter_codec.h"

namespace sagashop::app {
namespace {

void PutBytes(boost::json::object& object, std::string_view name, std::string_view bytes) {
  if (IsStorableText(bytes)) {
    object[name] = bytes;
  } else {
    object[std::string(name) + "Base64"] = Base64Encode(bytes);
  }
}

boost::json::value OptionalString(const std::optional<std::string>& text) {
  return text ? boost::json::value(*text) : boost::json::value(nullptr);
}

}  // namespace

std::string StatusWord(inbox::DeadLetterStatus status) {
  std::string word(inbox::ToString(status));
  std::transform(word.begin(), word.end(), word.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return word;
}

std::optional<inbox::DeadLetterStatus> ParseStatusWord(std::string_view word) {
  for (const inbox::DeadLetterStatus status :
       {inbox::DeadLetterStatus::kParked, inbox::DeadLetterStatus::kReplayRequested,
        inbox::DeadLetterStatus::kReplayed}) {
    if (StatusWord(status) == word) return status;
  }
  return std::nullopt;
}

boost::json::object DeadLetterToJson(const inbox::DeadLetter& dead_letter) {
  boost::json::object object;
  object["id"] = dead_letter.Name();
  object["service"] = dead_letter.consumer;
  object["status"] = StatusWord(dead_letter.status);
  object["eventId"] = dead_letter.event_id;
  object["eventType"] = dead_letter.event_type;
  object["topic"] = dead_letter.topic;
  object["partition"] = dead_letter.partition;
  object["offset"] = dead_letter.offset;
  PutBytes(object, "key", dead_letter.key);
  PutBytes(object, "value", dead_letter.value);
  // The same form the database keeps them in.
  object["headers"] = boost::json::parse(inbox::HeadersToJson(dead_letter.headers));
  object["error"] = dead_letter.error;
  object["errorClass"] = dead_letter.error_class;
  object["attempts"] = dead_letter.attempts;
  object["parkedAt"] = dead_letter.parked_at;
  object["replayRequestedAt"] = OptionalString(dead_letter.replay_requested_at);
  object["replayedAt"] = OptionalString(dead_letter.replayed_at);
  return object;
}

}  // namespace sagashop::app
