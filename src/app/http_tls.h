#pragma once

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <optional>

#include "app/settings.h"
#include "platform/tls/local_ca.h"

namespace sagashop::app {

// HTTPS as the settings ask for it (docs/security.md, "HTTPS").

// The certificate and key the servers present: those given, or in embedded mode the local CA's,
// made in <data_dir>/tls on first start. Nothing (plain HTTP) with --http-plaintext, or in
// distributed mode without a certificate; both are logged as warnings.
std::optional<tls::TlsFiles> ServerTlsFiles(const Settings& settings);

// What the commands (demo, bench) trust when they call the services: --http-tls-ca, or in embedded
// mode the local CA of <data_dir>/tls. Null (plain HTTP) with --http-plaintext, or in distributed
// mode without --http-tls-ca. Throws std::runtime_error naming a CA file that cannot be read.
std::shared_ptr<boost::asio::ssl::context> ServiceClientTls(const Settings& settings);

// "https" or "http", as the servers of these settings answer.
const char* HttpScheme(const Settings& settings);

}  // namespace sagashop::app
