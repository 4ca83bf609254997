#include "platform/crypto/key_ring.h"

#include <openssl/rand.h>

#include <sstream>

#include "platform/core/base64.h"

namespace sagashop::crypto {
namespace {

constexpr std::size_t kKeyBytes = 32;  // AES-256

void CheckKey(const DataKey& key) {
  if (!IsValidKeyId(key.id)) {
    throw KeyRingError("data key id '" + key.id + "' must be 1 to 32 of A-Z a-z 0-9 _ -");
  }
  if (key.secret.size() != kKeyBytes) {
    throw KeyRingError("data key '" + key.id + "' must be 32 bytes (AES-256), not " +
                       std::to_string(key.secret.size()));
  }
}

}  // namespace

bool IsValidKeyId(std::string_view id) {
  if (id.empty() || id.size() > 32) return false;
  for (const char c : id) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

KeyRing::KeyRing(std::map<std::string, DataKey> keys, std::string active_id)
    : keys_(keys.begin(), keys.end()), active_id_(std::move(active_id)) {
  for (const auto& [id, key] : keys_) CheckKey(key);
  if (!keys_.contains(active_id_)) {
    throw KeyRingError("the active data key '" + active_id_ + "' is not among the keys");
  }
}

KeyRing KeyRing::Parse(std::string_view text, std::string_view source) {
  std::map<std::string, DataKey> keys;
  std::string active;
  std::istringstream lines{std::string(text)};
  std::string line;
  int number = 0;
  const auto fail = [&](const std::string& why) {
    throw KeyRingError(std::string(source) + ", line " + std::to_string(number) + ": " + why);
  };
  while (std::getline(lines, line)) {
    ++number;
    if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    std::istringstream words(line);
    std::string word, id, secret, extra;
    if (!(words >> word)) continue;
    if (word == "key") {
      if (!(words >> id >> secret) || (words >> extra)) fail("expected 'key <id> <base64>'");
      const std::optional<std::string> bytes = Base64Decode(secret);
      if (!bytes) fail("the key of '" + id + "' is not standard base64");
      if (keys.contains(id)) fail("data key '" + id + "' appears twice");
      DataKey key{.id = id, .secret = *bytes};
      try {
        CheckKey(key);
      } catch (const KeyRingError& error) {
        fail(error.what());
      }
      keys.emplace(id, std::move(key));
    } else if (word == "active") {
      if (!(words >> id) || (words >> extra)) fail("expected 'active <id>'");
      if (!active.empty()) fail("a second 'active' line");
      active = id;
    } else {
      fail("unknown entry '" + word + "' (key or active)");
    }
  }
  if (keys.empty()) throw KeyRingError(std::string(source) + ": no data key");
  if (active.empty()) throw KeyRingError(std::string(source) + ": no 'active <id>' line");
  try {
    return KeyRing(std::move(keys), active);
  } catch (const KeyRingError& error) {
    throw KeyRingError(std::string(source) + ": " + error.what());
  }
}

std::string KeyRing::Format() const {
  std::string text =
      "# sagashop data keys (docs/security.md, Encryption at rest). Keep every key a stored\n"
      "# value may still name; new values are sealed under the active one.\n";
  for (const auto& [id, key] : keys_) text += "key " + id + " " + Base64Encode(key.secret) + "\n";
  text += "active " + active_id_ + "\n";
  return text;
}

const DataKey* KeyRing::Find(std::string_view id) const {
  const auto it = keys_.find(id);
  return it == keys_.end() ? nullptr : &it->second;
}

KeyRing KeyRing::WithActive(DataKey key) const {
  std::map<std::string, DataKey> keys(keys_.begin(), keys_.end());
  const std::string id = key.id;
  if (keys.contains(id)) throw KeyRingError("data key '" + id + "' exists already");
  keys.emplace(id, std::move(key));
  return KeyRing(std::move(keys), id);
}

DataKey GenerateDataKey(std::string id) {
  std::string secret(kKeyBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(secret.data()), static_cast<int>(kKeyBytes)) !=
      1) {
    throw KeyRingError("OpenSSL could not generate a random data key");
  }
  DataKey key{.id = std::move(id), .secret = std::move(secret)};
  CheckKey(key);
  return key;
}

std::string NextKeyId(const KeyRing& ring) {
  for (std::size_t n = ring.Size() + 1;; ++n) {
    std::string id = "k" + std::to_string(n);
    if (ring.Find(id) == nullptr) return id;
  }
}

}  // namespace sagashop::crypto
