#pragma once

namespace sagashop::app {

// How each service's outbox relay publishes its events.
struct OutboxSettings {
  int batch_size = 500;
  // The timer fallback of the outbox relay, the dead-letter replayer and the outside calls.
  int poll_ms = 1000;

  // Throws std::invalid_argument naming the first bad setting.
  void Validate() const;
};

}  // namespace sagashop::app
