#include "outside_world/pauses.h"

namespace sagashop::outside_world {

bool Pauses::Wait(std::chrono::microseconds duration) {
  std::unique_lock lock(mutex_);
  if (duration.count() <= 0) return !stopped_;
  return !stopped_changed_.wait_for(lock, duration, [this] { return stopped_; });
}

void Pauses::StopAll() {
  {
    std::lock_guard lock(mutex_);
    stopped_ = true;
  }
  stopped_changed_.notify_all();
}

}  // namespace sagashop::outside_world
