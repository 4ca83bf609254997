#pragma once

#include <map>
#include <string>
#include <string_view>

namespace sagashop::console {

// The request target a service gets for a console request: `path` (decoded, without its leading
// '/') and the decoded query, each encoded again as a URL needs them. What the console received
// decoded is sent encoded, so a '?' or '/' inside a parameter stays inside it.
std::string ForwardedTarget(std::string_view path, const std::map<std::string, std::string>& query);

}  // namespace sagashop::console
