#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <thread>

namespace sagashop {

// Runs functions after a delay on one thread of its own, holding no thread while they wait: what a
// simulated remote call needs to answer later, with thousands waiting at once. Destruction waits
// for the functions still pending to run, so a callback promised to a caller is never lost.
class DelayedCalls {
 public:
  DelayedCalls();
  ~DelayedCalls();

  DelayedCalls(const DelayedCalls&) = delete;
  DelayedCalls& operator=(const DelayedCalls&) = delete;

  // Thread-safe. `call` must not throw.
  void After(std::chrono::microseconds delay, std::function<void()> call);

 private:
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::thread thread_;
};

}  // namespace sagashop
