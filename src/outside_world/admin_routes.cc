#include "outside_world/behaviour_change.h"
#include "outside_world/field_problems.h"
#include "outside_world/record_json.h"
#include "outside_world/routes.h"
#include "platform/core/json_fields.h"
#include "platform/http/json_response.h"
#include "platform/http/problem.h"

namespace sagashop::outside_world {
namespace {

// A day: any test or demonstration is over by then.
constexpr std::int64_t kMaxOutageSeconds = 86'400;

Face& FaceNamed(ApiContext& context, const std::string& name) {
  if (name == "payment") return context.payment;
  if (name == "carrier") return context.carrier;
  throw http::ProblemError(
      http::NotFound("no face '" + name.substr(0, 40) + "'; the faces are payment and carrier"));
}

boost::json::object FaceJson(const Face& face) {
  return BehaviourJson(face.Behaviour(), face.OutageSecondsLeft(Face::Clock::now()));
}

}  // namespace

void AddAdminRoutes(http::Router& router, ApiContext& context) {
  router.Add("GET", "/health", [](const http::Request&) {
    return http::JsonResponse(200, boost::json::object{{"status", "UP"}});
  });

  router.Add("GET", "/v1/admin/behaviour", [&context](const http::Request&) {
    return http::JsonResponse(200, boost::json::object{{"payment", FaceJson(context.payment)},
                                                       {"carrier", FaceJson(context.carrier)}});
  });

  router.Add("PUT", "/v1/admin/behaviour/{face}", [&context](const http::Request& request) {
    Face& face = FaceNamed(context, request.path_params.at(0));
    // Read, change and store are not one atomic step; two admins changing one face at once is
    // not a case a test double needs to order.
    const FaceBehaviour next =
        ReadOrBadRequest([&] { return ApplyBehaviourChange(face.Behaviour(), request.body); });
    face.SetBehaviour(next);
    return http::JsonResponse(200, FaceJson(face));
  });

  router.Add("POST", "/v1/admin/outage/{face}", [&context](const http::Request& request) {
    Face& face = FaceNamed(context, request.path_params.at(0));
    const std::int64_t seconds = ReadOrBadRequest([&] {
      const boost::json::object object = ParseJsonObject(request.body);
      return JsonFields(object).Int64InRange("seconds", 0, kMaxOutageSeconds);
    });
    face.StartOutage(std::chrono::seconds(seconds), Face::Clock::now());
    return http::JsonResponse(200, FaceJson(face));
  });
}

}  // namespace sagashop::outside_world
