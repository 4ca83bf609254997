#pragma once

#include <string>
#include <string_view>

namespace sagashop::bus {

// The moments between two steps at which a test may have a process die (issue: crash points).
enum class CrashPoint {
  kBeforePublish,  // the outbox rows are committed, the relay has not published them
  kAfterPublish,   // the bus acknowledged a batch, the relay has not marked it SENT
  kAfterConsume,   // the consumer's transaction committed, the offsets are not
  kMidBatch,       // half of a consumer batch is committed, the rest is not handled
};

// Die at the `nth` arrival at `point` (counted per process).
struct CrashPlan {
  CrashPoint point = CrashPoint::kBeforePublish;
  int nth = 1;

  // "before-publish", "after-publish", "after-consume" or "mid-batch", optionally ":<nth>".
  // Throws std::invalid_argument naming what is wrong.
  static CrashPlan Parse(std::string_view spec);
};

std::string_view NameOf(CrashPoint point);

}  // namespace sagashop::bus
