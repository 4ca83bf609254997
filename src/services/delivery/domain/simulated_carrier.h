#pragma once

#include <chrono>
#include <mutex>
#include <random>

#include "platform/core/latency_distribution.h"
#include "platform/core/later.h"
#include "services/delivery/domain/carrier.h"

namespace sagashop::delivery {

struct SimulatedCarrierConfig {
  std::chrono::milliseconds latency{0};      // the median time a call takes
  std::chrono::milliseconds latency_p99{0};  // its 99th percentile; below `latency`: constant
  double failure_rate = 0.0;                 // chance a call answers Unavailable

  void Validate() const;
};

// Refuses addresses containing "UNDELIVERABLE" (docs/contracts.md, Failure triggers); the tracking
// number derives from the order id, so a retried call answers as the first did. Answers after its
// simulated latency on a timer thread.
class SimulatedCarrier final : public Carrier {
 public:
  explicit SimulatedCarrier(SimulatedCarrierConfig config);

  void StartShipment(const ShipmentRequest& request, CallDone<ShipmentResult> done) override;

 private:
  SimulatedCarrierConfig config_;
  LatencyDistribution latency_;
  std::mutex random_mutex_;
  std::mt19937_64 random_;
  Later later_{1};  // last: stopped first, answering at once what still waits
};

}  // namespace sagashop::delivery
