#include "platform/http/connection_registry.h"

namespace sagashop::http {

ConnectionRegistry::Admission ConnectionRegistry::Admits(const boost::asio::ip::address& client,
                                                         std::size_t per_client,
                                                         std::size_t total) const {
  std::lock_guard lock(mutex_);
  if (connections_.size() >= total) return Admission::kServerAtLimit;
  const auto found = per_client_.find(client);
  if (found != per_client_.end() && found->second >= per_client) return Admission::kClientAtLimit;
  return Admission::kAdmitted;
}

void ConnectionRegistry::Add(std::uint64_t id, std::weak_ptr<Connection> connection,
                             const boost::asio::ip::address& client) {
  std::lock_guard lock(mutex_);
  if (connections_.emplace(id, Entry{std::move(connection), client}).second) ++per_client_[client];
}

void ConnectionRegistry::Remove(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  const auto found = connections_.find(id);
  if (found == connections_.end()) return;
  const auto client = per_client_.find(found->second.client);
  if (client != per_client_.end() && --client->second == 0) per_client_.erase(client);
  connections_.erase(found);
  if (connections_.empty()) emptied_.notify_all();
}

std::vector<std::shared_ptr<Connection>> ConnectionRegistry::Live() const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<Connection>> live;
  for (const auto& [id, entry] : connections_) {
    if (auto connection = entry.connection.lock()) live.push_back(std::move(connection));
  }
  return live;
}

std::size_t ConnectionRegistry::Size() const {
  std::lock_guard lock(mutex_);
  return connections_.size();
}

bool ConnectionRegistry::WaitUntilEmpty(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  return emptied_.wait_until(lock, deadline, [this] { return connections_.empty(); });
}

}  // namespace sagashop::http
