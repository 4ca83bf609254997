#pragma once

#include <chrono>
#include <string>

namespace sagashop::auth {

// What a token must say to be accepted, besides a good signature by a known key. `exp` and `sub`
// are always required and `nbf` is checked when present (see docs/security.md).
struct JwtPolicy {
  // The `iss` a token must carry exactly; must not be empty.
  std::string issuer;
  // A value the token's `aud` (a string or an array of strings) must contain; must not be empty.
  std::string audience;
  // How far the clocks of issuer and verifier may disagree, applied to `exp` and `nbf`.
  std::chrono::seconds leeway{60};
};

}  // namespace sagashop::auth
