#pragma once

#include <cstdint>
#include <string>

#include "outside_world/face_behaviour.h"

namespace sagashop::outside_world {

// Settings of `sagashop outside-world` (flag names in docs/outside-world.md).
struct OutsideWorldConfig {
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 8010;  // 0: an ephemeral port, logged once bound
  std::string ledger_file = "data/outside-world.db";
  // HTTPS: PEM certificate chain and private key; both empty: plain HTTP.
  std::string tls_cert;
  std::string tls_key;
  std::int64_t payment_limit = 1'000'000;  // charges above it are declined
  // Threads that run handlers, and the ledger writes that follow a simulated wait. Waits hold no
  // thread, so a few serve hundreds of calls in flight; the ledger's SQLite file takes one writer
  // at a time anyway.
  int workers = 8;
  FaceBehaviour payment;
  FaceBehaviour carrier;
  // Seeds the draws of latency, failures and timeouts; 0 picks a random seed.
  std::uint64_t seed = 0;

  // Throws std::invalid_argument naming the first bad setting.
  void Validate() const;
};

}  // namespace sagashop::outside_world
