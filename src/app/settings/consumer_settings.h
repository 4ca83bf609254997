#pragma once

namespace sagashop::app {

// How each service consumes events: batches per transaction, and retries of an event that keeps
// failing for a reason of its own (exponential backoff with jitter from the first wait up to the
// max between attempts, then parked as a dead letter).
struct ConsumerSettings {
  int max_batch = 500;
  int max_wait_ms = 0;
  int max_attempts = 3;
  int retry_backoff_ms = 100;
  int retry_backoff_max_ms = 2000;

  // Throws std::invalid_argument naming the first bad setting.
  void Validate() const;
};

}  // namespace sagashop::app
