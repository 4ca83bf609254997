#include "app/dead_letter_routes.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "app/dead_letter_json.h"
#include "platform/core/timestamp.h"
#include "platform/db/run_in_transaction.h"
#include "platform/http/json_response.h"
#include "platform/http/problem.h"
#include "platform/inbox/dead_letter_store.h"
#include "services/common/access.h"
#include "services/common/http_params.h"

namespace sagashop::app {
namespace {

// The status words of the API, as `sagashop dlt --status` takes them.
std::optional<inbox::DeadLetterStatus> StatusParam(const http::Request& request) {
  const auto text = request.QueryParam("status");
  if (!text) return std::nullopt;
  if (auto status = ParseStatusWord(*text)) return status;
  throw http::ProblemError(
      http::BadRequest("status", "must be parked, replay_requested or replayed"));
}

// "<service>-<n>" of this service; another service's name or a malformed one is not here (404).
std::int64_t OwnIdOf(std::string_view name, const std::string& service) {
  const std::optional<inbox::DeadLetterName> parsed = inbox::ParseDeadLetterName(name);
  if (!parsed || parsed->consumer != service) {
    throw http::ProblemError(
        http::NotFound("no dead letter " + std::string(name) + " in the " + service + " service"));
  }
  return parsed->id;
}

class DeadLetterRoutes {
 public:
  DeadLetterRoutes(db::Database& database, std::string service)
      : database_(database), service_(std::move(service)) {}

  http::Response List(const http::Request& request) const {
    services::Access(request).RequireScope(services::kOperatorScope);
    inbox::DeadLetterFilter filter;
    filter.status = StatusParam(request);
    if (auto topic = request.QueryParam("topic")) {
      // No topic holds a NUL, and PostgreSQL refuses one in a text parameter.
      if (topic->find('\0') != std::string_view::npos) {
        throw http::ProblemError(http::BadRequest("topic", "must not contain NUL"));
      }
      filter.topic = std::string(*topic);
    }
    filter.after_id = services::OptionalPositiveQueryParam(request, "after").value_or(0);
    const int limit = services::LimitQueryParam(request);
    filter.limit = limit + 1;  // one more than asked tells whether a next page exists
    std::vector<inbox::DeadLetter> found = db::RunReadTransaction(
        database_, [&](db::Transaction& tx) { return inbox::DeadLetterStore(tx).List(filter); });
    const bool more = found.size() > static_cast<std::size_t>(limit);
    if (more) found.pop_back();
    boost::json::array items;
    items.reserve(found.size());
    for (const inbox::DeadLetter& dead_letter : found)
      items.push_back(DeadLetterToJson(dead_letter));
    boost::json::object page{{"items", std::move(items)}};
    page["next"] = more ? boost::json::value(found.back().id) : boost::json::value(nullptr);
    return http::JsonResponse(200, page);
  }

  http::Response Replay(const http::Request& request) const {
    services::Access(request).RequireScope(services::kOperatorScope);
    const std::string& name = request.path_params.at(0);
    const std::int64_t id = OwnIdOf(name, service_);
    struct Outcome {
      bool requested = false;
      std::optional<inbox::DeadLetter> dead_letter;
    };
    const Outcome outcome = db::RunInTransaction(database_, [&](db::Transaction& tx) {
      inbox::DeadLetterStore store(tx);
      Outcome result;
      result.requested = store.RequestReplay(id, NowRfc3339());
      // Wakes the replayer now rather than at its next poll.
      if (result.requested) tx.Notify(inbox::DeadLetterChannel(service_));
      result.dead_letter = store.Find(id);
      return result;
    });
    if (!outcome.dead_letter) {
      throw http::ProblemError(
          http::NotFound("no dead letter " + name + " in the " + service_ + " service"));
    }
    if (!outcome.requested) {
      throw http::ProblemError(http::Conflict("dead letter " + name + " is " +
                                              StatusWord(outcome.dead_letter->status) +
                                              ", not parked: only a parked one can be replayed"));
    }
    return http::JsonResponse(202, DeadLetterToJson(*outcome.dead_letter));
  }

 private:
  db::Database& database_;
  std::string service_;
};

}  // namespace

void AddDeadLetterRoutes(http::Router& router, db::Database& database, std::string service) {
  auto routes = std::make_shared<const DeadLetterRoutes>(database, std::move(service));
  router.Add("GET", "/dead-letters",
             [routes](const http::Request& request) { return routes->List(request); });
  router.Add("POST", "/dead-letters/{id}/replay",
             [routes](const http::Request& request) { return routes->Replay(request); });
}

}  // namespace sagashop::app
