#pragma once

#include <chrono>
#include <future>
#include <memory>
#include <stdexcept>

#include "platform/core/call_outcome.h"

namespace sagashop::testing {

// Waits for the answer of one asynchronous port call started by `start(done)`. A call that never
// answers fails the test after `deadline` instead of hanging it.
template <typename Result, typename Start>
CallOutcome<Result> AwaitOutcome(Start&& start,
                                 std::chrono::milliseconds deadline = std::chrono::seconds(60)) {
  auto answer = std::make_shared<std::promise<CallOutcome<Result>>>();
  std::future<CallOutcome<Result>> answered = answer->get_future();
  start([answer](CallOutcome<Result> outcome) { answer->set_value(std::move(outcome)); });
  if (answered.wait_for(deadline) != std::future_status::ready) {
    throw std::runtime_error("the call was not answered");
  }
  return answered.get();
}

}  // namespace sagashop::testing
