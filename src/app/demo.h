#pragma once

#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace sagashop::app {

struct DemoOptions {
  std::string host = "127.0.0.1";
  int base_port = 8001;  // order; payment, inventory, delivery on the next three
  int orders = 40;
  std::shared_ptr<boost::asio::ssl::context> tls;  // HTTPS, trusting its CAs; null: plain HTTP
  int clients = 4;
  std::chrono::seconds deadline{60};
  std::string authorization;  // sent with every request, when not empty
};

struct DemoReport {
  std::map<std::string, int> statuses;  // final status -> orders
  std::map<std::string, int> paths;     // happy, declined, out of stock, undeliverable -> orders
  int refunds = 0;
  int releases = 0;
  std::vector<double> saga_latencies_ms;
  bool all_finished = false;

  // True when every order ended and each path ended as it should (happy orders COMPLETED, the
  // others CANCELED).
  bool Succeeded() const;
};

// A short demonstration against a running system, through its public HTTP API, as a client would:
// seeds sample products on first run, places orders along every path of the saga (completed,
// payment declined, out of stock, undeliverable) from several clients, shows progress until each
// order is final, and prints a summary and one compensated saga's history to `out`.
DemoReport RunDemo(const DemoOptions& options, std::ostream& out);

}  // namespace sagashop::app
