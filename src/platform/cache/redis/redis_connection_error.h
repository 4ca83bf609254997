#pragma once

#include <stdexcept>

namespace sagashop::cache {

// The connection failed (refused, timed out, closed, TLS refused, protocol error) and cannot be
// used again.
class RedisConnectionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace sagashop::cache
