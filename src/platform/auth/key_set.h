#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/auth/verification_key.h"

namespace sagashop::auth {

// The public keys tokens may be signed with, by key id (`kid`). Read once, then only read from:
// safe to share between threads. Loading throws std::invalid_argument naming the source and the
// reason when the source cannot be read or leaves no usable key.
class KeySet {
 public:
  // One or more `-----BEGIN PUBLIC KEY-----` blocks. A PEM key's kid is its RFC 7638 thumbprint
  // (see jwk.h), the kid JwtSigner puts into the tokens it signs.
  static KeySet FromPemFile(const std::filesystem::path& file);
  static KeySet FromPem(std::string_view pem, std::string_view source = "PEM text");

  // A JWK Set (RFC 7517 §5, `{"keys":[...]}`) as identity providers publish it. Keys meant for
  // something other than signatures (`use` other than "sig"), of an unsupported type or curve, or
  // malformed are skipped, each with a reason in SkippedKeys(); a key without a kid gets its
  // thumbprint.
  static KeySet FromJwksFile(const std::filesystem::path& file);
  static KeySet FromJwks(std::string_view json, std::string_view source = "JWKS text");

  // The key a token names by `kid`; a token without a kid gets the one key of a one-key set (with
  // several keys there is no telling which one was meant). Null when there is no such key.
  const VerificationKey* Find(std::optional<std::string_view> kid) const;

  std::size_t Size() const { return keys_.size(); }
  const std::vector<VerificationKey>& Keys() const { return keys_; }
  const std::vector<std::string>& SkippedKeys() const { return skipped_; }

 private:
  KeySet() = default;
  // Adds `key` unless its kid is taken (then it is skipped: a kid must name exactly one key).
  void Add(VerificationKey key, std::string_view what);
  // Throws unless at least one key was loaded.
  void RequireAKey(std::string_view source) const;

  std::vector<VerificationKey> keys_;
  std::vector<std::string> skipped_;
};

}  // namespace sagashop::auth
