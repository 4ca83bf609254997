#pragma once

#include <memory>

#include "app/settings.h"
#include "platform/crypto/field_cipher.h"

namespace sagashop::app {

// The field cipher of a process that stores personal data, from its data key file
// (StorageSettings::DataKeyFile). Embedded mode makes the file at its first start; with PostgreSQL
// a missing --data-keys stops the process (std::invalid_argument), since the processes of a system
// must share their keys and none may store an address in clear.
std::unique_ptr<crypto::FieldCipher> OpenDataKeys(const Settings& settings);

}  // namespace sagashop::app
