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

// Never throws: after a wait it runs on a work thread, where nothing would catch it. The ledger
// could not record in time (its file's writer turn is contended): a real provider's 503, nothing
// was recorded. Anything else is a bug: a 500, its cause logged.
http::Response RecordOrUnavailable(const Face& face,
                                   const std::function<http::Response()>& record_and_answer) {
  try {
    return record_and_answer();
  } catch (const db::DbError& error) {
    if (error.IsRetryable()) {
      spdlog::warn("outside world: {} ledger busy: {}", face.Name(), error.what());
      return Unavailable(face, "busy", std::chrono::seconds(1));
    }
    spdlog::error("outside world: {} ledger failed: {}", face.Name(), error.what());
  } catch (const std::exception& error) {
    spdlog::error("outside world: {} call failed: {}", face.Name(), error.what());
  }
  return http::ToResponse(http::MakeProblem(500, "The simulator could not complete the call."));
}

}  // namespace

void RunFaceCall(ApiContext& context, Face& face, std::function<http::Response()> record_and_answer,
                 const http::Responder& respond) {
  const Decision decision = face.Decide(Face::Clock::now());
  if (decision.fate == Fate::kOutage) {
    return respond(Unavailable(face, "down (simulated outage)", decision.retry_after));
  }
  auto after_latency = [&context, &face, decision, record = std::move(record_and_answer),
                        respond](bool on_time) {
    if (!on_time) return respond(Unavailable(face, "shutting down", std::chrono::seconds(1)));
    if (decision.fate == Fate::kFailure) {
      return respond(Unavailable(face, "failing (simulated failure)", decision.retry_after));
    }
    http::Response response = RecordOrUnavailable(face, record);
    if (decision.fate != Fate::kAnswerLate) return respond(std::move(response));
    // The work is done and recorded; only the answer is late. A stopping simulator answers at
    // once: what the client would have got anyway.
    context.later.After(decision.late_by,
                        [respond, response = std::move(response)](bool) { respond(response); });
  };
  if (decision.latency.count() == 0) return after_latency(true);
  context.later.After(decision.latency, std::move(after_latency));
}

http::Response RunFaceLookup(Face& face, const std::function<http::Response()>& answer) {
  const std::int64_t outage_left = face.OutageSecondsLeft(Face::Clock::now());
  if (outage_left > 0) {
    return Unavailable(face, "down (simulated outage)", std::chrono::seconds(outage_left));
  }
  return answer();
}

}  // namespace sagashop::outside_world
