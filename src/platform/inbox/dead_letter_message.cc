#include "platform/inbox/dead_letter_message.h"

#include <cxxabi.h>

#include <cstdlib>
#include <memory>
#include <typeinfo>

#include "platform/core/utf8.h"

namespace sagashop::inbox {
namespace {

bool IsDeadLetterHeader(const bus::Header& header) {
  return header.key.starts_with(dlt_header::kPrefix);
}

void AppendOriginalHeaders(const std::vector<bus::Header>& from, std::vector<bus::Header>& to) {
  for (const bus::Header& header : from) {
    if (!IsDeadLetterHeader(header)) to.push_back(header);
  }
}

}  // namespace

bus::OutgoingMessage BuildDeadLetterMessage(const bus::IncomingMessage& message,
                                            const ParkingReason& reason) {
  bus::OutgoingMessage parked{
      .topic = message.topic + ".dlt", .key = message.key, .value = message.value, .headers = {}};
  AppendOriginalHeaders(message.headers, parked.headers);
  parked.headers.push_back({std::string(dlt_header::kError), RecordedError(reason.error)});
  parked.headers.push_back({std::string(dlt_header::kErrorClass), reason.error_class});
  parked.headers.push_back({std::string(dlt_header::kAttempts), std::to_string(reason.attempts)});
  parked.headers.push_back({std::string(dlt_header::kConsumer), reason.consumer});
  parked.headers.push_back({std::string(dlt_header::kOriginalTopic), message.topic});
  parked.headers.push_back(
      {std::string(dlt_header::kOriginalPartition), std::to_string(message.partition)});
  parked.headers.push_back(
      {std::string(dlt_header::kOriginalOffset), std::to_string(message.offset)});
  parked.headers.push_back({std::string(dlt_header::kTime), reason.time});
  // The event was a replay that failed again: keep the trail to the dead letter it came from.
  if (const auto replay_of = message.FindHeader(dlt_header::kReplayOf)) {
    parked.headers.push_back({std::string(dlt_header::kReplayOf), std::string(*replay_of)});
  }
  return parked;
}

std::string RecordedError(std::string_view error) {
  constexpr std::size_t kMaxErrorBytes = 2000;
  return ToStorableText(error.substr(0, kMaxErrorBytes));
}

bus::OutgoingMessage BuildReplayMessage(const DeadLetter& dead_letter) {
  bus::OutgoingMessage replay{.topic = dead_letter.topic,
                              .key = dead_letter.key,
                              .value = dead_letter.value,
                              .headers = {}};
  AppendOriginalHeaders(dead_letter.headers, replay.headers);
  replay.headers.push_back({std::string(dlt_header::kReplayOf), dead_letter.Name()});
  return replay;
}

std::string ErrorClassOf(const std::exception& error) {
  const char* mangled = typeid(error).name();
  int status = 0;
  const std::unique_ptr<char, decltype(&std::free)> demangled(
      abi::__cxa_demangle(mangled, nullptr, nullptr, &status), &std::free);
  return status == 0 && demangled ? std::string(demangled.get()) : std::string(mangled);
}

}  // namespace sagashop::inbox
