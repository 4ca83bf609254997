#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace sagashop::auth {

// A token whose signature, issuer, audience and validity period were checked, and what it says.
struct VerifiedToken {
  std::string subject;                 // `sub`
  std::vector<std::string> scopes;     // `scope` (space-separated) and `scp` (array), no repeats
  std::string issuer;                  // `iss`
  std::vector<std::string> audiences;  // `aud`, a one-element list when it was a string
  std::chrono::system_clock::time_point expiry;  // `exp`
  boost::json::object claims;  // every claim, for what the fields above do not cover

  bool HasScope(std::string_view scope) const {
    for (const std::string& held : scopes) {
      if (held == scope) return true;
    }
    return false;
  }
};

}  // namespace sagashop::auth
