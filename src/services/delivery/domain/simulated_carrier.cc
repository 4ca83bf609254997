#include "services/delivery/domain/simulated_carrier.h"

#include <stdexcept>
#include <thread>

namespace sagashop::delivery {

void SimulatedCarrierConfig::Validate() const {
  if (latency.count() < 0) throw std::invalid_argument("carrier-latency-ms must be >= 0");
  if (failure_rate < 0.0 || failure_rate > 1.0) {
    throw std::invalid_argument("carrier-failure-rate must be in [0, 1]");
  }
}

SimulatedCarrier::SimulatedCarrier(SimulatedCarrierConfig config)
    : config_(config), random_(std::random_device{}()) {
  config_.Validate();
}

ShipmentResult SimulatedCarrier::StartShipment(const ShipmentRequest& request) {
  if (config_.latency.count() > 0) std::this_thread::sleep_for(config_.latency);
  if (config_.failure_rate > 0.0) {
    std::lock_guard lock(random_mutex_);
    if (std::uniform_real_distribution<double>(0.0, 1.0)(random_) < config_.failure_rate) {
      throw CarrierUnavailable("simulated carrier: temporary failure");
    }
  }
  if (request.address.find("UNDELIVERABLE") != std::string::npos) {
    return {.accepted = false,
            .tracking_number = "",
            .carrier = "SIM-EXPRESS",
            .refusal_reason = "delivery failed: address is undeliverable"};
  }
  return {.accepted = true,
          .tracking_number = "SIM" + std::to_string(1'000'000'000 + request.order_id),
          .carrier = "SIM-EXPRESS",
          .refusal_reason = ""};
}

}  // namespace sagashop::delivery
