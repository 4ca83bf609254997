#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace sagashop {

// How a component's configuration refuses a value at start-up: unless `condition` holds, throws
// std::invalid_argument "<component> config: <message>", which names what was wrong.
inline void RequireConfig(std::string_view component, bool condition, const std::string& message) {
  if (!condition) throw std::invalid_argument(std::string(component) + " config: " + message);
}

}  // namespace sagashop
