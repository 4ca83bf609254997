#include "platform/db/sqlite/sqlite_writer_gate.h"

namespace sagashop::db {

bool SqliteWriterGate::Enter(const std::shared_ptr<SqliteWriterGate>& gate,
                             std::chrono::steady_clock::time_point deadline, Turn& turn) {
  std::unique_lock lock(gate->mutex_);
  if (!gate->held_ && gate->waiters_.empty()) {
    gate->held_ = true;
    turn = Turn(gate);
    return true;
  }
  Waiter waiter;
  const auto place = gate->waiters_.insert(gate->waiters_.end(), &waiter);
  while (!waiter.granted) {
    if (waiter.wake.wait_until(lock, deadline) == std::cv_status::timeout && !waiter.granted) {
      gate->waiters_.erase(place);
      return false;
    }
  }
  turn = Turn(gate);
  return true;
}

void SqliteWriterGate::Leave() noexcept {
  std::lock_guard lock(mutex_);
  if (waiters_.empty()) {
    held_ = false;
    return;
  }
  // Handed over directly (held_ stays true), so a newcomer cannot jump the queue.
  Waiter* next = waiters_.front();
  waiters_.pop_front();
  next->granted = true;
  next->wake.notify_one();
}

}  // namespace sagashop::db
