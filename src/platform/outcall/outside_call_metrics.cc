#include "platform/outcall/outside_call_metrics.h"

#include "platform/db/run_in_transaction.h"
#include "platform/outcall/outside_call_store.h"

namespace sagashop::outcall {

void AddOutsideCallMetrics(metrics::MetricsRegistry& registry,
                           const OutsideCallDispatcher& dispatcher, db::Database& database) {
  const std::string provider = dispatcher.Provider();
  registry.AddSampled(
      "sagashop_outside_call_attempts_total",
      "Attempts at calls to the outside world by outcome: answered, unavailable (refused or "
      "failed), timeout (no answer before the deadline). The last two are retried.",
      prometheus::MetricType::Counter, [&dispatcher, provider] {
        const OutsideCallCounters& counters = dispatcher.Counters();
        auto sample = [&provider](const char* outcome, std::uint64_t value) {
          return metrics::Sample{{{"provider", provider}, {"outcome", outcome}},
                                 static_cast<double>(value)};
        };
        return std::vector<metrics::Sample>{sample("answered", counters.answered.load()),
                                            sample("unavailable", counters.unavailable.load()),
                                            sample("timeout", counters.timed_out.load())};
      });
  registry.AddSampled("sagashop_outside_calls_in_flight",
                      "Calls to the outside world waiting for their answer.",
                      prometheus::MetricType::Gauge, [&dispatcher, provider] {
                        return std::vector<metrics::Sample>{
                            {{{"provider", provider}}, static_cast<double>(dispatcher.InFlight())}};
                      });
  registry.AddSampled("sagashop_outside_call_circuit_open",
                      "1 while the circuit breaker holds calls to the provider back, else 0.",
                      prometheus::MetricType::Gauge, [&dispatcher, provider] {
                        return std::vector<metrics::Sample>{
                            {{{"provider", provider}}, dispatcher.BreakerOpen() ? 1.0 : 0.0}};
                      });
  registry.AddSampled(
      "sagashop_outside_calls_pending",
      "Calls to the outside world decided and not yet answered (in flight, waiting for a retry, "
      "or held back by the breaker).",
      prometheus::MetricType::Gauge, [&database, provider] {
        const std::int64_t pending = db::RunInTransaction(
            database, [](db::Transaction& tx) { return OutsideCallStore(tx).CountPending(); });
        return std::vector<metrics::Sample>{
            {{{"provider", provider}}, static_cast<double>(pending)}};
      });
}

}  // namespace sagashop::outcall
