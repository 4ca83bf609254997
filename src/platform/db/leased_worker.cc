#include "platform/db/leased_worker.h"

#include <spdlog/spdlog.h>

#include "platform/core/backoff.h"
#include "platform/log/log_scope.h"

namespace sagashop::db {

void LeasedWorker::Start() {
  const std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this, context = log::CaptureLogContext()] {
    const log::LogScope scope(context);  // its lines name the service that started it
    Run();
  });
}

void LeasedWorker::Stop() {
  bool was_running = false;
  {
    const std::lock_guard lock(mutex_);
    was_running = thread_.joinable() && !stopping_;
    stopping_ = true;
  }
  stop_signal_.notify_all();
  if (was_running) {
    // The worker may be waiting on its channel; an empty transaction that notifies wakes it now
    // instead of at the end of its wait.
    try {
      std::unique_ptr<Transaction> tx = database_.Begin();
      tx->Notify(config_.channel);
      tx->Commit();
    } catch (const std::exception&) {
      // Without the database the worker is not blocked on it either; it stops on its next check.
    }
  }
  if (thread_.joinable()) thread_.join();
}

bool LeasedWorker::PauseFor(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return !stop_signal_.wait_for(lock, timeout, [this] { return stopping_; });
}

void LeasedWorker::Run() {
  Backoff backoff(config_.error_backoff_initial, config_.error_backoff_max);
  while (PauseFor(std::chrono::milliseconds(0))) {
    try {
      std::unique_ptr<LeaderLease> lease = database_.TryAcquireLeadership(config_.role);
      if (!lease) {
        if (!PauseFor(config_.standby_retry)) break;
        continue;
      }
      spdlog::info("{} is active", config_.name);
      leading_ = true;
      RunWhileLeader(*lease);
      leading_ = false;
      backoff.Reset();
    } catch (const std::exception& error) {
      leading_ = false;
      spdlog::warn("{}: {}", config_.name, error.what());
      if (!PauseFor(backoff.Next())) break;
    }
  }
  leading_ = false;
}

void LeasedWorker::RunWhileLeader(LeaderLease& lease) {
  std::unique_ptr<NotificationListener> listener = database_.Listen(config_.channel);
  Backoff backoff(config_.error_backoff_initial, config_.error_backoff_max);
  while (lease.StillHeld()) {
    if (!PauseFor(std::chrono::milliseconds(0))) return;
    std::chrono::milliseconds wait{0};
    try {
      wait = round_();
      backoff.Reset();
    } catch (const std::exception& error) {
      // The bus or the database is unavailable: the work stays where it is and is retried.
      spdlog::warn("{}: {}", config_.name, error.what());
      if (!PauseFor(backoff.Next())) return;
      continue;
    }
    if (wait.count() > 0) listener->WaitForNotification(wait);
  }
  spdlog::warn("{} lost its lease", config_.name);
}

}  // namespace sagashop::db
