#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <random>

#include "services/payment/domain/payment_gateway.h"

namespace sagashop::payment {

struct SimulatedGatewayConfig {
  std::int64_t limit = 1'000'000;        // amounts above this are declined (DESIGN §3.4)
  std::chrono::milliseconds latency{0};  // added to every call
  double failure_rate = 0.0;             // chance a call throws GatewayUnavailable

  void Validate() const;
};

// A deterministic stand-in for a payment provider: approval depends only on the amount, and the
// transaction id only on the idempotency key, so retries are naturally idempotent.
class SimulatedGateway final : public PaymentGateway {
 public:
  explicit SimulatedGateway(SimulatedGatewayConfig config);

  ChargeResult Charge(const ChargeRequest& request) override;
  std::string Refund(const std::string& gateway_tx_id, std::int64_t amount) override;

 private:
  void SimulateCall();

  SimulatedGatewayConfig config_;
  std::mutex random_mutex_;
  std::mt19937_64 random_;
};

}  // namespace sagashop::payment
