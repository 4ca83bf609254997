#pragma once

#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "platform/bus/event_bus.h"

namespace sagashop::testing {

// A fault seam around a real publisher: it forwards every batch until told to crash; then it
// forwards one more batch, which the bus acknowledges, and throws as if the relay's process died
// before it could mark those rows SENT. From then on it forwards nothing.
class CrashingPublisher final : public bus::Publisher {
 public:
  explicit CrashingPublisher(std::unique_ptr<bus::Publisher> real) : real_(std::move(real)) {}

  void CrashAfterNextBatch() {
    std::lock_guard lock(mutex_);
    armed_ = true;
  }

  bool Crashed() const {
    std::lock_guard lock(mutex_);
    return crashed_;
  }

  // The event ids (ce_id) of the batch that reached the bus just before the crash.
  std::vector<std::string> LastBatchBeforeCrash() const {
    std::lock_guard lock(mutex_);
    return last_batch_;
  }

  std::size_t PublishBatch(std::span<const bus::OutgoingMessage> messages) override {
    std::lock_guard lock(mutex_);
    if (crashed_) throw bus::BusError("crashed: this relay is gone");
    const std::size_t acknowledged = real_->PublishBatch(messages);
    if (!armed_) return acknowledged;
    for (std::size_t i = 0; i < acknowledged; ++i) {
      for (const bus::Header& header : messages[i].headers) {
        if (header.key == "ce_id") last_batch_.push_back(header.value);
      }
    }
    crashed_ = true;
    throw bus::BusError("crashed after the bus acknowledged " + std::to_string(acknowledged) +
                        " events");
  }

 private:
  std::unique_ptr<bus::Publisher> real_;
  mutable std::mutex mutex_;
  bool armed_ = false;
  bool crashed_ = false;
  std::vector<std::string> last_batch_;
};

}  // namespace sagashop::testing
