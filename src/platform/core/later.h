#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

namespace sagashop {

// Runs work after a delay without holding a thread while it waits: the simulated latency and late
// answers of many calls wait on timers of one thread, and what follows each wait (a ledger write,
// an answer) runs on a small pool. Stopping cuts every wait short, so shutdown never waits out a
// ten-second delay. Thread-safe.
class Later {
 public:
  explicit Later(int work_threads);
  ~Later();  // Stop()s

  Later(const Later&) = delete;
  Later& operator=(const Later&) = delete;

  // Calls `then(true)` on a work thread once `delay` has passed, or `then(false)` as soon as the
  // waits are stopped (at once, on the caller's thread, when they were already).
  void After(std::chrono::microseconds delay, std::function<void(bool on_time)> then);

  // Ends every wait early (their `then(false)` run), waits for the work in progress; idempotent.
  void Stop();

 private:
  using Timer = boost::asio::steady_timer;

  boost::asio::io_context timers_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> keep_timers_;
  std::thread timer_thread_;
  boost::asio::thread_pool work_;
  std::set<std::shared_ptr<Timer>> waiting_;  // touched only on the timer thread

  std::mutex mutex_;
  bool stopped_ = false;
};

}  // namespace sagashop
