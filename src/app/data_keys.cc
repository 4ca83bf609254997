#include "app/data_keys.h"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "platform/crypto/data_key_file.h"

namespace sagashop::app {

std::unique_ptr<crypto::FieldCipher> OpenDataKeys(const Settings& settings) {
  const std::string path = settings.storage.DataKeyFile();
  if (path.empty()) {
    throw std::invalid_argument(
        "--data-keys (SAGASHOP_DATA_KEYS) is required with --storage=postgres: personal data is "
        "stored encrypted, and every process of the system must read the same key file (create "
        "one with `sagashop data-keys new --data-keys FILE`; docs/security.md)");
  }
  if (settings.storage.data_keys.empty() && crypto::CreateKeyFileIfMissing(path)) {
    spdlog::info("made a new data key file {} (docs/security.md, Encryption at rest)", path);
  }
  return crypto::FieldCipher::FromFile(path);
}

}  // namespace sagashop::app
