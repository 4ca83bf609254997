#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "e2e/support/system_under_test.h"

namespace sagashop::testing {

// A thousand-order stream over every path a saga takes, as tests/e2e/saga places them: completed,
// payment declined, out of stock after payment, unknown product after payment, and undeliverable
// after the stock was reserved. Clients retry an order that got no answer under its own
// Idempotency-Key, as real clients would. Check() then asks the system about every order: each one
// ended as its path says, with each effect exactly once, the stock adds up and `verify` passes.
class OrderFlow {
 public:
  OrderFlow(SystemUnderTest& system, int orders) : system_(system), orders_(orders) {}

  void StockProducts();
  // Four clients place every order; returns once each one was answered.
  void Place();
  // Orders answered so far (any thread may watch it, e.g. to interrupt the flow at a point).
  int Answered() const { return answered_; }
  // Waits until every order is COMPLETED or CANCELED; false if that takes over `deadline`.
  bool AllEnded(std::chrono::seconds deadline);
  void Check();

 private:
  SystemUnderTest& system_;
  int orders_;
  std::atomic<int> answered_{0};
  std::mutex mutex_;
  std::map<int, std::int64_t> order_of_;  // order index -> order id
};

}  // namespace sagashop::testing
