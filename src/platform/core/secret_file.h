#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace sagashop::core {

// Files that hold key material a process makes for itself on first start (a signing key, a local
// certificate authority, data-encryption keys; docs/security.md). Only the owner may read them, and
// a file is either absent or complete: it is written beside its final name, synced, then renamed.

// Creates `path` with `content`, readable and writable by the owner only (0600), and its folder
// (0700) if missing. Returns false, changing nothing, when `path` already exists, so two processes
// starting at once keep the first one's key. Throws std::runtime_error on an I/O failure.
bool CreateSecretFile(const std::filesystem::path& path, std::string_view content);

// The whole content of `path`. Throws std::runtime_error naming the file when it cannot be read.
std::string ReadWholeFile(const std::filesystem::path& path);

}  // namespace sagashop::core
