#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace sagashop {

// Runs `work` every `interval` on a thread of its own, the first time one interval after it was
// constructed, until Stop() or destruction; stopping wakes the thread at once and waits for a run
// in progress to finish. `work` must not throw: it decides itself what a failed run means.
class PeriodicTask {
 public:
  PeriodicTask(std::chrono::milliseconds interval, std::function<void()> work);
  ~PeriodicTask();

  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  void Stop();  // idempotent

 private:
  void Run();

  std::chrono::milliseconds interval_;
  std::function<void()> work_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once everything it uses is initialised
};

}  // namespace sagashop
