#pragma once

#include <string>

namespace sagashop::app {

// Bearer tokens (docs/security.md): the keys tokens must be signed with (a PEM file of public keys
// or a JWK Set), the issuer and audience they must name. Without keys, embedded mode signs and
// checks with a key of its own in the data folder; distributed mode refuses to start.
struct AuthSettings {
  std::string keys;
  std::string issuer;
  std::string audience = "sagashop";
  // The bearer token that commands reaching a running system (demo, bench) send; without it they
  // make one with the embedded mode's local key, when the data folder has it.
  std::string token;

  // Throws std::invalid_argument naming the first bad setting.
  void Validate() const;
};

}  // namespace sagashop::app
