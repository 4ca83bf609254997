#pragma once

#include <boost/asio/ip/address.hpp>
#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>

#include "platform/core/token_bucket.h"

namespace sagashop::http {

// Requests per client address, a token bucket each (docs/operations.md, "Admission"): a client
// over its rate is refused while every other client goes on. Remembers at most `max_clients`
// addresses: when full, it forgets those whose bucket has refilled (they are as good as new), and
// if that frees too little, the eighth seen longest ago. Thread-safe.
class ClientRateLimiter {
 public:
  using Clock = TokenBucket::Clock;

  struct Decision {
    bool allowed = true;
    Clock::duration retry_after{};  // when refused: until the client has a token again
    double remaining = 0;           // tokens left for the client
  };

  ClientRateLimiter(double per_second, double burst, std::size_t max_clients = 65536);

  Decision Take(const boost::asio::ip::address& client, Clock::time_point now);

  double PerSecond() const { return per_second_; }
  double Burst() const { return burst_; }

 private:
  struct Entry {
    TokenBucket bucket;
    Clock::time_point last_seen;
  };

  void MakeRoom(Clock::time_point now);  // mutex_ held

  const double per_second_;
  const double burst_;
  const std::size_t max_clients_;
  std::mutex mutex_;
  std::map<boost::asio::ip::address, Entry> clients_;
};

}  // namespace sagashop::http
