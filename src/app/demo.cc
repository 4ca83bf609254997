#include "app/demo.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "platform/core/timestamp.h"
#include "platform/http/client.h"

namespace sagashop::app {
namespace {

// The four ways an order can go (docs/contracts.md, Failure triggers), and what each one is made
// of.
enum class Path { kHappy, kDeclined, kOutOfStock, kUndeliverable };

const char* PathName(Path path) {
  switch (path) {
    case Path::kHappy:
      return "completed";
    case Path::kDeclined:
      return "payment declined";
    case Path::kOutOfStock:
      return "out of stock";
    case Path::kUndeliverable:
      return "undeliverable";
  }
  return "?";
}

// Of every 20 orders: 11 complete, 3 of each failure.
Path PathOf(int index) {
  const int slot = index % 20;
  if (slot < 11) return Path::kHappy;
  if (slot < 14) return Path::kDeclined;
  if (slot < 17) return Path::kOutOfStock;
  return Path::kUndeliverable;
}

constexpr std::int64_t kLimitedProduct = 9;  // stock 2: orders of 5 cannot be reserved

struct Placed {
  std::int64_t id = 0;
  Path path = Path::kHappy;
};

boost::json::object OrderBody(int index, Path path) {
  const std::int64_t product = path == Path::kOutOfStock ? kLimitedProduct : 1 + index % 3;
  return {{"userId", 1001 + index % 7},
          {"productId", product},
          {"quantity", path == Path::kOutOfStock ? 5 : 1 + index % 2},
          {"amount", path == Path::kDeclined ? 2'000'000 : 10'000 + (index % 6) * 9'000},
          {"address", path == Path::kUndeliverable ? "UNDELIVERABLE 1 Nowhere Street"
                                                   : "12 Teheran-ro, Seoul"},
          {"paymentMethod", "CARD"}};
}

// Creates the sample products on first run and tops them up when a long-running shop sold out.
void SeedProducts(http::HttpClient& inventory) {
  const std::pair<std::int64_t, const char*> products[] = {
      {1, "Mechanical keyboard"}, {2, "Wireless mouse"}, {3, "27-inch monitor"}};
  for (const auto& [id, name] : products) {
    const http::Response current = inventory.Send("GET", "/inventory/" + std::to_string(id));
    if (current.status == 200 &&
        boost::json::parse(current.body).at("availableQuantity").as_int64() >= 200) {
      continue;
    }
    inventory.Send("PUT", "/inventory/" + std::to_string(id),
                   boost::json::serialize(
                       boost::json::object{{"productName", name}, {"availableQuantity", 1000}}));
  }
  if (inventory.Send("GET", "/inventory/" + std::to_string(kLimitedProduct)).status == 404) {
    inventory.Send("PUT", "/inventory/" + std::to_string(kLimitedProduct),
                   R"({"productName":"Limited edition","availableQuantity":2})");
  }
}

void DrawProgress(std::ostream& out, int finished, int total, bool tty) {
  constexpr int kWidth = 30;
  const int filled = total == 0 ? kWidth : finished * kWidth / total;
  if (tty) {
    out << "\r  sagas [" << std::string(filled, '#') << std::string(kWidth - filled, '-') << "] "
        << finished << "/" << total << " finished" << std::flush;
  }
}

double Percentile(std::vector<double> values, double fraction) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto rank =
      static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(values.size())));
  return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

std::string TimeOfDay(const std::string& rfc3339) {
  return rfc3339.size() >= 23 ? rfc3339.substr(11, 12) : rfc3339;
}

void Authorize(http::HttpClient& client, const DemoOptions& options) {
  if (!options.authorization.empty()) {
    client.SetDefaultHeaders({{"Authorization", options.authorization}});
  }
}

}  // namespace

bool DemoReport::Succeeded() const {
  const int happy = paths.contains("completed") ? paths.at("completed") : 0;
  int total = 0;
  for (const auto& [path, count] : paths) total += count;
  const int completed = statuses.contains("COMPLETED") ? statuses.at("COMPLETED") : 0;
  const int canceled = statuses.contains("CANCELED") ? statuses.at("CANCELED") : 0;
  return all_finished && paths.size() == 4 && completed == happy && canceled == total - happy;
}

DemoReport RunDemo(const DemoOptions& options, std::ostream& out) {
  const auto port = [&](int offset) {
    return static_cast<std::uint16_t>(options.base_port + offset);
  };
  const auto client_of = [&](int offset) {
    return http::HttpClient(options.host, port(offset), std::chrono::seconds(30), options.tls);
  };
  http::HttpClient inventory = client_of(2);
  Authorize(inventory, options);
  SeedProducts(inventory);

  out << "Demonstration: " << options.orders << " orders from " << options.clients
      << " clients along every path of the saga\n";
  const std::string run = std::to_string(std::random_device{}());
  std::vector<Placed> placed;
  std::mutex placed_mutex;
  std::atomic<int> next{0};
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> clients;
  clients.reserve(static_cast<std::size_t>(options.clients));
  for (int c = 0; c < options.clients; ++c) {
    clients.emplace_back([&] {
      http::HttpClient order_client = client_of(0);
      Authorize(order_client, options);
      for (int i = next++; i < options.orders; i = next++) {
        const Path path = PathOf(i);
        const http::Response response =
            order_client.Send("POST", "/orders", boost::json::serialize(OrderBody(i, path)),
                              {{"Idempotency-Key", "demo-" + run + "-" + std::to_string(i)}});
        if (response.status != 201) continue;
        const std::int64_t id = boost::json::parse(response.body).at("orderId").as_int64();
        std::lock_guard lock(placed_mutex);
        placed.push_back({id, path});
      }
    });
  }
  for (std::thread& client : clients) client.join();

  DemoReport report;
  http::HttpClient orders = client_of(0);
  Authorize(orders, options);
  const bool tty = ::isatty(STDOUT_FILENO) != 0;
  std::map<std::int64_t, boost::json::object> final_orders;
  const auto deadline = std::chrono::steady_clock::now() + options.deadline;
  while (true) {
    for (const Placed& order : placed) {
      if (final_orders.contains(order.id)) continue;
      const http::Response response = orders.Send("GET", "/orders/" + std::to_string(order.id));
      if (response.status != 200) continue;
      boost::json::object json = boost::json::parse(response.body).as_object();
      const std::string status(json.at("status").as_string());
      if (status == "COMPLETED" || status == "CANCELED" || status == "FAILED") {
        final_orders[order.id] = std::move(json);
      }
    }
    DrawProgress(out, static_cast<int>(final_orders.size()), options.orders, tty);
    report.all_finished = final_orders.size() == static_cast<std::size_t>(options.orders);
    if (report.all_finished || std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (tty) out << "\n";
  const double elapsed_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::int64_t sample = 0;
  for (const Placed& order : placed) {
    ++report.paths[PathName(order.path)];
    auto it = final_orders.find(order.id);
    if (it == final_orders.end()) continue;
    const boost::json::object& json = it->second;
    ++report.statuses[std::string(json.at("status").as_string())];
    const auto created = ParseTimestamp(json.at("createdAt").as_string());
    const auto updated = ParseTimestamp(json.at("updatedAt").as_string());
    report.saga_latencies_ms.push_back(
        std::chrono::duration<double, std::milli>(updated - created).count());
    const auto saga = boost::json::parse(
        orders.Send("GET", "/orders/" + std::to_string(order.id) + "/saga").body);
    for (const auto& step : saga.at("steps").as_array()) {
      const auto type = step.at("eventType").as_string();
      if (type == "payment.refunded.v1") ++report.refunds;
      if (type == "stock.released.v1") ++report.releases;
    }
    if (order.path == Path::kUndeliverable && sample == 0) sample = order.id;
  }

  out << "\n  " << placed.size() << " orders placed, " << final_orders.size() << " finished in "
      << std::fixed << std::setprecision(1) << elapsed_s << " s\n";
  for (const auto& [status, count] : report.statuses) {
    out << "  " << std::left << std::setw(12) << status << std::right << std::setw(4) << count
        << "\n";
  }
  out << "  by path:";
  for (const auto& [path, count] : report.paths) out << "  " << path << " " << count;
  out << "\n  compensations: " << report.refunds << " refunds, " << report.releases
      << " stock releases\n";
  out << std::setprecision(0) << "  saga latency (created -> final): p50 "
      << Percentile(report.saga_latencies_ms, 0.50) << " ms, p95 "
      << Percentile(report.saga_latencies_ms, 0.95) << " ms, p99 "
      << Percentile(report.saga_latencies_ms, 0.99) << " ms\n";

  if (sample != 0) {
    out << "\nOne compensated saga, order " << sample << " (undeliverable address):\n";
    const auto saga =
        boost::json::parse(orders.Send("GET", "/orders/" + std::to_string(sample) + "/saga").body);
    for (const auto& step : saga.at("steps").as_array()) {
      out << "  " << TimeOfDay(std::string(step.at("occurredAt").as_string())) << "  " << std::left
          << std::setw(10) << step.at("service").as_string().c_str() << std::setw(30)
          << step.at("eventType").as_string().c_str() << step.at("outcome").as_string().c_str()
          << std::right << "\n";
    }
  }
  out << (report.Succeeded() ? "\nEvery path ended as it should.\n"
                             : "\nThe demonstration did NOT end as expected.\n");
  return report;
}

}  // namespace sagashop::app
