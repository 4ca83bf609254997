#include "bench/bench_options.h"

#include <stdexcept>

namespace sagashop::bench {
namespace {

void RequirePort(const char* name, int port) {
  if (port < 1 || port > 65535) {
    throw std::invalid_argument(std::string(name) + " must be a port from 1 to 65535");
  }
}

}  // namespace

void BenchOptions::Validate() const {
  if ((rate > 0) == (clients > 0)) {
    throw std::invalid_argument("bench: give exactly one of --rate (open loop) or --clients");
  }
  if (rate < 0 || rate > 1'000'000) {
    throw std::invalid_argument("--rate must be from 0 to 1000000 orders/s");
  }
  if (clients < 0 || clients > 1024) throw std::invalid_argument("--clients must be 0 to 1024");
  if (connections < 1 || connections > 1024) {
    throw std::invalid_argument("--connections must be 1 to 1024");
  }
  if (duration.count() < 1 || duration.count() > 3600) {
    throw std::invalid_argument("--duration must be 1 to 3600 seconds");
  }
  if (warmup.count() < 0 || warmup.count() > 600) {
    throw std::invalid_argument("--warmup must be 0 to 600 seconds");
  }
  if (drain.count() < 1 || drain.count() > 3600) {
    throw std::invalid_argument("--drain must be 1 to 3600 seconds");
  }
  RequirePort("--order-port", order_port);
  RequirePort("--inventory-port", inventory_port);
  OrderMix::Parse(mix);  // throws naming --mix
}

}  // namespace sagashop::bench
