#pragma once

#include "platform/http/async_client.h"
#include "services/delivery/domain/carrier.h"

namespace sagashop::delivery {

// The carrier port over a carrier's HTTP API (docs/outside-world.md): StartShipment is
// `POST /v1/shipments` with the request's idempotency key as the `Idempotency-Key` header.
// Asynchronous over a pooled AsyncHttpClient, like HttpPaymentGateway, with the same mapping:
// no answer, 429 and 5xx are Unavailable; other rejections too, logged as errors.
class HttpCarrier final : public Carrier {
 public:
  // `client` names the carrier's host and port, the pool and the per-call timeout; validated
  // (std::invalid_argument).
  explicit HttpCarrier(http::AsyncClientConfig client);

  void StartShipment(const ShipmentRequest& request, CallDone<ShipmentResult> done) override;

 private:
  http::AsyncHttpClient client_;
};

// How an answer becomes an outcome; pure, for tests.
CallOutcome<ShipmentResult> ShipmentOutcomeOf(const http::AsyncResult& result);

}  // namespace sagashop::delivery
