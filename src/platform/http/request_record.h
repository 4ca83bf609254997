#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace sagashop::http {

// One observation of a request, for metrics and access logs. A request that reaches a handler is
// reported twice: kStarted when it has been read and is handed to a worker, kFinished when its
// response has been written. A request refused before routing (malformed, too large) is reported
// once, as kFinished. A connection closed at accept, over a connection limit, is reported once as
// kConnectionRefused, with no request. `in_flight` is the absolute count after the change, so a
// gauge set from it stays right whatever the phase sequence.
struct RequestRecord {
  enum class Phase { kStarted, kFinished, kConnectionRefused };
  enum class Refusal { kNone, kClientLimit, kServerLimit };

  Phase phase = Phase::kFinished;
  std::string route;   // the matched pattern, e.g. "/orders/{id}"; "" when no route matched
  std::string method;  // "" when the request line could not be parsed
  int status = 0;      // 0 while started
  std::chrono::nanoseconds duration{0};  // from the request being read to its response written
  int in_flight = 0;                     // requests being handled, after this change
  std::uint64_t connection_id = 0;       // which connection carried it, unique per server
  bool shed = false;  // answered 503 at once: max_queued_requests were waiting already
  Refusal refusal = Refusal::kNone;  // with kConnectionRefused: which limit
  bool rate_limited = false;         // answered 429 at once: its client was over its rate
};

// Called from the server's I/O threads, concurrently: it must be thread-safe and quick. An
// exception it throws is logged and swallowed.
using RequestObserver = std::function<void(const RequestRecord&)>;

}  // namespace sagashop::http
