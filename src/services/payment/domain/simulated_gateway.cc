#include "services/payment/domain/simulated_gateway.h"

#include <functional>
#include <stdexcept>

namespace sagashop::payment {

void SimulatedGatewayConfig::Validate() const {
  if (limit <= 0) throw std::invalid_argument("payment-limit must be positive");
  if (latency.count() < 0) throw std::invalid_argument("payment-latency-ms must be >= 0");
  if (failure_rate < 0.0 || failure_rate > 1.0) {
    throw std::invalid_argument("payment-failure-rate must be in [0, 1]");
  }
}

SimulatedGateway::SimulatedGateway(SimulatedGatewayConfig config)
    : config_((config.Validate(), config)),
      latency_(config_.latency, std::max(config_.latency, config_.latency_p99)),
      random_(std::random_device{}()) {}

SimulatedGateway::Timing SimulatedGateway::NextTiming() {
  std::lock_guard lock(random_mutex_);
  const bool fails = config_.failure_rate > 0.0 && std::uniform_real_distribution<double>(
                                                       0.0, 1.0)(random_) < config_.failure_rate;
  return {latency_.Sample(random_), fails};
}

void SimulatedGateway::Charge(const ChargeRequest& request, CallDone<ChargeResult> done) {
  const Timing timing = NextTiming();
  ChargeResult result;
  if (request.amount > config_.limit) {
    result.decline_reason = "payment declined: amount " + std::to_string(request.amount) +
                            " exceeds the limit " + std::to_string(config_.limit);
  } else {
    result.approved = true;
    result.gateway_tx_id =
        "pg-" + std::to_string(std::hash<std::string>{}(request.idempotency_key));
  }
  later_.After(timing.latency,
               [timing, result = std::move(result), done = std::move(done)](bool /*on_time*/) {
                 if (timing.fails) {
                   done(Unavailable{"simulated payment gateway: temporary failure", false});
                 } else {
                   done(result);
                 }
               });
}

void SimulatedGateway::Refund(const RefundRequest& request, CallDone<RefundResult> done) {
  const Timing timing = NextTiming();
  RefundResult result{.refund_tx_id = "rf-" + request.gateway_tx_id};
  later_.After(timing.latency,
               [timing, result = std::move(result), done = std::move(done)](bool /*on_time*/) {
                 if (timing.fails) {
                   done(Unavailable{"simulated payment gateway: temporary failure", false});
                 } else {
                   done(result);
                 }
               });
}

}  // namespace sagashop::payment
