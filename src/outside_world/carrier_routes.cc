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

void AddCarrierRoutes(http::Router& router, ApiContext& context) {
  router.AddDeferred(
      "POST", "/v1/shipments", [&context](const http::Request& request, http::Responder respond) {
        const ShipmentCall call = ReadOrBadRequest(
            [&] { return ReadShipmentCall(ReadIdempotencyKey(request), request.body); });
        RunFaceCall(
            context, context.carrier,
            [&context, call] {
              try {
                const auto answered = context.ledger.Ship(call, RefusalReason(call.address));
                return AnswerJson(answered.replayed, ShipmentJson(answered.record));
              } catch (const LedgerRefusal& refusal) {
                return RefusalResponse(refusal);
              }
            },
            respond);
      });

  router.Add("GET", "/v1/shipments", [&context](const http::Request& request) {
    const auto key = request.QueryParam("idempotencyKey");
    if (!key || key->empty()) {
      throw http::ProblemError(http::BadRequest("idempotencyKey", "idempotencyKey is required"));
    }
    return RunFaceLookup(context.carrier, [&] {
      const auto shipment = context.ledger.FindShipment(std::string(*key));
      if (!shipment) {
        return http::ToResponse(
            http::NotFound("no shipment under key '" + std::string(*key) + "'"));
      }
      return http::JsonResponse(200, ShipmentJson(*shipment));
    });
  });
}

}  // namespace sagashop::outside_world
