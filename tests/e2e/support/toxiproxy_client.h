#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "platform/http/client.h"

namespace sagashop::testing {

// A client of Toxiproxy's HTTP API (the stack's proxies between each service and its servers,
// scripts/lib/toxiproxy.sh). Proxies are named "<service>-<server>", e.g. "order-kafka".
// Not thread-safe, like the HTTP client it uses.
class ToxiproxyClient {
 public:
  // The stack's Toxiproxy, from SAGASHOP_TEST_TOXIPROXY ("host:port").
  static ToxiproxyClient FromEnv();
  ToxiproxyClient(std::string host, std::uint16_t port);

  // The port a proxy listens on: where a service reaches that server through it.
  std::uint16_t ListenPort(const std::string& proxy);
  // A proxy of the caller's own to 127.0.0.1:`upstream_port`, on a port Toxiproxy picks (returned);
  // one of the same name left by an earlier run is replaced. The stack's proxies are its own.
  std::uint16_t CreateProxy(const std::string& proxy, std::uint16_t upstream_port);
  void DeleteProxy(const std::string& proxy);
  // Adds a toxic ({"name", "type", "stream", "toxicity", "attributes"}, as Toxiproxy names them).
  void AddToxic(const std::string& proxy, const boost::json::object& toxic);
  void RemoveToxic(const std::string& proxy, const std::string& toxic);
  // A disabled proxy closes its connections and refuses new ones.
  void SetEnabled(const std::string& proxy, bool enabled);
  // Every proxy enabled and without toxics, as the stack started them.
  void Reset();

 private:
  boost::json::value Call(std::string_view method, const std::string& target,
                          const std::string& body = {});

  std::unique_ptr<http::HttpClient> client_;  // a pointer: the client itself cannot move
};

}  // namespace sagashop::testing
