#include "bench/saga_outcome_reader.h"

#include <boost/json/parse.hpp>
#include <stdexcept>
#include <thread>

namespace sagashop::bench {

SagaOutcomeReader::SagaOutcomeReader(const std::string& host, int order_port, std::int64_t user_id,
                                     std::shared_ptr<boost::asio::ssl::context> tls,
                                     const std::string& authorization)
    : client_(host, static_cast<std::uint16_t>(order_port), std::chrono::seconds(30),
              std::move(tls)),
      user_id_(user_id) {
  if (!authorization.empty()) client_.SetDefaultHeaders({{"Authorization", authorization}});
}

void SagaOutcomeReader::ReadAfter(std::int64_t after,
                                  std::map<std::int64_t, OrderOutcome>& outcomes) {
  while (true) {
    std::string target = "/orders?userId=" + std::to_string(user_id_) + "&limit=500";
    if (after > 0) target += "&after=" + std::to_string(after);
    const http::Response response = client_.Send("GET", target);
    if (response.status != 200) {
      throw std::runtime_error("bench: GET " + target + " answered " +
                               std::to_string(response.status));
    }
    const boost::json::object page = boost::json::parse(response.body).as_object();
    for (const auto& item : page.at("items").as_array()) {
      const boost::json::object& order = item.as_object();
      outcomes[order.at("id").as_int64()] = {
          .status = std::string(order.at("status").as_string()),
          .updated_at = ParseTimestamp(order.at("updatedAt").as_string())};
    }
    const boost::json::value& next = page.at("next");
    if (next.is_null()) return;
    after = next.as_int64();
  }
}

std::map<std::int64_t, OrderOutcome> SagaOutcomeReader::WaitForFinal(
    std::size_t expected, std::chrono::steady_clock::time_point deadline,
    std::atomic<std::int64_t>& pending) {
  std::map<std::int64_t, OrderOutcome> outcomes;
  std::int64_t after = 0;  // every order at or below it is final
  while (true) {
    ReadAfter(after, outcomes);
    std::size_t running = expected > outcomes.size() ? expected - outcomes.size() : 0;
    bool prefix_final = true;
    for (const auto& [id, outcome] : outcomes) {
      if (!outcome.Final()) {
        ++running;
        prefix_final = false;
      } else if (prefix_final) {
        after = id;
      }
    }
    pending = static_cast<std::int64_t>(running);
    if (running == 0 || std::chrono::steady_clock::now() >= deadline) return outcomes;
    // A fifth of a second between rounds: a few list requests per second while sagas drain.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

}  // namespace sagashop::bench
