#include "platform/http/origin.h"

#include <boost/url/parse.hpp>
#include <stdexcept>

namespace sagashop::http {

Origin ParseHttpOrigin(std::string_view url) {
  const auto parsed = boost::urls::parse_absolute_uri(url);
  auto fail = [&](const std::string& why) {
    throw std::invalid_argument("'" + std::string(url) + "' " + why);
  };
  if (!parsed) fail("is not a URL");
  const bool tls = parsed->scheme() == "https";
  if (parsed->scheme() != "http" && !tls) fail("must be an http:// or https:// URL");
  if (parsed->host().empty()) fail("has no host");
  if (!(parsed->path().empty() || parsed->path() == "/")) fail("must not have a path");
  if (parsed->has_query() || parsed->has_fragment()) fail("must not have a query or fragment");
  Origin origin{.host = std::string(parsed->host()),
                .port = static_cast<std::uint16_t>(tls ? 443 : 80),
                .tls = tls};
  if (parsed->has_port()) {
    const std::uint16_t port = parsed->port_number();
    if (port == 0) fail("has a bad port");
    origin.port = port;
  }
  return origin;
}

}  // namespace sagashop::http
