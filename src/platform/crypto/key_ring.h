#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sagashop::crypto {

// A 256-bit AES key under the id that sealed values name it by.
struct DataKey {
  std::string id;      // 1-32 of [A-Za-z0-9_-]; never ':' (the separator of a sealed value)
  std::string secret;  // 32 bytes
};

class KeyRingError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The data keys of a system (docs/security.md, Encryption at rest): every key a stored value may
// be sealed under, and the active one new values are sealed under. Old keys stay for reading
// until no value names them any more.
//
// Its file, one entry a line ('#' starts a comment):
//   key <id> <32 bytes in standard base64>
//   active <id>
class KeyRing {
 public:
  // Throws KeyRingError when `active_id` is not among `keys` or a key is malformed.
  KeyRing(std::map<std::string, DataKey> keys, std::string active_id);

  // Throws KeyRingError naming the line of `source` (a file name, for the message) that is wrong.
  static KeyRing Parse(std::string_view text, std::string_view source);
  std::string Format() const;

  const DataKey& Active() const { return keys_.at(active_id_); }
  const DataKey* Find(std::string_view id) const;
  std::size_t Size() const { return keys_.size(); }

  // A copy with `key` added and active.
  KeyRing WithActive(DataKey key) const;

 private:
  std::map<std::string, DataKey, std::less<>> keys_;
  std::string active_id_;
};

// A new random key (OpenSSL's CSPRNG) under `id`.
DataKey GenerateDataKey(std::string id);

// An id for a new key that `ring` does not hold yet: "k1", "k2", ...
std::string NextKeyId(const KeyRing& ring);

bool IsValidKeyId(std::string_view id);

}  // namespace sagashop::crypto
