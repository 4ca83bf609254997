#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sagashop::http {

// Who sent a request, as its credentials proved (a bearer token's subject and scopes).
struct Principal {
  std::string subject;
  std::vector<std::string> scopes;
};

// A parsed HTTP request as handlers see it.
struct Request {
  std::string method;                          // "GET", "POST", ...
  std::string path;                            // decoded path without the query, e.g. "/orders/12"
  std::map<std::string, std::string> query;    // decoded query parameters
  std::map<std::string, std::string> headers;  // keys lower-cased
  std::vector<std::string> path_params;        // values of {placeholders}, in order
  std::string body;
  // The W3C traceparent of the server's span for this request: in the client's trace when its
  // `traceparent` header was valid, else in a new one. What the handler's work continues.
  std::string trace_parent;
  // Set on routes that require authentication (Router::RequireAuthentication), once it passed.
  std::optional<Principal> principal;

  std::optional<std::string_view> Header(std::string_view lower_case_name) const {
    auto it = headers.find(std::string(lower_case_name));
    if (it == headers.end()) return std::nullopt;
    return it->second;
  }
  std::optional<std::string_view> QueryParam(std::string_view name) const {
    auto it = query.find(std::string(name));
    if (it == query.end()) return std::nullopt;
    return it->second;
  }
};

}  // namespace sagashop::http
