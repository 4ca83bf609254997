#include "platform/http/client_rate_limiter.h"

#include <algorithm>

namespace sagashop::http {

ClientRateLimiter::ClientRateLimiter(double per_second, double burst, std::size_t max_clients)
    : per_second_(per_second), burst_(burst), max_clients_(std::max<std::size_t>(max_clients, 1)) {}

ClientRateLimiter::Decision ClientRateLimiter::Take(const boost::asio::ip::address& client,
                                                    Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto found = clients_.find(client);
  if (found == clients_.end()) {
    MakeRoom(now);
    found = clients_.emplace(client, Entry{TokenBucket(per_second_, burst_, now), now}).first;
  }
  Entry& entry = found->second;
  entry.last_seen = now;
  Decision decision;
  decision.allowed = entry.bucket.TryTake(now);
  decision.remaining = entry.bucket.Remaining();
  if (!decision.allowed) decision.retry_after = entry.bucket.UntilNextToken();
  return decision;
}

void ClientRateLimiter::MakeRoom(Clock::time_point now) {
  if (clients_.size() < max_clients_) return;
  std::erase_if(clients_, [now](const auto& client) { return client.second.bucket.IsFull(now); });
  if (clients_.size() < max_clients_) return;
  const auto oldest = std::min_element(
      clients_.begin(), clients_.end(),
      [](const auto& a, const auto& b) { return a.second.last_seen < b.second.last_seen; });
  clients_.erase(oldest);
}

}  // namespace sagashop::http
