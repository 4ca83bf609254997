#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "e2e/support/system_under_test.h"

namespace sagashop::testing {

// Clients placing orders through an interruption (a crash, a stop) as real clients would: each
// order is an intent with its own Idempotency-Key, and what got no answer is sent again with the
// same key once the system is back. Then every intent must be exactly one completed order with
// one payment, one committed reservation and one delivery, the stock must add up and
// `sagashop verify` must pass.
class OrderStorm {
 public:
  OrderStorm(SystemUnderTest& system, int orders) : system_(system), orders_(orders) {}

  // Puts the products the intents order on the shelf.
  void StockProducts();

  // Four clients send the intents. After each answer `interrupted(answers so far)` is called
  // (from any client thread); once it returns true, clients stop sending, and whatever was not
  // answered is left for Resend(). Returns when every client is done.
  void Send(const std::function<bool(int answered)>& interrupted);

  // After the system is back: sends the unanswered intents again under their keys, waits for
  // every order to complete and checks every effect happened exactly once.
  void ResendAndCheck();

  int Unanswered() const { return static_cast<int>(unanswered_.size()); }

 private:
  SystemUnderTest& system_;
  int orders_;
  std::mutex mutex_;
  std::map<int, std::int64_t> order_of_;  // intent -> order id
  std::set<int> unanswered_;
};

}  // namespace sagashop::testing
