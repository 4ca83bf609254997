#include "platform/core/periodic_task.h"

#include "platform/log/log_scope.h"

namespace sagashop {

PeriodicTask::PeriodicTask(std::chrono::milliseconds interval, std::function<void()> work)
    : interval_(interval),
      work_(std::move(work)),
      thread_([this, context = log::CaptureLogContext()] {
        // Its lines name the service that started it.
        const log::LogScope scope(context);
        Run();
      }) {}

PeriodicTask::~PeriodicTask() {
  Stop();
}

void PeriodicTask::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PeriodicTask::Run() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    work_();
    lock.lock();
  }
}

}  // namespace sagashop
