#pragma once

#include "app/settings.h"
#include "platform/http/router.h"

namespace sagashop::app {

// The bearer-token check the services' API routes require, from --auth-keys, --auth-issuer and
// --auth-audience, or embedded mode's own key (docs/security.md); empty, with a warning logged,
// under --insecure.
// Throws std::invalid_argument naming the key file when it cannot be used.
http::Authenticator MakeAuthenticator(const Settings& settings);

}  // namespace sagashop::app
