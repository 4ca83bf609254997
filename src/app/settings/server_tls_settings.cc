#include "app/settings/server_tls_settings.h"

#include <unistd.h>

#include <utility>

#include "app/settings/require.h"

namespace sagashop::app {

void ServerTlsSettings::Validate() const {
  for (const auto& [flag, file] :
       {std::pair{"--server-tls-ca", &ca}, std::pair{"--server-tls-cert", &cert},
        std::pair{"--server-tls-key", &key}}) {
    Require(file->empty() || ::access(file->c_str(), R_OK) == 0,
            std::string(flag) + ": cannot read '" + *file + "'");
  }
}

void ServerTlsSettings::RequireAll(const std::string& needed_by) const {
  for (const auto& [flag, file] :
       {std::pair{"--server-tls-ca", &ca}, std::pair{"--server-tls-cert", &cert},
        std::pair{"--server-tls-key", &key}}) {
    Require(!file->empty(), std::string(flag) + " is required with " + needed_by);
  }
}

core::TlsClientFiles ServerTlsSettings::Files() const {
  return {.ca_file = ca, .cert_file = cert, .key_file = key};
}

}  // namespace sagashop::app
