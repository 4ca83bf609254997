#include "outside_world/answers.h"

#include "platform/http/json_response.h"
#include "platform/http/problem.h"

namespace sagashop::outside_world {

http::Response AnswerJson(bool replayed, const boost::json::object& body) {
  http::Response response = http::JsonResponse(200, body);
  if (replayed) response.headers.emplace_back("Idempotent-Replayed", "true");
  return response;
}

http::Response RefusalResponse(const LedgerRefusal& refusal) {
  switch (refusal.GetReason()) {
    case LedgerRefusal::Reason::kKeyReused:
      return http::ToResponse(http::UnprocessableContent(refusal.what()));
    case LedgerRefusal::Reason::kUnknownCharge:
      return http::ToResponse(http::NotFound(refusal.what()));
    case LedgerRefusal::Reason::kNotRefundable:
      break;
  }
  return http::ToResponse(http::Conflict(refusal.what()));
}

}  // namespace sagashop::outside_world
