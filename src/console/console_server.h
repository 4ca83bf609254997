#pragma once

#include <cstdint>
#include <memory>

#include "console/service_gateway.h"
#include "platform/http/router.h"
#include "platform/http/server.h"

namespace sagashop::console {

struct ConsoleConfig {
  http::ServerConfig http;
  ServiceGatewayConfig gateway;
};

// The saga console (docs/console.md): a web page for operators, served with everything it needs
// from the binary itself (src/console/assets/, no outside origin), and a gateway through which
// the page calls the four services at its own origin:
//
//   GET  /                      the page
//   GET  /assets/{file}         its scripts, styles and images
//   GET  /console.json          the services it reaches
//   GET|POST|PUT /api/{service}/{path...}   forwarded to that service as /{path...}
//
// The page is given its token in the address's fragment, which no server sees; every call sends
// it, and the services decide what it may do.
class ConsoleServer {
 public:
  // Throws std::invalid_argument for a bad setting.
  explicit ConsoleServer(const ConsoleConfig& config);
  ~ConsoleServer();

  ConsoleServer(const ConsoleServer&) = delete;
  ConsoleServer& operator=(const ConsoleServer&) = delete;

  void Start();
  void Stop();  // idempotent; in-flight requests finish
  std::uint16_t Port() const;

 private:
  http::Router MakeRouter();

  ServiceGateway gateway_;
  std::unique_ptr<http::Server> server_;
};

}  // namespace sagashop::console
