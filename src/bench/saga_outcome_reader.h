#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "platform/core/timestamp.h"
#include "platform/http/client.h"

namespace sagashop::bench {

// An order's state as the Order service reports it.
struct OrderOutcome {
  std::string status;
  SystemTime updated_at;  // for a final order: when Order applied the final move (server clock)
  bool Final() const { return status == "COMPLETED" || status == "CANCELED" || status == "FAILED"; }
};

// Learns how a run's orders ended after the sending is over, from the Order service's own
// record: GET /orders?userId= in pages of 500 (one user id per run), so the measurement costs
// no request while orders are being sent and a few requests per thousand orders after. Each
// final order's updatedAt is the moment the Order service applied its COMPLETED or CANCELED
// move; the bench runs on the same host, so that clock is the bench's own.
class SagaOutcomeReader {
 public:
  // `authorization` is the Authorization header of its requests; empty = none.
  SagaOutcomeReader(const std::string& host, int order_port, std::int64_t user_id,
                    std::shared_ptr<boost::asio::ssl::context> tls = nullptr,
                    const std::string& authorization = {});

  // Reads until every one of `expected` orders is final or `deadline` passes, pausing briefly
  // between rounds; `pending` shows how many are still running.
  std::map<std::int64_t, OrderOutcome> WaitForFinal(std::size_t expected,
                                                    std::chrono::steady_clock::time_point deadline,
                                                    std::atomic<std::int64_t>& pending);

 private:
  // Reads the run's orders with ids above `after` into `outcomes`.
  void ReadAfter(std::int64_t after, std::map<std::int64_t, OrderOutcome>& outcomes);

  http::HttpClient client_;
  std::int64_t user_id_;
};

}  // namespace sagashop::bench
