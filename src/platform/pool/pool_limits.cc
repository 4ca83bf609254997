#include "platform/pool/pool_limits.h"

#include <algorithm>

namespace sagashop::pool {

std::chrono::milliseconds SweepInterval(const PoolLimits& limits) {
  const PoolLimits::Duration shorter = std::min(limits.max_lifetime, limits.max_idle_time);
  const auto half = std::chrono::duration_cast<std::chrono::milliseconds>(shorter / 2);
  return std::clamp(half, std::chrono::milliseconds(50),
                    std::chrono::milliseconds(std::chrono::seconds(30)));
}

std::string ExhaustedReason(std::chrono::steady_clock::duration allowed, int max_open) {
  const auto allowed_ms = std::chrono::round<std::chrono::milliseconds>(allowed);
  return "no connection available within " + std::to_string(allowed_ms.count()) + " ms (all " +
         std::to_string(max_open) + " in use)";
}

}  // namespace sagashop::pool
