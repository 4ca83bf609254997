#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace sagashop::http {

class Connection;

// The server's open connections, so Stop() can reach them and wait for them to close. Connections
// add themselves when they start and remove themselves when destroyed, from any thread.
class ConnectionRegistry {
 public:
  void Add(std::uint64_t id, std::weak_ptr<Connection> connection);
  void Remove(std::uint64_t id);

  std::vector<std::shared_ptr<Connection>> Live() const;
  std::size_t Size() const;

  // True when every connection has gone before `deadline`.
  bool WaitUntilEmpty(std::chrono::steady_clock::time_point deadline);

 private:
  mutable std::mutex mutex_;
  std::condition_variable emptied_;
  std::map<std::uint64_t, std::weak_ptr<Connection>> connections_;
};

}  // namespace sagashop::http
