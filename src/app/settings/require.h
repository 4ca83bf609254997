#pragma once

#include <stdexcept>
#include <string>

namespace sagashop::app {

// Throws std::invalid_argument with `message`, which names the flag, unless `condition` holds.
inline void Require(bool condition, const std::string& message) {
  if (!condition) throw std::invalid_argument(message);
}

}  // namespace sagashop::app
