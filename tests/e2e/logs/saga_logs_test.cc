#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "e2e/support/system_under_test.h"
#include "support/eventually.h"

namespace sagashop::testing {
namespace {

// What a client must never find in a log: the addresses and payment details it sent.
constexpr std::string_view kAddressMarker = "Teheran-ro-SECRET-7781";
constexpr std::string_view kCardNumber = "4111 1111 1111 1111";
constexpr std::string_view kCardDigits = "4111111111111111";
constexpr std::string_view kPaymentMethod = "SECRET_CARD_ZQX";
constexpr std::string_view kClientTraceParent =
    "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

struct LogLine {
  std::string process;  // whose log it is in
  std::string raw;
  boost::json::object json;

  std::string Field(std::string_view name) const {
    const boost::json::value* value = json.if_contains(name);
    if (value == nullptr) return {};
    if (value->is_string()) return std::string(value->as_string());
    return boost::json::serialize(*value);
  }
};

struct PlacedOrder {
  std::int64_t id = 0;
  std::string saga_id;
  std::string trace_id;  // from the traceresponse header
};

// The processes of `system` and their logs: four in distributed mode, one in embedded mode.
std::vector<std::string> Processes(const SystemUnderTest& system) {
  if (system.GetMode() == Mode::kDistributed) return SystemUnderTest::Services();
  return {"sagashop"};
}

class SagaLogsTest : public ::testing::TestWithParam<Mode> {
 protected:
  void SetUp() override {
    // Trace level: request bodies and event payloads are logged too (masked), so that masking
    // is tested where the data flows, not only where it is absent.
    system_ = std::make_unique<SystemUnderTest>(GetParam(),
                                                std::vector<std::string>{"--log-level=trace"});
    ASSERT_EQ(system_
                  ->Send("inventory", "PUT", "/inventory/1",
                         R"({"productName":"lamp","availableQuantity":100})")
                  .status,
              201);
  }
  void TearDown() override {
    if (HasFailure() && system_) std::cerr << system_->Logs();
  }

  PlacedOrder Place(const std::string& address, const http::HttpClient::Headers& headers) {
    const std::string body = R"({"userId":41,"productId":1,"quantity":1,"amount":700,"address":")" +
                             address + R"(","paymentMethod":")" + std::string(kPaymentMethod) +
                             R"("})";
    const http::Response response = system_->Send("order", "POST", "/orders", body, headers);
    EXPECT_EQ(response.status, 201) << response.body;
    const auto created = boost::json::parse(response.body).as_object();
    const std::string traceresponse(response.Header("traceresponse").value_or(""));
    EXPECT_EQ(traceresponse.size(), 55U) << "a W3C traceresponse: " << traceresponse;
    return {.id = created.at("orderId").as_int64(),
            .saga_id = std::string(created.at("sagaId").as_string()),
            .trace_id = traceresponse.size() == 55 ? traceresponse.substr(3, 32) : ""};
  }

  std::string FinalStatus(std::int64_t order_id) {
    std::string status;
    EXPECT_TRUE(Eventually(
        [&] {
          status = std::string(system_->GetJson("order", "/orders/" + std::to_string(order_id))
                                   .at("status")
                                   .as_string());
          return status == "COMPLETED" || status == "CANCELED";
        },
        std::chrono::seconds(60), std::chrono::milliseconds(50)));
    return status;
  }

  // Every line of every process's log, each parsed; a line that is not a JSON object fails.
  std::vector<LogLine> ReadLogs() {
    std::vector<LogLine> lines;
    for (const std::string& process : Processes(*system_)) {
      std::istringstream log(system_->LogOf(process));
      std::string raw;
      int number = 0;
      while (std::getline(log, raw)) {
        ++number;
        boost::system::error_code error;
        boost::json::value value = boost::json::parse(raw, error);
        EXPECT_TRUE(!error && value.is_object())
            << process << " log line " << number << " is not a JSON object: " << raw;
        if (error || !value.is_object()) continue;
        lines.push_back({process, raw, std::move(value.as_object())});
      }
    }
    return lines;
  }

  // The services that logged something in `trace_id`.
  std::set<std::string> ServicesIn(const std::vector<LogLine>& lines, const std::string& trace_id) {
    std::set<std::string> services;
    for (const LogLine& line : lines) {
      if (line.Field("traceId") == trace_id) services.insert(line.Field("service"));
    }
    return services;
  }

  // Every line of the order's trace belongs to the order and its saga; only the order service's
  // lines about the request itself come before the order exists.
  void ExpectTraceIsTheOrders(const std::vector<LogLine>& lines, const PlacedOrder& order) {
    int about_the_order = 0;
    for (const LogLine& line : lines) {
      if (line.Field("traceId") != order.trace_id) continue;
      if (line.Field("orderId").empty()) {
        EXPECT_EQ(line.Field("service"), "order") << line.raw;
        EXPECT_EQ(line.Field("message").rfind("POST /orders", 0), 0U) << line.raw;
        continue;
      }
      ++about_the_order;
      EXPECT_EQ(line.Field("orderId"), std::to_string(order.id)) << line.raw;
      EXPECT_EQ(line.Field("sagaId"), order.saga_id) << line.raw;
    }
    EXPECT_GT(about_the_order, 4);
  }

  std::unique_ptr<SystemUnderTest> system_;
};

TEST_P(SagaLogsTest, OneTraceIdFollowsEachSagaThroughAllFourServicesAndNothingSensitiveIsLogged) {
  // One completes, continuing the client's trace; one is compensated (refund, stock release), in
  // a trace the server begins.
  const PlacedOrder completing =
      Place("Seoul " + std::string(kAddressMarker) + " " + std::string(kCardNumber),
            {{"traceparent", std::string(kClientTraceParent)}});
  const PlacedOrder compensated =
      Place("UNDELIVERABLE " + std::string(kAddressMarker) + " " + std::string(kCardDigits), {});
  EXPECT_EQ(completing.trace_id, std::string(kClientTraceParent.substr(3, 32)))
      << "the client's trace is continued";
  EXPECT_NE(compensated.trace_id, completing.trace_id);
  ASSERT_EQ(FinalStatus(completing.id), "COMPLETED");
  ASSERT_EQ(FinalStatus(compensated.id), "CANCELED");

  // The saga records its trace, so it can be found from the order later.
  for (const PlacedOrder& order : {completing, compensated}) {
    const auto saga = system_->GetJson("order", "/orders/" + std::to_string(order.id) + "/saga");
    EXPECT_EQ(saga.at("traceId").as_string(), order.trace_id);
  }

  // A service logs before it commits, and the order is final only after the others committed;
  // the wait only guards against a slow flush.
  const std::set<std::string> all_four(SystemUnderTest::Services().begin(),
                                       SystemUnderTest::Services().end());
  std::vector<LogLine> lines;
  EXPECT_TRUE(Eventually(
      [&] {
        lines = ReadLogs();
        return ServicesIn(lines, completing.trace_id) == all_four &&
               ServicesIn(lines, compensated.trace_id) == all_four;
      },
      std::chrono::seconds(30), std::chrono::milliseconds(200)));
  lines = ReadLogs();
  ASSERT_FALSE(HasFailure());
  EXPECT_EQ(ServicesIn(lines, completing.trace_id), all_four);
  EXPECT_EQ(ServicesIn(lines, compensated.trace_id), all_four);
  ExpectTraceIsTheOrders(lines, completing);
  ExpectTraceIsTheOrders(lines, compensated);

  for (const LogLine& line : lines) {
    for (const char* field : {"time", "level", "service", "message"}) {
      EXPECT_TRUE(line.json.contains(field) && line.json.at(field).is_string())
          << field << " missing in " << line.raw;
    }
    if (GetParam() == Mode::kDistributed) {
      EXPECT_EQ(line.Field("service"), line.process) << "each process logs as its service";
    }
    // Nothing sensitive, in any form a line could carry it.
    for (std::string_view secret : {kAddressMarker, kCardNumber, kCardDigits, kPaymentMethod}) {
      EXPECT_EQ(line.raw.find(secret), std::string::npos) << secret << " logged: " << line.raw;
    }
  }
  // The masked payloads were there to be masked: the trace lines show them.
  EXPECT_TRUE(std::any_of(lines.begin(), lines.end(), [](const LogLine& line) {
    return line.Field("message").find(R"("address":"***")") != std::string::npos;
  }));
}

INSTANTIATE_TEST_SUITE_P(Modes, SagaLogsTest,
                         ::testing::Values(Mode::kEmbedded, Mode::kDistributed),
                         [](const ::testing::TestParamInfo<Mode>& info) {
                           return ModeName(info.param);
                         });

}  // namespace
}  // namespace sagashop::testing
