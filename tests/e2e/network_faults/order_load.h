#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <set>
#include <thread>

#include "e2e/support/system_under_test.h"

namespace sagashop::testing {

// Orders placed one after another from a thread of its own while a test does something else (a
// fault): which were accepted (201) and how many were refused or timed out. A refused order is no
// loss, its client knows; an accepted one must complete.
class OrderLoad {
 public:
  explicit OrderLoad(SystemUnderTest& system,
                     std::chrono::milliseconds pause = std::chrono::milliseconds(100));
  ~OrderLoad();

  OrderLoad(const OrderLoad&) = delete;
  OrderLoad& operator=(const OrderLoad&) = delete;

  // Stops placing orders; returns once the order in flight has its answer.
  void Stop();
  std::set<std::int64_t> Accepted() const;
  int Refused() const { return refused_; }

 private:
  void Run(SystemUnderTest& system, std::chrono::milliseconds pause);

  std::atomic<bool> stop_{false};
  std::atomic<int> refused_{0};
  mutable std::mutex mutex_;
  std::set<std::int64_t> accepted_;
  std::thread thread_;
};

}  // namespace sagashop::testing
