#include "bench/open_loop_schedule.h"

#include <cmath>
#include <stdexcept>

namespace sagashop::bench {

OpenLoopSchedule::OpenLoopSchedule(Clock::time_point start, double rate)
    : start_(start), rate_(rate) {
  if (!(rate > 0)) throw std::invalid_argument("open-loop rate must be positive");
}

OpenLoopSchedule::Clock::time_point OpenLoopSchedule::DueTime(std::int64_t index) const {
  // Computed from the index, never by adding intervals, so rounding does not drift.
  const std::chrono::duration<double> offset(static_cast<double>(index) / rate_);
  return start_ + std::chrono::round<Clock::duration>(offset);
}

std::int64_t OpenLoopSchedule::DueWithin(Clock::duration elapsed) const {
  const double seconds = std::chrono::duration<double>(elapsed).count();
  if (seconds <= 0) return 0;
  return static_cast<std::int64_t>(std::ceil(seconds * rate_));
}

}  // namespace sagashop::bench
