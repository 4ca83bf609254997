#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <random>

#include "platform/core/latency_distribution.h"
#include "platform/core/later.h"
#include "services/payment/domain/payment_gateway.h"

namespace sagashop::payment {

struct SimulatedGatewayConfig {
  std::int64_t limit = 1'000'000;            // amounts above this are declined (docs/contracts.md)
  std::chrono::milliseconds latency{0};      // the median time a call takes
  std::chrono::milliseconds latency_p99{0};  // its 99th percentile; below `latency`: constant
  double failure_rate = 0.0;                 // chance a call answers Unavailable

  void Validate() const;
};

// An in-process stand-in for a payment provider: approval depends only on the amount, and the
// transaction id only on the idempotency key, so a retried call answers as the first did. Calls
// answer after their simulated latency on a timer thread, so any number wait at once.
class SimulatedGateway final : public PaymentGateway {
 public:
  explicit SimulatedGateway(SimulatedGatewayConfig config);

  void Charge(const ChargeRequest& request, CallDone<ChargeResult> done) override;
  void Refund(const RefundRequest& request, CallDone<RefundResult> done) override;

 private:
  // When the answer comes, and whether it is a simulated temporary failure.
  struct Timing {
    std::chrono::microseconds latency;
    bool fails;
  };
  Timing NextTiming();

  SimulatedGatewayConfig config_;
  LatencyDistribution latency_;
  std::mutex random_mutex_;
  std::mt19937_64 random_;
  Later later_{1};  // last: stopped first, answering at once what still waits
};

}  // namespace sagashop::payment
