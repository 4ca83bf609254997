#pragma once

#include "platform/http/async_client.h"
#include "services/payment/domain/payment_gateway.h"

namespace sagashop::payment {

// The payment gateway port over a provider's HTTP API (docs/outside-world.md): Charge is
// `POST /v1/charges`, Refund `POST /v1/refunds`, each with the request's idempotency key as the
// `Idempotency-Key` header, so a retry after a timeout is answered with the original outcome.
// Asynchronous over a pooled AsyncHttpClient: hundreds of calls in flight, no thread each.
// No answer, 429 and 5xx are Unavailable; other rejections too, logged as errors (a bug here).
class HttpPaymentGateway final : public PaymentGateway {
 public:
  // `client` names the provider's host and port, the pool and the per-call timeout; validated
  // (std::invalid_argument).
  explicit HttpPaymentGateway(http::AsyncClientConfig client);

  void Charge(const ChargeRequest& request, CallDone<ChargeResult> done) override;
  void Refund(const RefundRequest& request, CallDone<RefundResult> done) override;

 private:
  http::AsyncHttpClient client_;
};

// How an answer becomes an outcome; pure, for tests.
CallOutcome<ChargeResult> ChargeOutcomeOf(const http::AsyncResult& result);
CallOutcome<RefundResult> RefundOutcomeOf(const http::AsyncResult& result);

}  // namespace sagashop::payment
