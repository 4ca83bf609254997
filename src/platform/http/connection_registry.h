#pragma once

#include <boost/asio/ip/address.hpp>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace sagashop::http {

class Connection;

// The server's open connections, so Stop() can reach them and wait for them to close, and so that
// a new one can be refused when a client, or the server, has as many as it may. Connections add
// themselves when they start and remove themselves when destroyed, from any thread.
class ConnectionRegistry {
 public:
  enum class Admission { kAdmitted, kClientAtLimit, kServerAtLimit };

  // Whether one more connection from `client` fits: fewer than `per_client` open from it and
  // fewer than `total` in all. Only removals run concurrently with the acceptor that asks and
  // then adds, so a yes stays true until it adds.
  Admission Admits(const boost::asio::ip::address& client, std::size_t per_client,
                   std::size_t total) const;

  void Add(std::uint64_t id, std::weak_ptr<Connection> connection,
           const boost::asio::ip::address& client);
  void Remove(std::uint64_t id);

  std::vector<std::shared_ptr<Connection>> Live() const;
  std::size_t Size() const;

  // True when every connection has gone before `deadline`.
  bool WaitUntilEmpty(std::chrono::steady_clock::time_point deadline);

 private:
  struct Entry {
    std::weak_ptr<Connection> connection;
    boost::asio::ip::address client;
  };

  mutable std::mutex mutex_;
  std::condition_variable emptied_;
  std::map<std::uint64_t, Entry> connections_;
  std::map<boost::asio::ip::address, std::size_t> per_client_;  // open connections by address
};

}  // namespace sagashop::http
