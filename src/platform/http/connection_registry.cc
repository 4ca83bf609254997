#include "platform/http/connection_registry.h"

namespace sagashop::http {

void ConnectionRegistry::Add(std::uint64_t id, std::weak_ptr<Connection> connection) {
  std::lock_guard lock(mutex_);
  connections_.emplace(id, std::move(connection));
}

void ConnectionRegistry::Remove(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  connections_.erase(id);
  if (connections_.empty()) emptied_.notify_all();
}

std::vector<std::shared_ptr<Connection>> ConnectionRegistry::Live() const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<Connection>> live;
  for (const auto& [id, weak] : connections_) {
    if (auto connection = weak.lock()) live.push_back(std::move(connection));
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
