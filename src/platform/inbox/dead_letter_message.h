#pragma once

#include <cstddef>
#include <exception>
#include <string>
#include <string_view>

#include "platform/bus/message.h"
#include "platform/inbox/dead_letter.h"

namespace sagashop::inbox {

// The headers a dead-letter record carries after the original ones. Every header whose name starts
// with "dlt_" belongs to the dead-letter machinery: they are dropped from the original headers
// before new ones are added, so a record never carries two of a kind.
namespace dlt_header {
inline constexpr std::string_view kPrefix = "dlt_";
inline constexpr std::string_view kError = "dlt_error";             // what the handler threw
inline constexpr std::string_view kErrorClass = "dlt_error_class";  // its C++ type
inline constexpr std::string_view kAttempts = "dlt_attempts";       // how often it was tried
inline constexpr std::string_view kConsumer = "dlt_consumer";       // the service that parked it
inline constexpr std::string_view kOriginalTopic = "dlt_original_topic";
inline constexpr std::string_view kOriginalPartition = "dlt_original_partition";
inline constexpr std::string_view kOriginalOffset = "dlt_original_offset";
inline constexpr std::string_view kTime = "dlt_time";  // when it was parked, RFC 3339
// On a replayed event, and on the record of one that failed again: the dead letter it replays.
inline constexpr std::string_view kReplayOf = "dlt_replay_of";
}  // namespace dlt_header

// Why a message is parked.
struct ParkingReason {
  std::string consumer;
  std::string error;
  std::string error_class;
  int attempts = 0;
  std::string time;  // RFC 3339
};

// The error text a record carries: at most 2000 bytes (handlers' messages are short, a quoted
// payload need not be), with bytes that are not text replaced.
std::string RecordedError(std::string_view error);

// The record for "<topic>.dlt": the original key, value and headers (minus any dlt_* ones), then
// the dlt_* headers naming the error, the attempts, the consumer, the source position and the time.
bus::OutgoingMessage BuildDeadLetterMessage(const bus::IncomingMessage& message,
                                            const ParkingReason& reason);

// The event as it goes back to its original topic: key, value and original headers as they were
// consumed, plus dlt_replay_of naming the dead letter.
bus::OutgoingMessage BuildReplayMessage(const DeadLetter& dead_letter);

// The dynamic C++ type of `error`, demangled ("std::invalid_argument").
std::string ErrorClassOf(const std::exception& error);

}  // namespace sagashop::inbox
