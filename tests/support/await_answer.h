#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <stdexcept>

#include "platform/core/call_outcome.h"

namespace sagashop::testing {

// Starts an asynchronous call to an outside-world port and waits for its answer, at most
// `deadline` (a call that never answers fails the test rather than hanging it).
template <typename Result, typename Start>
CallOutcome<Result> AwaitAnswer(Start start,
                                std::chrono::milliseconds deadline = std::chrono::seconds(30)) {
  auto answer = std::make_shared<std::promise<CallOutcome<Result>>>();
  std::future<CallOutcome<Result>> answered = answer->get_future();
  start([answer](CallOutcome<Result> outcome) { answer->set_value(std::move(outcome)); });
  if (answered.wait_for(deadline) != std::future_status::ready) {
    throw std::runtime_error("the call did not answer in time");
  }
  return answered.get();
}

// The result of an answered call; fails the test when it was Unavailable.
template <typename Result>
Result AnsweredResult(const CallOutcome<Result>& outcome) {
  if (const auto* unavailable = std::get_if<Unavailable>(&outcome)) {
    ADD_FAILURE() << "unavailable: " << unavailable->reason;
    return {};
  }
  return std::get<Result>(outcome);
}

}  // namespace sagashop::testing
