#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>

namespace sagashop::services {

// A JSON string, or null when absent: optional columns appear in responses as null, never missing.
inline boost::json::value JsonOrNull(const std::optional<std::string>& value) {
  return value ? boost::json::value(*value) : boost::json::value(nullptr);
}

}  // namespace sagashop::services
