#include "platform/auth/compact_jws.h"

#include <boost/json/parse.hpp>
#include <optional>

#include "platform/core/base64.h"

namespace sagashop::auth {
namespace {

JwtRejection Malformed(std::string detail) {
  return JwtRejection{JwtRejectionReason::kMalformed, std::move(detail)};
}

}  // namespace

std::variant<CompactJws, JwtRejection> ParseCompactJws(std::string_view token,
                                                       std::size_t max_bytes) {
  if (token.size() > max_bytes) {
    return Malformed("token of " + std::to_string(token.size()) + " bytes, at most " +
                     std::to_string(max_bytes) + " are accepted");
  }
  const std::size_t first_dot = token.find('.');
  const std::size_t second_dot =
      first_dot == std::string_view::npos ? first_dot : token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos || token.find('.', second_dot + 1) != token.npos) {
    return Malformed("not three dot-separated parts (a compact JWS)");
  }
  const std::optional<std::string> header = Base64UrlDecode(token.substr(0, first_dot));
  const std::optional<std::string> payload =
      Base64UrlDecode(token.substr(first_dot + 1, second_dot - first_dot - 1));
  std::optional<std::string> signature = Base64UrlDecode(token.substr(second_dot + 1));
  if (!header || !payload || !signature) return Malformed("a part is not base64url");

  boost::system::error_code error;
  boost::json::value parsed = boost::json::parse(*header, error);
  if (error || !parsed.is_object()) return Malformed("the header is not a JSON object");
  return CompactJws{std::move(parsed.as_object()), token.substr(0, second_dot), *payload,
                    std::move(*signature)};
}

}  // namespace sagashop::auth
