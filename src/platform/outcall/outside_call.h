#pragma once

#include <cstdint>
#include <string>

namespace sagashop::outcall {

// A call to the outside world that a service has decided to make (docs/contracts.md, rule 9: "no
// outside call inside a database transaction"; docs/outside-calls.md): written as an intent in the
// transaction that decides it, made after that commits, its answer applied in a transaction of its
// own.
struct NewOutsideCall {
  std::string kind;               // what to call, e.g. "CHARGE"; the service's handler knows them
  std::string idempotency_key;    // unique per call, ever; the provider sees it on every attempt
  std::int64_t ordering_key = 0;  // calls with one key run one at a time, in the order decided
  std::string request;            // what the call needs, as the service's handler reads it (JSON)
  std::string correlation_id;     // the saga it belongs to
  std::string trace_parent;       // the trace of what caused it; events it leads to continue it
};

// An intent claimed for an attempt.
struct OutsideCall : NewOutsideCall {
  std::int64_t id = 0;
  int attempts = 0;  // including the one being made
  // An earlier attempt may have reached the provider without an answer coming back.
  bool uncertain = false;
};

}  // namespace sagashop::outcall
