#pragma once

#include <functional>
#include <string>
#include <variant>

namespace sagashop {

// The outside world (a payment provider, a carrier) could not be reached, or answered with a
// temporary error: the call may or may not have taken effect there, and retrying it under the same
// idempotency key is safe. A business answer (a decline, a refusal) is a value, never this.
struct Unavailable {
  std::string reason;
  // False only when the provider certainly did nothing (it refused the call, e.g. 503, or it was
  // never sent); a timeout or a broken connection may have left the call done there.
  bool may_have_taken_effect = true;
};

// What an asynchronous call to the outside world answers: its result, or that it is unavailable.
template <typename Result>
using CallOutcome = std::variant<Result, Unavailable>;

// Told a call's outcome exactly once, on whatever thread the adapter answers on. Must be quick
// and must not throw.
template <typename Result>
using CallDone = std::function<void(CallOutcome<Result>)>;

}  // namespace sagashop
