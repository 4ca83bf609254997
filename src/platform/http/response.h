#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sagashop::http {

// What a handler returns, and what HttpClient hands back. The server owns the framing headers
// (Content-Length, Connection, Transfer-Encoding) and ignores them in `headers`; on the client side
// `headers` holds every header the server sent, in the order sent.
struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers, e.g. Location

  // The first header named `name`, compared case-insensitively as HTTP field names are.
  std::optional<std::string_view> Header(std::string_view name) const;
};

}  // namespace sagashop::http
