#include "platform/crypto/data_key_file.h"

#include <unistd.h>

#include <system_error>

#include "platform/core/secret_file.h"

namespace sagashop::crypto {

bool CreateKeyFileIfMissing(const std::filesystem::path& path) {
  if (std::filesystem::exists(path)) return false;
  const std::string id = "k1";
  const KeyRing ring({{id, GenerateDataKey(id)}}, id);
  return core::CreateSecretFile(path, ring.Format());
}

DataKey AddActiveKey(const std::filesystem::path& path) {
  std::string text;
  try {
    text = core::ReadWholeFile(path);
  } catch (const std::runtime_error& error) {
    throw KeyRingError(std::string("data key file: ") + error.what());
  }
  const KeyRing ring = KeyRing::Parse(text, path.string());
  DataKey key = GenerateDataKey(NextKeyId(ring));
  const KeyRing next = ring.WithActive(key);
  // Written complete under a name of its own, then renamed over the file.
  std::filesystem::path draft = path;
  draft += ".next." + std::to_string(::getpid());
  std::filesystem::remove(draft);
  try {
    core::CreateSecretFile(draft, next.Format());
  } catch (const std::runtime_error& error) {
    throw KeyRingError(std::string("data key file: ") + error.what());
  }
  std::error_code error;
  std::filesystem::rename(draft, path, error);
  if (error) {
    std::filesystem::remove(draft);
    throw KeyRingError("data key file: cannot replace " + path.string() + ": " + error.message());
  }
  return key;
}

}  // namespace sagashop::crypto
