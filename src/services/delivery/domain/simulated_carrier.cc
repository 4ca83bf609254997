#include "services/delivery/domain/simulated_carrier.h"

#include <algorithm>
#include <stdexcept>

namespace sagashop::delivery {

void SimulatedCarrierConfig::Validate() const {
  if (latency.count() < 0) throw std::invalid_argument("carrier-latency-ms must be >= 0");
  if (failure_rate < 0.0 || failure_rate > 1.0) {
    throw std::invalid_argument("carrier-failure-rate must be in [0, 1]");
  }
}

SimulatedCarrier::SimulatedCarrier(SimulatedCarrierConfig config)
    : config_((config.Validate(), config)),
      latency_(config_.latency, std::max(config_.latency, config_.latency_p99)),
      random_(std::random_device{}()) {}

void SimulatedCarrier::StartShipment(const ShipmentRequest& request,
                                     CallDone<ShipmentResult> done) {
  std::chrono::microseconds latency;
  bool fails = false;
  {
    std::lock_guard lock(random_mutex_);
    latency = latency_.Sample(random_);
    fails = config_.failure_rate > 0.0 &&
            std::uniform_real_distribution<double>(0.0, 1.0)(random_) < config_.failure_rate;
  }
  ShipmentResult result{.accepted = true,
                        .tracking_number = "SIM" + std::to_string(1'000'000'000 + request.order_id),
                        .carrier = "SIM-EXPRESS",
                        .refusal_reason = ""};
  if (request.address.find("UNDELIVERABLE") != std::string::npos) {
    result = {.accepted = false,
              .tracking_number = "",
              .carrier = "SIM-EXPRESS",
              .refusal_reason = "delivery failed: address is undeliverable"};
  }
  later_.After(latency,
               [fails, result = std::move(result), done = std::move(done)](bool /*on_time*/) {
                 if (fails) {
                   done(Unavailable{"simulated carrier: temporary failure", false});
                 } else {
                   done(result);
                 }
               });
}

}  // namespace sagashop::delivery
