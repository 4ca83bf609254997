#include "app/settings/auth_settings.h"

#include "app/settings/require.h"

namespace sagashop::app {

void AuthSettings::Validate() const {
  Require(keys.empty() || !issuer.empty(),
          "--auth-issuer must be set with --auth-keys: tokens are checked against it");
  Require(!audience.empty(), "--auth-audience must not be empty");
}

}  // namespace sagashop::app
