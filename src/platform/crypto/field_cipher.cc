#include "platform/crypto/field_cipher.h"

#include <spdlog/spdlog.h>

#include <system_error>

#include "platform/core/secret_file.h"
#include "platform/crypto/sealed_value.h"

namespace sagashop::crypto {
namespace {

KeyRing ReadKeyFile(const std::filesystem::path& path) {
  std::string text;
  try {
    text = core::ReadWholeFile(path);
  } catch (const std::runtime_error& error) {
    throw KeyRingError(std::string("data key file: ") + error.what());
  }
  return KeyRing::Parse(text, path.string());
}

}  // namespace

FieldCipher::FieldCipher(KeyRing ring) : ring_(std::make_shared<const KeyRing>(std::move(ring))) {}

FieldCipher::FieldCipher(std::filesystem::path path, KeyRing ring)
    : path_(std::move(path)), ring_(std::make_shared<const KeyRing>(std::move(ring))) {}

std::unique_ptr<FieldCipher> FieldCipher::FromFile(std::filesystem::path path) {
  std::error_code error;
  const auto modified = std::filesystem::last_write_time(path, error);
  const auto size = std::filesystem::file_size(path, error);
  KeyRing ring = ReadKeyFile(path);
  std::unique_ptr<FieldCipher> cipher(new FieldCipher(std::move(path), std::move(ring)));
  cipher->read_at_ = modified;
  cipher->read_size_ = size;
  return cipher;
}

std::shared_ptr<const KeyRing> FieldCipher::Current() const {
  const std::lock_guard lock(mutex_);
  if (!path_) return ring_;
  std::error_code error;
  const auto modified = std::filesystem::last_write_time(*path_, error);
  if (error) return ring_;  // e.g. being replaced: the keys already read still hold
  const auto size = std::filesystem::file_size(*path_, error);
  if (error || (modified == read_at_ && size == read_size_)) return ring_;
  read_at_ = modified;
  read_size_ = size;
  try {
    ring_ = std::make_shared<const KeyRing>(ReadKeyFile(*path_));
    spdlog::info("data keys read again from {}: {} key(s), active '{}'", path_->string(),
                 ring_->Size(), ring_->Active().id);
  } catch (const KeyRingError& failure) {
    spdlog::error("data key file changed but is not usable, keeping the keys read before: {}",
                  failure.what());
  }
  return ring_;
}

std::string FieldCipher::Seal(std::string_view plaintext) const {
  return crypto::Seal(Current()->Active(), plaintext);
}

std::string FieldCipher::Open(std::string_view stored) const {
  if (!IsSealed(stored)) return std::string(stored);
  return Unseal(*Current(), stored);
}

bool FieldCipher::IsUnderActiveKey(std::string_view stored) const {
  return SealedKeyId(stored) == Current()->Active().id;
}

std::string FieldCipher::ActiveKeyId() const {
  return Current()->Active().id;
}

}  // namespace sagashop::crypto
