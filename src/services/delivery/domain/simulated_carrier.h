#pragma once

#include <chrono>
#include <mutex>
#include <random>

#include "services/delivery/domain/carrier.h"

namespace sagashop::delivery {

struct SimulatedCarrierConfig {
  std::chrono::milliseconds latency{0};
  double failure_rate = 0.0;  // chance a call throws CarrierUnavailable

  void Validate() const;
};

// Refuses addresses containing "UNDELIVERABLE" (DESIGN §3.4); the tracking number derives from the
// order id, so a retried call returns the same one.
class SimulatedCarrier final : public Carrier {
 public:
  explicit SimulatedCarrier(SimulatedCarrierConfig config);

  ShipmentResult StartShipment(const ShipmentRequest& request) override;

 private:
  SimulatedCarrierConfig config_;
  std::mutex random_mutex_;
  std::mt19937_64 random_;
};

}  // namespace sagashop::delivery
