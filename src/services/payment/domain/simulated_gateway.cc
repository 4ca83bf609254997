#include "services/payment/domain/simulated_gateway.h"

#include <functional>
#include <stdexcept>
#include <thread>

namespace sagashop::payment {

void SimulatedGatewayConfig::Validate() const {
  if (limit <= 0) throw std::invalid_argument("payment-gateway-limit must be positive");
  if (latency.count() < 0) throw std::invalid_argument("payment-gateway-latency-ms must be >= 0");
  if (failure_rate < 0.0 || failure_rate > 1.0) {
    throw std::invalid_argument("payment-gateway-failure-rate must be in [0, 1]");
  }
}

SimulatedGateway::SimulatedGateway(SimulatedGatewayConfig config)
    : config_(config), random_(std::random_device{}()) {
  config_.Validate();
}

void SimulatedGateway::SimulateCall() {
  if (config_.latency.count() > 0) std::this_thread::sleep_for(config_.latency);
  if (config_.failure_rate > 0.0) {
    std::lock_guard lock(random_mutex_);
    if (std::uniform_real_distribution<double>(0.0, 1.0)(random_) < config_.failure_rate) {
      throw GatewayUnavailable("simulated payment gateway: temporary failure");
    }
  }
}

ChargeResult SimulatedGateway::Charge(const ChargeRequest& request) {
  SimulateCall();
  if (request.amount > config_.limit) {
    return {.approved = false,
            .gateway_tx_id = "",
            .decline_reason = "payment declined: amount " + std::to_string(request.amount) +
                              " exceeds the limit " + std::to_string(config_.limit)};
  }
  const std::size_t digest = std::hash<std::string>{}(request.idempotency_key);
  return {.approved = true, .gateway_tx_id = "pg-" + std::to_string(digest), .decline_reason = ""};
}

std::string SimulatedGateway::Refund(const std::string& gateway_tx_id, std::int64_t /*amount*/) {
  SimulateCall();
  return "rf-" + gateway_tx_id;
}

}  // namespace sagashop::payment
