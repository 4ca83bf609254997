#include "outside_world/face_call.h"

#include <spdlog/spdlog.h>

#include "platform/db/db_error.h"
#include "platform/http/problem.h"

namespace sagashop::outside_world {
namespace {

http::Response Unavailable(const Face& face, const std::string& why,
                           std::chrono::seconds retry_after) {
  http::Response response =
      http::ToResponse(http::MakeProblem(503, "the " + face.Name() + " face is " + why));
  response.headers.emplace_back("Retry-After",
                                std::to_string(std::max<std::int64_t>(1, retry_after.count())));
  return response;
}

// The ledger could not record in time (the file's writer turn is contended): a real provider's
// 503, nothing was recorded.
http::Response RecordOrUnavailable(const Face& face,
                                   const std::function<http::Response()>& record_and_answer) {
  try {
    return record_and_answer();
  } catch (const db::DbError& error) {
    if (!error.IsRetryable()) throw;
    spdlog::warn("outside world: {} ledger busy: {}", face.Name(), error.what());
    return Unavailable(face, "busy", std::chrono::seconds(1));
  }
}

}  // namespace

http::Response RunFaceCall(ApiContext& context, Face& face,
                           const std::function<http::Response()>& record_and_answer) {
  const Decision decision = face.Decide(Face::Clock::now());
  if (decision.fate == Fate::kOutage) {
    return Unavailable(face, "down (simulated outage)", decision.retry_after);
  }
  if (!context.pauses.Wait(decision.latency)) {
    return Unavailable(face, "shutting down", std::chrono::seconds(1));
  }
  if (decision.fate == Fate::kFailure) {
    return Unavailable(face, "failing (simulated failure)", decision.retry_after);
  }
  http::Response response = RecordOrUnavailable(face, record_and_answer);
  // The work is done and recorded; only the answer is late. A stopping simulator answers at
  // once: what the client would have got anyway.
  if (decision.fate == Fate::kAnswerLate) context.pauses.Wait(decision.late_by);
  return response;
}

http::Response RunFaceLookup(Face& face, const std::function<http::Response()>& answer) {
  const std::int64_t outage_left = face.OutageSecondsLeft(Face::Clock::now());
  if (outage_left > 0) {
    return Unavailable(face, "down (simulated outage)", std::chrono::seconds(outage_left));
  }
  return answer();
}

}  // namespace sagashop::outside_world
