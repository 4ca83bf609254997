#include "platform/http/client_rate_limiter.h"

#include <algorithm>
#include <utility>
#include <vector>

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
  // Room for an eighth more at once, so that a stream of new addresses pays this scan once per
  // max_clients/8 of them rather than once each.
  const std::size_t room = std::max<std::size_t>(1, max_clients_ / 8);
  if (clients_.size() + room <= max_clients_) return;
  std::vector<std::pair<Clock::time_point, boost::asio::ip::address>> by_age;
  by_age.reserve(clients_.size());
  for (const auto& [client, entry] : clients_) by_age.emplace_back(entry.last_seen, client);
  const std::size_t forget = clients_.size() + room - max_clients_;
  std::nth_element(by_age.begin(), by_age.begin() + static_cast<std::ptrdiff_t>(forget - 1),
                   by_age.end());
  for (std::size_t i = 0; i < forget; ++i) clients_.erase(by_age[i].second);
}

}  // namespace sagashop::http
