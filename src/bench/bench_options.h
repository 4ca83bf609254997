#pragma once

#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "bench/order_mix.h"

namespace sagashop::bench {

// What `sagashop bench` does: which system it drives, how (open loop at --rate, or closed loop
// with --clients), for how long, and with which mix of saga paths.
struct BenchOptions {
  std::string host = "127.0.0.1";
  int order_port = 8001;
  int inventory_port = 8003;
  std::shared_ptr<boost::asio::ssl::context> tls;  // HTTPS, trusting its CAs; null: plain HTTP
  double rate = 0;       // open loop: orders per second on a fixed schedule; 0 = closed loop
  int clients = 0;       // closed loop: clients sending back to back
  int connections = 64;  // open loop: connections (and sender threads) the schedule is served by
  std::chrono::seconds duration{10};  // measured
  std::chrono::seconds warmup{2};     // sent before the measured part, not measured
  std::chrono::seconds drain{60};     // how long to wait after sending for sagas to end
  std::string mix = "ok=100";
  std::string out;            // JSON result file; empty = none
  bool progress = true;       // a progress line, on a terminal only
  std::string authorization;  // the Authorization header of every request; empty = none

  bool OpenLoop() const { return rate > 0; }
  // Throws std::invalid_argument naming the setting.
  void Validate() const;
  OrderMix Mix() const { return OrderMix::Parse(mix); }
};

}  // namespace sagashop::bench
