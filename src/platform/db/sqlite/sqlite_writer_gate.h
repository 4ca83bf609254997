#pragma once

#include <chrono>
#include <condition_variable>
#include <list>
#include <memory>
#include <mutex>
#include <utility>

namespace sagashop::db {

// The writer's turn on one database file, for the threads of this process. First come, first
// served: a thread that leaves hands the turn straight to the longest waiter, so no writer
// starves and none spins on SQLite's busy timeout. The turn may be given back from any thread.
class SqliteWriterGate {
 public:
  // The turn, held while this lives. Move-only.
  class Turn {
   public:
    Turn() = default;
    explicit Turn(std::shared_ptr<SqliteWriterGate> gate) : gate_(std::move(gate)) {}
    Turn(Turn&&) noexcept = default;
    Turn& operator=(Turn&& other) noexcept {
      if (this != &other) {
        Release();
        gate_ = std::move(other.gate_);
      }
      return *this;
    }
    Turn(const Turn&) = delete;
    Turn& operator=(const Turn&) = delete;
    ~Turn() { Release(); }

    void Release() noexcept {
      if (gate_) std::exchange(gate_, nullptr)->Leave();
    }

   private:
    std::shared_ptr<SqliteWriterGate> gate_;
  };

  // Waits for the turn until `deadline`; false when it did not come in time.
  static bool Enter(const std::shared_ptr<SqliteWriterGate>& gate,
                    std::chrono::steady_clock::time_point deadline, Turn& turn);

 private:
  struct Waiter {
    std::condition_variable wake;
    bool granted = false;
  };

  void Leave() noexcept;

  std::mutex mutex_;
  bool held_ = false;
  std::list<Waiter*> waiters_;  // oldest first
};

}  // namespace sagashop::db
