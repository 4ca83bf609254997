#include "platform/http/rate_limiter.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace sagashop::http {

RateLimiter::RateLimiter(double per_second, double burst, std::size_t max_keys)
    : per_second_(per_second), burst_(burst), max_keys_(std::max<std::size_t>(max_keys, 1)) {}

RateLimiter::Decision RateLimiter::Take(std::string_view key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto found = entries_.find(key);
  if (found == entries_.end()) {
    MakeRoom(now);
    found =
        entries_.emplace(std::string(key), Entry{TokenBucket(per_second_, burst_, now), now}).first;
  }
  Entry& entry = found->second;
  entry.last_seen = now;
  Decision decision;
  decision.allowed = entry.bucket.TryTake(now);
  decision.remaining = entry.bucket.Remaining();
  if (!decision.allowed) decision.retry_after = entry.bucket.UntilNextToken();
  return decision;
}

void RateLimiter::MakeRoom(Clock::time_point now) {
  if (entries_.size() < max_keys_) return;
  std::erase_if(entries_, [now](const auto& entry) { return entry.second.bucket.IsFull(now); });
  // Room for an eighth more at once, so that a stream of new keys pays this scan once per
  // max_keys/8 of them rather than once each.
  const std::size_t room = std::max<std::size_t>(1, max_keys_ / 8);
  if (entries_.size() + room <= max_keys_) return;
  std::vector<std::pair<Clock::time_point, std::string>> by_age;
  by_age.reserve(entries_.size());
  for (const auto& [key, entry] : entries_) by_age.emplace_back(entry.last_seen, key);
  const std::size_t forget = entries_.size() + room - max_keys_;
  std::nth_element(by_age.begin(), by_age.begin() + static_cast<std::ptrdiff_t>(forget - 1),
                   by_age.end());
  for (std::size_t i = 0; i < forget; ++i) entries_.erase(by_age[i].second);
}

}  // namespace sagashop::http
