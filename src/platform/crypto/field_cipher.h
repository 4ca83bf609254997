#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "platform/crypto/key_ring.h"

namespace sagashop::crypto {

// Seals personal fields before they rest and opens them where they are shown or sent on, with
// the data keys of a key ring (docs/security.md, Encryption at rest). Thread-safe.
//
// Made from a key file, it reads the file again whenever the file has changed (checked at each
// call, one stat): a key added by `sagashop data-keys new` seals every value from then on, and a
// value sealed under it by another process opens, without a restart. A changed file that does not
// parse is logged and the keys already read are kept.
class FieldCipher {
 public:
  explicit FieldCipher(KeyRing ring);
  // Throws KeyRingError when the file cannot be read or parsed.
  static std::unique_ptr<FieldCipher> FromFile(std::filesystem::path path);

  // `plaintext` sealed under the active key.
  std::string Seal(std::string_view plaintext) const;
  // The plaintext of a stored value. A value that is not sealed is returned as it is: a clear
  // value written before encryption at rest, until `sagashop data-keys rotate` seals it. Throws
  // SealedValueError when a sealed value cannot be opened.
  std::string Open(std::string_view stored) const;
  // Whether `stored` is sealed under the active key (what rotation leaves alone).
  bool IsUnderActiveKey(std::string_view stored) const;
  std::string ActiveKeyId() const;

 private:
  FieldCipher(std::filesystem::path path, KeyRing ring);
  std::shared_ptr<const KeyRing> Current() const;

  std::optional<std::filesystem::path> path_;
  mutable std::mutex mutex_;
  mutable std::shared_ptr<const KeyRing> ring_;
  mutable std::filesystem::file_time_type read_at_{};
  mutable std::uintmax_t read_size_ = 0;
};

}  // namespace sagashop::crypto
