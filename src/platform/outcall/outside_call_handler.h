#pragma once

#include <optional>
#include <span>
#include <string>

#include "platform/core/call_outcome.h"
#include "platform/db/transaction.h"
#include "platform/outcall/outside_call.h"

namespace sagashop::outcall {

// What a service supplies for its calls to the outside world: how to make one, and what its answer
// changes. The dispatcher does everything around them (claiming, deadlines, retries, the breaker).
class OutsideCallHandler {
 public:
  virtual ~OutsideCallHandler() = default;

  // Starts the call described by `call` (its kind, request and idempotency key) and returns at
  // once; `done` is told the provider's answer, in a form ApplyResult reads back, exactly once.
  // Throwing counts as Unavailable.
  virtual void Perform(const OutsideCall& call, CallDone<std::string> done) = 0;

  // Applies an answer in the transaction that marks the call done: the service's state change
  // and the events it causes. Runs once per call, even when several attempts got an answer.
  virtual void ApplyResult(db::Transaction& tx, const OutsideCall& call,
                           const std::string& result) = 0;

  // A call and its answer, for ApplyResults.
  struct Answered {
    const OutsideCall* call = nullptr;
    const std::string* result = nullptr;
  };
  // ApplyResult for the answers of a batch at once, in the transaction that marked their calls
  // done (each call once). A service that can apply them with set-based statements overrides it.
  virtual void ApplyResults(db::Transaction& tx, std::span<const Answered> answers) {
    for (const Answered& answer : answers) ApplyResult(tx, *answer.call, *answer.result);
  }

  // After an attempt that got no answer, in the transaction that would schedule the next: the
  // service may end the call instead by returning an answer of its own, which is then applied as
  // the provider's would be (a shipment refused because its reservation has lapsed meanwhile).
  // Only asked when no attempt can have reached the provider (`call.uncertain` is false and the
  // last attempt was refused outright): giving up on a call the provider may have carried out
  // would lose that effect. By default a call is never given up.
  virtual std::optional<std::string> GiveUp(db::Transaction& /*tx*/, const OutsideCall& /*call*/) {
    return std::nullopt;
  }
};

// Adapts the `done` of Perform to a port's typed answer: the result becomes the text ApplyResult
// reads back through `encode`, and Unavailable passes through.
template <typename Result, typename Encode>
CallDone<Result> EncodedAnswer(CallDone<std::string> done, Encode encode) {
  return [done = std::move(done), encode](CallOutcome<Result> outcome) {
    if (const auto* result = std::get_if<Result>(&outcome)) {
      done(encode(*result));
    } else {
      done(std::get<Unavailable>(std::move(outcome)));
    }
  };
}

}  // namespace sagashop::outcall
