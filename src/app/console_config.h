#pragma once

#include "app/settings.h"
#include "console/console_server.h"

namespace sagashop::app {

// The saga console as these settings describe it (docs/console.md): on --console-port of
// --http-host, with the services' own certificate, in front of the four services on
// --http-base-port and the next three, trusted as the commands trust them (ServiceClientTls).
// Throws as ServerTlsFiles and ServiceClientTls do.
console::ConsoleConfig ConsoleConfigOf(const Settings& settings);

// Where a person opens it: "https://127.0.0.1:8000/".
std::string ConsoleAddress(const Settings& settings);

}  // namespace sagashop::app
