#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <ostream>
#include <thread>

#include "bench/load_driver.h"

namespace sagashop::bench {

// A line redrawn once a second while a run goes on, on a terminal only: the phase, orders sent
// and accepted, errors, and the sagas still running once sending is over.
class ProgressLine {
 public:
  ProgressLine(std::ostream& out, bool enabled, const LiveCounters& live,
               const std::atomic<std::int64_t>& pending, std::chrono::seconds warmup,
               std::chrono::seconds duration);
  ~ProgressLine();

  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

 private:
  void Draw(std::chrono::steady_clock::duration elapsed);

  std::ostream& out_;
  bool enabled_;
  const LiveCounters& live_;
  const std::atomic<std::int64_t>& pending_;
  std::chrono::seconds warmup_;
  std::chrono::seconds duration_;
  std::mutex mutex_;
  std::condition_variable stop_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace sagashop::bench
