#pragma once

#include <chrono>
#include <functional>
#include <thread>

namespace sagashop::testing {

// Polls `condition` until it holds or `deadline` passes; tests wait for facts, not for time.
inline bool Eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds deadline = std::chrono::seconds(30),
                       std::chrono::milliseconds poll = std::chrono::milliseconds(20)) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < until) {
    if (condition()) return true;
    std::this_thread::sleep_for(poll);
  }
  return condition();
}

}  // namespace sagashop::testing
