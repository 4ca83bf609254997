#include "bench/load_driver.h"

#include <boost/json/parse.hpp>
#include <memory>
#include <thread>

#include "bench/bench_catalog.h"
#include "bench/open_loop_schedule.h"
#include "platform/http/client.h"

namespace sagashop::bench {
namespace {

using Clock = std::chrono::steady_clock;

// An answered request that is not a 201 with an order id, by kind.
std::string ErrorKindOf(const http::Response& response) {
  return "http_" + std::to_string(response.status);
}

}  // namespace

struct LoadDriver::Sender {
  http::HttpClient client;
  LatencyHistogram post;
  std::map<std::string, std::int64_t> errors;
  std::vector<PlacedOrder> placed;
  std::int64_t sent = 0;
  std::int64_t accepted = 0;
  Clock::duration max_lag{0};

  Sender(const std::string& host, int port, std::shared_ptr<boost::asio::ssl::context> tls,
         const std::string& authorization)
      : client(host, static_cast<std::uint16_t>(port), std::chrono::seconds(10), std::move(tls)) {
    if (!authorization.empty()) client.SetDefaultHeaders({{"Authorization", authorization}});
  }
};

LoadDriver::LoadDriver(const BenchOptions& options, std::int64_t user_id, std::string run_id)
    : options_(options), mix_(options.Mix()), user_id_(user_id), run_id_(std::move(run_id)) {}

void LoadDriver::SendLoop(Sender& sender, LiveCounters& live) {
  const bool open = options_.OpenLoop();
  const OpenLoopSchedule schedule(start_, open ? options_.rate : 1.0);
  while (true) {
    const std::int64_t index = next_index_++;
    Clock::time_point due;
    if (open) {
      due = schedule.DueTime(index);
      if (due >= end_) return;
      std::this_thread::sleep_until(due);
      sender.max_lag = std::max(sender.max_lag, Clock::now() - due);
    } else {
      due = Clock::now();
      if (due >= end_) return;
    }
    const bool measured = due >= measure_from_;
    const OrderPath path = mix_.PathOf(index);
    std::optional<std::string> error;
    std::int64_t order_id = 0;
    try {
      const http::Response response = sender.client.Send(
          "POST", "/orders", BenchCatalog::OrderBody(path, user_id_),
          {{"Idempotency-Key", "bench-" + run_id_ + "-" + std::to_string(index)}});
      if (response.status == 201) {
        const auto parsed = boost::json::parse(response.body);
        const auto* id = parsed.is_object() ? parsed.as_object().if_contains("orderId") : nullptr;
        if (id != nullptr && id->is_int64()) {
          order_id = id->as_int64();
        } else {
          error = "bad_response";
        }
      } else {
        error = ErrorKindOf(response);
      }
    } catch (const http::HttpClientError& failure) {
      error = failure.IsRetryable() ? "transport" : "bad_http";
    } catch (const std::exception&) {
      error = "bad_response";
    }
    const Clock::time_point answered = Clock::now();
    ++live.sent;
    if (measured) {
      ++sender.sent;
      sender.post.Record(LatencyHistogram::MicrosOf(answered - due));
    }
    if (error) {
      ++live.errors;
      ++sender.errors[*error];
      continue;
    }
    ++live.accepted;
    if (measured) ++sender.accepted;
    sender.placed.push_back(
        {.id = order_id,
         .path = path,
         .due = wall_start_ + std::chrono::duration_cast<SystemTime::duration>(due - start_),
         .measured = measured});
  }
}

LoadReport LoadDriver::Run(LiveCounters& live) {
  const int threads = options_.OpenLoop() ? options_.connections : options_.clients;
  std::vector<std::unique_ptr<Sender>> senders;
  senders.reserve(static_cast<std::size_t>(threads));
  for (int i = 0; i < threads; ++i) {
    senders.push_back(std::make_unique<Sender>(options_.host, options_.order_port, options_.tls,
                                               options_.authorization));
  }
  // Both clocks read together: the steady one schedules, the wall one is what the servers stamp.
  start_ = Clock::now() + std::chrono::milliseconds(50);
  wall_start_ = std::chrono::system_clock::now() + std::chrono::milliseconds(50);
  measure_from_ = start_ + options_.warmup;
  end_ = measure_from_ + options_.duration;
  std::vector<std::thread> workers;
  workers.reserve(senders.size());
  for (auto& sender : senders) {
    workers.emplace_back([this, &sender, &live] { SendLoop(*sender, live); });
  }
  for (std::thread& worker : workers) worker.join();

  LoadReport report;
  report.window_start =
      wall_start_ + std::chrono::duration_cast<SystemTime::duration>(measure_from_ - start_);
  report.window_end = wall_start_ + std::chrono::duration_cast<SystemTime::duration>(end_ - start_);
  Clock::duration max_lag{0};
  for (auto& sender : senders) {
    report.post.Merge(sender->post);
    for (const auto& [kind, count] : sender->errors) report.errors[kind] += count;
    report.placed.insert(report.placed.end(), sender->placed.begin(), sender->placed.end());
    report.sent += sender->sent;
    report.accepted += sender->accepted;
    max_lag = std::max(max_lag, sender->max_lag);
  }
  report.max_send_lag_ms = std::chrono::duration<double, std::milli>(max_lag).count();
  return report;
}

}  // namespace sagashop::bench
