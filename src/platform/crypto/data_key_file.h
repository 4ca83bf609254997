#pragma once

#include <filesystem>

#include "platform/crypto/key_ring.h"

namespace sagashop::crypto {

// The data key file on disk: owner-only (core::CreateSecretFile), replaced whole by a rename so
// a process re-reading it never sees half of it.

// Creates `path` with one new active key unless it exists (the embedded mode's first start).
// Returns whether it was created.
bool CreateKeyFileIfMissing(const std::filesystem::path& path);

// Adds a new key to the file at `path` and makes it active; returns it. Throws KeyRingError when
// the file cannot be read, parsed or written.
DataKey AddActiveKey(const std::filesystem::path& path);

}  // namespace sagashop::crypto
