#include "bench/progress_line.h"

#include <iomanip>

namespace sagashop::bench {

ProgressLine::ProgressLine(std::ostream& out, bool enabled, const LiveCounters& live,
                           const std::atomic<std::int64_t>& pending, std::chrono::seconds warmup,
                           std::chrono::seconds duration)
    : out_(out),
      enabled_(enabled),
      live_(live),
      pending_(pending),
      warmup_(warmup),
      duration_(duration) {
  if (!enabled_) return;
  thread_ = std::thread([this] {
    const auto start = std::chrono::steady_clock::now();
    std::unique_lock lock(mutex_);
    while (!stop_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_; })) {
      Draw(std::chrono::steady_clock::now() - start);
    }
  });
}

ProgressLine::~ProgressLine() {
  if (!enabled_) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_.notify_one();
  thread_.join();
  out_ << "\n" << std::flush;
}

void ProgressLine::Draw(std::chrono::steady_clock::duration elapsed) {
  const double seconds = std::chrono::duration<double>(elapsed).count();
  const char* phase = "draining";
  if (seconds < static_cast<double>(warmup_.count())) {
    phase = "warm-up";
  } else if (seconds < static_cast<double>((warmup_ + duration_).count())) {
    phase = "measuring";
  }
  out_ << "\r  " << std::fixed << std::setprecision(0) << std::setw(5) << seconds << " s  "
       << std::left << std::setw(10) << phase << std::right << "sent " << live_.sent
       << "  accepted " << live_.accepted << "  errors " << live_.errors;
  const std::int64_t pending = pending_.load();
  if (pending >= 0) out_ << "  sagas running " << pending;
  out_ << "   " << std::defaultfloat << std::flush;
}

}  // namespace sagashop::bench
