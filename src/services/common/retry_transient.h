#pragma once

#include <chrono>
#include <thread>

#include "platform/core/backoff.h"

namespace sagashop::services {

// Calls `call` until it stops throwing `Unavailable`, at most `attempts` times with a short
// backoff, then lets the last error through. For the outside world's flaky moments (a gateway or
// carrier that times out now and then): retried in place they cost milliseconds, whereas failing
// the message would redeliver the consumer's whole batch.
template <typename Unavailable, typename Call>
auto RetryTransient(Call&& call, int attempts = 5) {
  Backoff backoff(std::chrono::milliseconds(5), std::chrono::milliseconds(100));
  for (int attempt = 1;; ++attempt) {
    try {
      return call();
    } catch (const Unavailable&) {
      if (attempt >= attempts) throw;
      std::this_thread::sleep_for(backoff.Next());
    }
  }
}

}  // namespace sagashop::services
