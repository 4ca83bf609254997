#include "e2e/support/network_faults.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <iostream>
#include <sstream>
#include <thread>

#include "e2e/network_faults/order_load.h"
#include "e2e/support/order_pages.h"
#include "e2e/support/system_under_test.h"
#include "support/eventually.h"

namespace sagashop::testing {
namespace {

using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

// How long a partition lasts: what the issue names. The heal is then waited for by facts.
constexpr auto kFaultDuration = seconds(20);
// Enough stock that no order of a test is ever out of it.
constexpr int kStock = 100000;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The /ready answer of `service` (status code and body), null when it did not answer at all.
boost::json::object ReadyOf(SystemUnderTest& system, const std::string& service) {
  try {
    auto client = system.Client(service);
    const http::Response response = client->Send("GET", "/ready");
    boost::json::object ready = boost::json::parse(response.body).as_object();
    ready["httpStatus"] = response.status;
    return ready;
  } catch (const std::exception& error) {
    return {{"httpStatus", 0}, {"error", error.what()}};
  }
}

// "database" or "bus": the /ready check a server's loss shows in.
std::string CheckOf(const std::string& server) {
  return server == "pg" ? "database" : "bus";
}

bool ReportsDown(const boost::json::object& ready, const std::string& check) {
  return ready.at("httpStatus") == 503 && ready.at("checks").at(check).at("status") == "DOWN";
}

bool ReportsUp(const boost::json::object& ready, const std::string& check) {
  return ready.at("httpStatus") == 200 && ready.at("checks").at(check).at("status") == "UP";
}

class NetworkFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    system_ = std::make_unique<SystemUnderTest>(Mode::kDistributed, std::vector<std::string>{},
                                                std::map<std::string, int>{},
                                                faults_.ProxiedServerArgs());
    ASSERT_EQ(
        system_
            ->Send("inventory", "PUT", "/inventory/1",
                   R"({"productName":"cable","availableQuantity":)" + std::to_string(kStock) + "}")
            .status,
        201);
  }

  void TearDown() override {
    faults_.Heal();
    // A system that failed to start has no logs left to show: its error already carried them.
    if (HasFailure() && system_) std::cerr << system_->Logs();
    system_.reset();
  }

  // Waits until some orders have completed, so that every service is past its start.
  void WaitForFirstCompletions() {
    ASSERT_TRUE(Eventually([&] { return !AllOrders(*system_, "COMPLETED").empty(); }, seconds(60),
                           std::chrono::milliseconds(200)));
  }

  // Waits until every order the system has, and every one `load` was told was accepted, has
  // completed; returns how long that took from `since`. Then: no dead letter, no stock left
  // reserved, and `sagashop verify` finds every invariant kept.
  double ExpectEverythingCompletes(const OrderLoad& load, Clock::time_point since) {
    std::size_t orders = 0;
    std::size_t completed = 0;
    const bool done = Eventually(
        [&] {
          orders = AllOrders(*system_).size();
          completed = AllOrders(*system_, "COMPLETED").size();
          return orders == completed;
        },
        seconds(240), std::chrono::milliseconds(250));
    const double took = SecondsSince(since);
    EXPECT_TRUE(done) << completed << " of " << orders << " orders completed";
    std::set<std::int64_t> completed_ids;
    for (const auto& order : AllOrders(*system_, "COMPLETED")) {
      completed_ids.insert(order.at("id").as_int64());
    }
    for (const std::int64_t id : load.Accepted()) {
      EXPECT_TRUE(completed_ids.contains(id)) << "accepted order " << id << " did not complete";
    }
    EXPECT_GE(completed_ids.size(), load.Accepted().size());
    EXPECT_GT(load.Accepted().size(), 0U);
    ExpectNoDeadLetters();
    EXPECT_TRUE(Eventually([&] { return NothingReserved(*system_, 1); }, seconds(60)));
    std::string report;
    EXPECT_EQ(system_->Verify(&report), 0) << report;
    return took;
  }

  void ExpectNoDeadLetters() {
    std::string output;
    ASSERT_EQ(system_->RunCommand({"dlt", "list", "--json"}, &output), 0) << output;
    std::istringstream lines(output);
    for (std::string line; std::getline(lines, line);) {
      if (!line.starts_with("[")) continue;
      const auto parked = boost::json::parse(line).as_array();
      EXPECT_TRUE(parked.empty()) << "parked: " << boost::json::serialize(parked);
      return;
    }
    ADD_FAILURE() << "no JSON from dlt list:\n" << output;
  }

  FaultInjector faults_;
  std::unique_ptr<SystemUnderTest> system_;
};

struct Cut {
  std::string service;
  std::string server;
};

// What ctest's test names show of a Cut, instead of its bytes.
void PrintTo(const Cut& cut, std::ostream* out) {
  *out << cut.service << " from " << cut.server;
}

class PartitionTest : public NetworkFaultTest, public ::testing::WithParamInterface<Cut> {};

// One service loses one server for 20 s while orders keep coming: its /ready says which and
// refuses traffic, the other services' links to that server stay up, nothing is lost or parked,
// and after the heal every order completes.
TEST_P(PartitionTest, ServiceCutOffFromServerRecoversWithNothingLost) {
  const std::string service = GetParam().service;
  const std::string server = GetParam().server;
  const std::string check = CheckOf(server);
  const std::string other = service == "order" ? "payment" : "order";
  OrderLoad load(*system_);
  WaitForFirstCompletions();

  const auto cut = Clock::now();
  faults_.Inject(FaultKind::kPartition, service, server);
  boost::json::object ready;
  EXPECT_TRUE(Eventually(
      [&] {
        ready = ReadyOf(*system_, service);
        return ReportsDown(ready, check);
      },
      kFaultDuration, std::chrono::milliseconds(500)))
      << service << " still reports " << boost::json::serialize(ready);
  std::cerr << service << " reported its " << check << " down " << SecondsSince(cut)
            << " s into the partition\n";
  EXPECT_TRUE(Eventually([&] { return ReportsUp(ReadyOf(*system_, other), check); }))
      << other << " has its own way to the server and keeps it";
  std::this_thread::sleep_until(cut + kFaultDuration);

  faults_.Heal();
  const auto healed = Clock::now();
  load.Stop();
  EXPECT_TRUE(Eventually([&] { return ReportsUp(ReadyOf(*system_, service), check); }, seconds(60),
                         std::chrono::milliseconds(250)));
  const double took = ExpectEverythingCompletes(load, healed);
  std::cerr << service << " -> " << server << ": " << load.Accepted().size() << " orders accepted, "
            << load.Refused() << " refused; all complete " << took << " s after the heal\n";
  RecordProperty("seconds_to_complete_after_heal", std::to_string(took));
}

INSTANTIATE_TEST_SUITE_P(EachServiceAndServer, PartitionTest,
                         ::testing::Values(Cut{"order", "kafka"}, Cut{"payment", "kafka"},
                                           Cut{"inventory", "kafka"}, Cut{"delivery", "kafka"},
                                           Cut{"order", "pg"}, Cut{"payment", "pg"},
                                           Cut{"inventory", "pg"}, Cut{"delivery", "pg"}),
                         [](const auto& info) {
                           return info.param.service + "_from_" + info.param.server;
                         });

// Places `count` orders from four threads and waits until they have all completed; returns sagas
// per second from the first order placed to the last one completed.
double SagasPerSecond(SystemUnderTest& system, int count, std::size_t completed_before) {
  const auto start = Clock::now();
  constexpr int kClients = 4;
  std::vector<std::thread> clients;
  clients.reserve(kClients);
  std::atomic<int> placed{0};
  for (int thread = 0; thread < kClients; ++thread) {
    clients.emplace_back([&] {
      auto client = system.Client("order");
      while (placed.fetch_add(1) < count) {
        const auto response = client->Send(
            "POST", "/orders", R"({"userId":22,"productId":1,"quantity":1,"amount":700})");
        EXPECT_EQ(response.status, 201) << response.body;
      }
    });
  }
  for (auto& client : clients) client.join();
  const std::size_t wanted = completed_before + static_cast<std::size_t>(count);
  EXPECT_TRUE(Eventually([&] { return AllOrders(system, "COMPLETED").size() >= wanted; },
                         seconds(300), std::chrono::milliseconds(200)));
  return count / SecondsSince(start);
}

// 300 ms more on every round trip to PostgreSQL, for every service: sagas take longer, none fails.
TEST_F(NetworkFaultTest, LatencyToPostgresSlowsSagasButFailsNone) {
  constexpr int kOrders = 40;
  const double before = SagasPerSecond(*system_, kOrders, 0);
  for (const std::string& service : SystemUnderTest::Services()) {
    faults_.Inject(FaultKind::kLatency, service, "pg",
                   {.direction = Direction::kToService, .latency_ms = 300});
  }
  const double slowed = SagasPerSecond(*system_, kOrders, kOrders);
  faults_.Heal();
  std::cerr << "sagas/s: " << before << " without, " << slowed
            << " with 300 ms more to PostgreSQL\n";
  RecordProperty("sagas_per_second", std::to_string(before));
  RecordProperty("sagas_per_second_with_300ms_to_postgres", std::to_string(slowed));
  EXPECT_TRUE(AllOrders(*system_, "CANCELED").empty());
  EXPECT_EQ(AllOrders(*system_, "COMPLETED").size(), 2U * kOrders);
  ExpectNoDeadLetters();
  std::string report;
  EXPECT_EQ(system_->Verify(&report), 0) << report;
}

// The rarer faults, all at once under load for 20 s: a one-way partition (payment's queries reach
// PostgreSQL, its answers never come back), every connection from delivery to Kafka reset, a thin
// link from order to Kafka, and a jittery one from inventory to Redis. Nothing is lost.
TEST_F(NetworkFaultTest, OneWayPartitionResetsAndSlowLinksLoseNothing) {
  OrderLoad load(*system_);
  WaitForFirstCompletions();
  const auto start = Clock::now();
  faults_.Inject(FaultKind::kPartition, "payment", "pg", {.direction = Direction::kToService});
  faults_.Inject(FaultKind::kReset, "delivery", "kafka", {.timeout_ms = 0});
  faults_.Inject(FaultKind::kBandwidth, "order", "kafka", {.rate_kb_per_s = 20});
  faults_.Inject(FaultKind::kLatency, "inventory", "redis", {.latency_ms = 50, .jitter_ms = 40});
  EXPECT_TRUE(Eventually([&] { return ReportsDown(ReadyOf(*system_, "payment"), "database"); },
                         kFaultDuration, std::chrono::milliseconds(500)));
  EXPECT_TRUE(Eventually([&] { return ReportsDown(ReadyOf(*system_, "delivery"), "bus"); },
                         kFaultDuration, std::chrono::milliseconds(500)));
  std::this_thread::sleep_until(start + kFaultDuration);
  faults_.Heal();
  const auto healed = Clock::now();
  load.Stop();
  const double took = ExpectEverythingCompletes(load, healed);
  std::cerr << load.Accepted().size() << " orders accepted, " << load.Refused()
            << " refused; all complete " << took << " s after the heal\n";
}

}  // namespace
}  // namespace sagashop::testing
