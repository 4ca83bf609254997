#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sagashop::http {

// Where an HTTP API lives: `http://host[:port][/]` names it (port 80 when left out), or
// `https://host[:port][/]` (port 443 when left out).
struct Origin {
  std::string host;
  std::uint16_t port = 80;
  bool tls = false;  // https
};

// Throws std::invalid_argument saying what is wrong with `url` (another scheme, no host, a path,
// a query, a bad port).
Origin ParseHttpOrigin(std::string_view url);

}  // namespace sagashop::http
