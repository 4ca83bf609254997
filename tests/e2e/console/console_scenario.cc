#include "e2e/console/console_scenario.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <random>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "e2e/support/child_process.h"
#include "e2e/support/event_injector.h"
#include "platform/core/timestamp.h"
#include "support/eventually.h"

namespace sagashop::testing {
namespace {

constexpr std::int64_t kPlentyProduct = 101;
constexpr std::int64_t kSoldOutProduct = 102;
constexpr std::int64_t kOkAmount = 25'000;
// Over the simulated gateway's limit (1,000,000 by default): declined.
constexpr std::int64_t kDeclinedAmount = 2'000'000;
constexpr const char* kAddress = "5 Console Street, Seoul";
// The key of the malformed event: no order has it, so it is easy to tell in the page.
constexpr std::int64_t kMalformedKey = 424242;
constexpr std::string_view kTraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

void Require(bool condition, const std::string& what) {
  if (!condition) throw std::runtime_error(what);
}

std::string Text(const boost::json::value& value) {
  return value.is_string() ? std::string(value.as_string()) : boost::json::serialize(value);
}

}  // namespace

ConsoleScenario::ConsoleScenario(SystemUnderTest& system, SimulatorProcess& outside_world)
    : system_(system),
      outside_world_(outside_world),
      run_(std::to_string(std::random_device{}())) {}

void ConsoleScenario::Make() {
  Stock(kPlentyProduct, 1000);
  Stock(kSoldOutProduct, 0);
  RunDemo();
  PlaceOnePerPath();
  // From here on the carrier answers nothing: orders wait at DELIVERY_PREPARING.
  const http::Response outage =
      outside_world_.Send("POST", "/v1/admin/outage/carrier", R"({"seconds":3600})");
  Require(outage.status == 200, "carrier outage: " + outage.body);
  ParkMalformedEvent();
  ParkEventBeforeItsOrder();
  MakeStuckSaga();
}

void ConsoleScenario::Stock(std::int64_t product, std::int64_t available) {
  const http::Response response =
      system_.Send("inventory", "PUT", "/inventory/" + std::to_string(product),
                   boost::json::serialize(boost::json::object{{"productName", "console test"},
                                                              {"availableQuantity", available}}));
  Require(response.status == 200 || response.status == 201, "stock: " + response.body);
}

// `sagashop demo`, as `make run` runs it: its orders are what a newcomer finds in the console.
void ConsoleScenario::RunDemo() {
  std::vector<std::string> args = {
      "demo", "--http-base-port=" + std::to_string(system_.Port("order")), "--demo-orders=20"};
  for (std::string& arg : system_.TokenArgs()) args.push_back(std::move(arg));
  for (std::string& arg : system_.ClientTlsArgs()) args.push_back(std::move(arg));
  const std::string log = std::string(SAGASHOP_E2E_LOG_DIR) + "/console-demo-" +
                          std::to_string(system_.Port("order")) + ".log";
  ChildProcess demo(SAGASHOP_BINARY, args, log);
  const int status = demo.WaitForExit(std::chrono::seconds(120));
  const std::string output = demo.LogTail(100'000);
  Require(status == 0, "the demonstration failed:\n" + output);
  std::smatch match;
  Require(std::regex_search(output, match, std::regex(R"(One compensated saga, order (\d+))")),
          "the demonstration named no compensated order:\n" + output);
  json_["demoCompensated"] = std::stoll(match[1].str());
}

std::int64_t ConsoleScenario::Place(std::int64_t user, std::int64_t product, std::int64_t amount,
                                    const std::string& address) {
  const http::Response response =
      system_.Send("order", "POST", "/orders",
                   boost::json::serialize(boost::json::object{{"userId", user},
                                                              {"productId", product},
                                                              {"quantity", 1},
                                                              {"amount", amount},
                                                              {"address", address}}));
  Require(response.status == 201, "POST /orders: " + response.body);
  last_order_ = boost::json::parse(response.body).at("orderId").as_int64();
  return last_order_;
}

boost::json::object ConsoleScenario::AwaitStatus(std::int64_t order_id, const std::string& status) {
  boost::json::object order;
  const bool reached = Eventually(
      [&] {
        order = system_.GetJson("order", "/orders/" + std::to_string(order_id)).as_object();
        return Text(order.at("status")) == status;
      },
      std::chrono::seconds(60), std::chrono::milliseconds(50));
  Require(reached, "order " + std::to_string(order_id) + " is " + Text(order.at("status")) +
                       ", not " + status);
  return order;
}

void ConsoleScenario::PlaceOnePerPath() {
  struct PathOrder {
    const char* path;
    std::int64_t user;
    std::int64_t product;
    std::int64_t amount;
    std::string address;
    const char* status;
  };
  const PathOrder paths[] = {
      {"completed", 9101, kPlentyProduct, kOkAmount, kAddress, "COMPLETED"},
      {"payment_declined", 9102, kPlentyProduct, kDeclinedAmount, kAddress, "CANCELED"},
      {"out_of_stock", 9103, kSoldOutProduct, kOkAmount, kAddress, "CANCELED"},
      {"undeliverable", 9104, kPlentyProduct, kOkAmount, "UNDELIVERABLE 9 Nowhere Lane",
       "CANCELED"},
  };
  boost::json::object orders;
  for (const PathOrder& order : paths) {
    const std::int64_t id = Place(order.user, order.product, order.amount, order.address);
    const boost::json::object final_order = AwaitStatus(id, order.status);
    orders[order.path] = boost::json::object{{"id", id},
                                             {"userId", order.user},
                                             {"createdAt", final_order.at("createdAt")},
                                             {"status", order.status}};
  }
  json_["orders"] = std::move(orders);
}

boost::json::array ConsoleScenario::DeadLettersWhenThereAre(std::size_t count,
                                                            const std::string& filter) {
  boost::json::array listed;
  const bool there = Eventually(
      [&] {
        std::string output;
        Require(system_.RunCommand({"dlt", "list", "--json", filter}, &output) == 0,
                "dlt list: " + output);
        std::istringstream lines(output);
        for (std::string line; std::getline(lines, line);) {
          if (line.starts_with("[")) listed = boost::json::parse(line).as_array();
        }
        return listed.size() >= count;
      },
      std::chrono::seconds(60), std::chrono::milliseconds(200));
  Require(there && listed.size() == count, "wanted " + std::to_string(count) + " dead letters (" +
                                               filter + "), have " +
                                               boost::json::serialize(listed));
  return listed;
}

// Not JSON at all, on a topic three services read: each parks its own copy.
void ConsoleScenario::ParkMalformedEvent() {
  const std::string id = "console-malformed-" + run_;
  InjectEvent(system_, {.topic = "order.created.v1",
                        .key = kMalformedKey,
                        .value = R"({"eventId":")" + id + R"(","eventType": oops)",
                        .event_id = id,
                        .trace_parent = std::string(kTraceParent)});
  DeadLettersWhenThereAre(3, "--topic=order.created.v1");
  json_["malformedKey"] = std::to_string(kMalformedKey);
}

// A delivery.started.v1 for the order that will be made next comes before its order: the order
// service parks it. The order, made then while the carrier is out, waits for its delivery; the
// browser test replays the parked event and sees the order complete.
void ConsoleScenario::ParkEventBeforeItsOrder() {
  const std::int64_t next = last_order_ + 1;
  const std::string id = "console-early-delivery-" + run_;
  const std::string value = boost::json::serialize(
      boost::json::object{{"eventId", id},
                          {"eventType", "delivery.started.v1"},
                          {"schemaVersion", 1},
                          {"occurredAt", FormatRfc3339(std::chrono::system_clock::now())},
                          {"correlationId", "console-" + run_},
                          {"orderId", next},
                          {"deliveryId", 900000 + next},
                          {"trackingNumber", "SIM-CONSOLE-" + std::to_string(next)},
                          {"carrier", "SIM-EXPRESS"}});
  InjectEvent(system_, {.topic = "delivery.started.v1",
                        .key = next,
                        .value = value,
                        .event_id = id,
                        .trace_parent = std::string(kTraceParent)});
  const boost::json::array parked = DeadLettersWhenThereAre(1, "--topic=delivery.started.v1");
  const boost::json::value& letter = parked.front();
  Require(Text(letter.at("service")) == "order" && Text(letter.at("eventId")) == id,
          "unexpected dead letter " + boost::json::serialize(letter));

  const std::int64_t order = Place(9105, kPlentyProduct, kOkAmount, kAddress);
  Require(order == next, "the order got id " + std::to_string(order) + ", not " +
                             std::to_string(next) + " as its early event said");
  AwaitStatus(order, "DELIVERY_PREPARING");
  json_["deadLetter"] = boost::json::object{{"id", letter.at("id")},
                                            {"service", "order"},
                                            {"orderId", order},
                                            {"eventType", "delivery.started.v1"}};
}

void ConsoleScenario::MakeStuckSaga() {
  const std::int64_t order = Place(9106, kPlentyProduct, kOkAmount, kAddress);
  AwaitStatus(order, "DELIVERY_PREPARING");
  const bool listed = Eventually(
      [&] {
        const boost::json::value stuck = system_.GetJson("order", "/sagas?stuck=true");
        for (const auto& saga : stuck.at("items").as_array()) {
          if (saga.at("orderId").as_int64() == order) return true;
        }
        return false;
      },
      std::chrono::seconds(60), std::chrono::milliseconds(200));
  Require(listed, "order " + std::to_string(order) + " was never listed as stuck");
  json_["stuck"] = boost::json::object{{"id", order}};
}

}  // namespace sagashop::testing
