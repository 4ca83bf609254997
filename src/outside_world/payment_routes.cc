#include "outside_world/answers.h"
#include "outside_world/call_reading.h"
#include "outside_world/face_call.h"
#include "outside_world/field_problems.h"
#include "outside_world/record_json.h"
#include "outside_world/routes.h"
#include "outside_world/verdicts.h"
#include "platform/http/json_response.h"
#include "platform/http/problem.h"

namespace sagashop::outside_world {

void AddPaymentRoutes(http::Router& router, ApiContext& context) {
  router.AddDeferred(
      "POST", "/v1/charges", [&context](const http::Request& request, http::Responder respond) {
        const ChargeCall call = ReadOrBadRequest(
            [&] { return ReadChargeCall(ReadIdempotencyKey(request), request.body); });
        RunFaceCall(
            context, context.payment,
            [&context, call] {
              try {
                const auto answered =
                    context.ledger.Charge(call, DeclineReason(call.amount, context.payment_limit));
                return AnswerJson(answered.replayed, ChargeJson(answered.record));
              } catch (const LedgerRefusal& refusal) {
                return RefusalResponse(refusal);
              }
            },
            respond);
      });

  router.Add("GET", "/v1/charges", [&context](const http::Request& request) {
    const auto key = request.QueryParam("idempotencyKey");
    if (!key || key->empty()) {
      throw http::ProblemError(http::BadRequest("idempotencyKey", "idempotencyKey is required"));
    }
    return RunFaceLookup(context.payment, [&] {
      const auto charge = context.ledger.FindCharge(std::string(*key));
      if (!charge) {
        return http::ToResponse(http::NotFound("no charge under key '" + std::string(*key) + "'"));
      }
      return http::JsonResponse(200, ChargeJson(*charge));
    });
  });

  router.AddDeferred(
      "POST", "/v1/refunds", [&context](const http::Request& request, http::Responder respond) {
        const RefundCall call = ReadOrBadRequest(
            [&] { return ReadRefundCall(ReadIdempotencyKey(request), request.body); });
        RunFaceCall(
            context, context.payment,
            [&context, call] {
              try {
                const auto answered = context.ledger.Refund(call);
                return AnswerJson(answered.replayed, RefundJson(answered.record));
              } catch (const LedgerRefusal& refusal) {
                return RefusalResponse(refusal);
              }
            },
            respond);
      });
}

}  // namespace sagashop::outside_world
