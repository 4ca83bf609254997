#pragma once

#include <string>

#include "platform/http/router.h"

namespace sagashop::http {

// Requests per second one authenticated subject may send to one server, by route class: reads
// (GET and HEAD) and writes (every other method), each with bursts of twice as many. They count
// on top of the per-address limit (ServerConfig::rate_limit_per_client): a customer behind a
// shared address is limited alone, and one token used from many addresses is limited as one.
struct SubjectRateLimits {
  double reads_per_second = 100;  // 0: reads are not limited per subject
  double writes_per_second = 10;  // 0: writes are not limited per subject
  // A token holding this scope is limited per address only: operators and automation acting for
  // many users at once (replays, benchmarks). Empty: no scope is exempt.
  std::string exempt_scope;

  bool Any() const { return reads_per_second > 0 || writes_per_second > 0; }
};

// `authenticate`, then each request it accepted taken from its subject's bucket for the route
// class; one over its limit is refused with 429, Retry-After and the RateLimit fields, before its
// handler runs. `authenticate` itself when `limits` limit nothing. Each call has buckets of its
// own: give each server its own.
Authenticator WithSubjectRateLimits(Authenticator authenticate, const SubjectRateLimits& limits);

}  // namespace sagashop::http
