#include <gtest/gtest.h>

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <mutex>
#include <random>
#include <set>
#include <span>
#include <sstream>

#include "e2e/support/event_injector.h"
#include "e2e/support/system_under_test.h"
#include "platform/bus/kafka/kafka_event_bus.h"
#include "platform/bus/namespaced_event_bus.h"
#include "support/eventually.h"
#include "support/server_tls.h"
#include "support/test_env.h"

namespace sagashop::testing {
namespace {

constexpr std::string_view kTraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

// A bad event is parked on a dead-letter topic, never silently dropped and never blocking
// (docs/contracts.md, rule 8): run against the real system in each mode, with poison put on its
// bus as a buggy producer would, and looked at and replayed with `sagashop dlt` as an operator
// would.
class DeadLettersTest : public ::testing::TestWithParam<Mode> {
 protected:
  void SetUp() override {
    system_ = std::make_unique<SystemUnderTest>(GetParam());
    std::random_device random;
    run_ = std::to_string(random());
  }
  void TearDown() override {
    if (HasFailure() && system_) std::cerr << system_->Logs();
    system_.reset();
  }

  // `sagashop dlt list --json <filters>`.
  boost::json::array List(std::vector<std::string> filters = {}) {
    std::vector<std::string> args = {"dlt", "list", "--json"};
    args.insert(args.end(), filters.begin(), filters.end());
    std::string output;
    const int status = system_->RunCommand(args, &output);
    EXPECT_EQ(status, 0) << output;
    std::istringstream lines(output);
    for (std::string line; std::getline(lines, line);) {
      if (line.starts_with("[")) return boost::json::parse(line).as_array();
    }
    ADD_FAILURE() << "no JSON in:\n" << output;
    return {};
  }

  // Waits until `dlt list --json <filters>` lists `count` dead letters.
  boost::json::array ListWhenThereAre(std::size_t count, std::vector<std::string> filters) {
    boost::json::array listed;
    const bool there = Eventually(
        [&] {
          listed = List(filters);
          return listed.size() >= count;
        },
        std::chrono::seconds(60), std::chrono::milliseconds(200));
    EXPECT_TRUE(there) << "wanted " << count << ", have " << boost::json::serialize(listed);
    EXPECT_EQ(listed.size(), count) << boost::json::serialize(listed);
    return listed;
  }

  std::int64_t Place() {
    const http::Response response =
        system_->Send("order", "POST", "/orders",
                      R"({"userId":7,"productId":1,"quantity":1,"amount":1000,"address":"Seoul"})");
    EXPECT_EQ(response.status, 201) << response.body;
    return boost::json::parse(response.body).at("orderId").as_int64();
  }

  bool Completes(std::int64_t order_id) {
    return Eventually(
        [&] {
          return system_->GetJson("order", "/orders/" + std::to_string(order_id)).at("status") ==
                 "COMPLETED";
        },
        std::chrono::seconds(60), std::chrono::milliseconds(50));
  }

  // Stocks product 1 and completes one order; the id the next order will get.
  std::int64_t NextOrderIdAfterOneCompleted() {
    EXPECT_EQ(system_
                  ->Send("inventory", "PUT", "/inventory/1",
                         R"({"productName":"Keyboard","availableQuantity":100})")
                  .status,
              201);
    const std::int64_t first = Place();
    EXPECT_TRUE(Completes(first));
    return first + 1;
  }

  // A well-formed payment.failed.v1 of `order_id`: unprocessable while that order does not exist.
  std::string PaymentFailedOf(const std::string& event_id, std::int64_t order_id) const {
    return R"({"eventId":")" + event_id +
           R"(","eventType":"payment.failed.v1","schemaVersion":1,)"
           R"("occurredAt":"2026-01-01T00:00:00.000000Z","correlationId":"c-)" +
           run_ + R"(","orderId":)" + std::to_string(order_id) + R"(,"reason":"card declined"})";
  }

  std::unique_ptr<SystemUnderTest> system_;
  std::string run_;  // makes the injected event ids unique
};

// What a consumer of the system's dead-letter topics on Kafka receives.
class DeadLetterTopicReader {
 public:
  DeadLetterTopicReader(const SystemUnderTest& system, std::vector<std::string> topics) {
    bus::KafkaConfig config;
    config.brokers = RequiredEnv("SAGASHOP_TEST_KAFKA_BROKERS");
    config.tls = TestServerTls();
    bus_ = std::make_unique<bus::NamespacedEventBus>(std::make_unique<bus::KafkaEventBus>(config),
                                                     system.BusNamespace());
    subscription_ = bus_->Subscribe({.group = "dlt-reader", .topics = std::move(topics)},
                                    [this](std::span<const bus::IncomingMessage> batch) {
                                      std::lock_guard lock(mutex_);
                                      received_.insert(received_.end(), batch.begin(), batch.end());
                                    });
  }
  std::vector<bus::IncomingMessage> Received() {
    std::lock_guard lock(mutex_);
    return received_;
  }

 private:
  std::unique_ptr<bus::EventBus> bus_;
  std::mutex mutex_;
  std::vector<bus::IncomingMessage> received_;
  std::unique_ptr<bus::Subscription> subscription_;
};

std::string Text(const boost::json::value& value) {
  return value.is_string() ? std::string(value.as_string()) : boost::json::serialize(value);
}

// The value of header `key` of a listed dead letter, or "<absent>".
std::string Header(const boost::json::value& dead_letter, std::string_view key) {
  for (const boost::json::value& header : dead_letter.at("headers").as_array()) {
    if (Text(header.at("key")) == key) return Text(header.at("value"));
  }
  return "<absent>";
}

TEST_P(DeadLettersTest, PoisonIsParkedWithItsErrorLaterEventsFlowAndReplayRedelivers) {
  const std::int64_t next = NextOrderIdAfterOneCompleted();
  ASSERT_FALSE(HasFailure());

  // Malformed: not JSON, on a topic three services read (all but Order, whose own event it is).
  // Unprocessable though well-formed: a payment.failed for an order that does not exist (yet),
  // which only the order service reads. Both are keyed by the next order, so they share partitions
  // with its events.
  const std::string bad_json_id = "poison-json-" + run_;
  const std::string bad_json = R"({"eventId":")" + bad_json_id + R"(","eventType": oops)";
  InjectEvent(*system_, {.topic = "order.created.v1",
                         .key = next,
                         .value = bad_json,
                         .event_id = bad_json_id,
                         .trace_parent = std::string(kTraceParent)});
  const std::string unknown_order_id = "poison-unknown-order-" + run_;
  InjectEvent(*system_, {.topic = "payment.failed.v1",
                         .key = next,
                         .value = PaymentFailedOf(unknown_order_id, next),
                         .event_id = unknown_order_id,
                         .trace_parent = std::string(kTraceParent)});

  // Every reader of order.created.v1 parks the malformed event: with its error and its headers.
  const boost::json::array malformed = ListWhenThereAre(3, {"--topic=order.created.v1"});
  std::set<std::string> services;
  for (const boost::json::value& dead_letter : malformed) {
    const std::string service = Text(dead_letter.at("service"));
    services.insert(service);
    EXPECT_EQ(Text(dead_letter.at("status")), "parked");
    EXPECT_EQ(Text(dead_letter.at("eventId")), bad_json_id);
    EXPECT_EQ(Text(dead_letter.at("value")), bad_json);
    EXPECT_EQ(Text(dead_letter.at("key")), std::to_string(next));
    EXPECT_EQ(Text(dead_letter.at("attempts")), "3");
    EXPECT_EQ(Text(dead_letter.at("errorClass")), "sagashop::contracts::MalformedEvent");
    EXPECT_NE(Text(dead_letter.at("error")).find("malformed JSON"), std::string::npos);
    EXPECT_EQ(Header(dead_letter, "ce_id"), bad_json_id);
    EXPECT_EQ(Header(dead_letter, "ce_type"), "order.created.v1");
    EXPECT_EQ(Header(dead_letter, "traceparent"), kTraceParent);
    EXPECT_EQ(Header(dead_letter, "dlt_error"), Text(dead_letter.at("error")));
    EXPECT_EQ(Header(dead_letter, "dlt_error_class"), "sagashop::contracts::MalformedEvent");
    EXPECT_EQ(Header(dead_letter, "dlt_attempts"), "3");
    EXPECT_EQ(Header(dead_letter, "dlt_consumer"), service);
    EXPECT_EQ(Header(dead_letter, "dlt_original_topic"), "order.created.v1");
    EXPECT_EQ(Header(dead_letter, "dlt_original_partition"), Text(dead_letter.at("partition")));
    EXPECT_EQ(Header(dead_letter, "dlt_original_offset"), Text(dead_letter.at("offset")));
    EXPECT_EQ(Header(dead_letter, "dlt_time"), Text(dead_letter.at("parkedAt")));
  }
  EXPECT_EQ(services, (std::set<std::string>{"payment", "inventory", "delivery"}));

  const boost::json::array unknown = ListWhenThereAre(1, {"--topic=payment.failed.v1"});
  const boost::json::value& unknown_order = unknown.front();
  EXPECT_EQ(Text(unknown_order.at("service")), "order");
  EXPECT_EQ(Text(unknown_order.at("eventId")), unknown_order_id);
  EXPECT_EQ(Text(unknown_order.at("errorClass")), "std::invalid_argument");
  EXPECT_EQ(Text(unknown_order.at("error")),
            "payment.failed.v1 for unknown order " + std::to_string(next));
  EXPECT_EQ(Header(unknown_order, "dlt_consumer"), "order");

  if (GetParam() != Mode::kEmbedded) {
    // Kafka's dead-letter topics have the same records, for whatever else watches them.
    DeadLetterTopicReader reader(*system_, {"order.created.v1.dlt", "payment.failed.v1.dlt"});
    std::set<std::string> parked_by;
    ASSERT_TRUE(Eventually(
        [&] {
          parked_by.clear();
          for (const bus::IncomingMessage& record : reader.Received()) {
            parked_by.insert(record.topic + " " +
                             std::string(record.FindHeader("dlt_consumer").value_or("?")) + " " +
                             std::string(record.FindHeader("ce_id").value_or("?")));
          }
          return parked_by.size() == 4;
        },
        std::chrono::seconds(60)));
    EXPECT_TRUE(parked_by.contains("order.created.v1.dlt inventory " + bad_json_id));
    EXPECT_TRUE(parked_by.contains("payment.failed.v1.dlt order " + unknown_order_id));
  }

  // Nothing is blocked: the next order, whose events follow the poison on the same partitions,
  // completes.
  const std::int64_t second = Place();
  ASSERT_EQ(second, next);
  ASSERT_TRUE(Completes(second));

  // The text form for people.
  std::string table;
  ASSERT_EQ(system_->RunCommand({"dlt", "list", "--status=parked"}, &table), 0) << table;
  EXPECT_NE(table.find("ATTEMPTS"), std::string::npos) << table;
  EXPECT_NE(table.find(Text(unknown_order.at("id")) + " "), std::string::npos) << table;
  EXPECT_NE(table.find("4 dead letter(s), 4 parked"), std::string::npos) << table;

  // Replayed as it was, the malformed event fails again everywhere: each reader parks it anew,
  // naming the dead letter it came from.
  std::string replay;
  ASSERT_EQ(system_->RunCommand({"dlt", "replay", "--all", "--topic=order.created.v1"}, &replay), 0)
      << replay;
  EXPECT_NE(replay.find("dlt replay: 3 replayed"), std::string::npos) << replay;
  const boost::json::array again =
      ListWhenThereAre(3, {"--topic=order.created.v1", "--status=parked"});
  std::set<std::string> replayed_names;
  for (const boost::json::value& dead_letter :
       List({"--topic=order.created.v1", "--status=replayed"})) {
    replayed_names.insert(Text(dead_letter.at("id")));
    EXPECT_FALSE(dead_letter.at("replayedAt").is_null());
  }
  EXPECT_EQ(replayed_names.size(), 3u);
  for (const boost::json::value& dead_letter : again) {
    EXPECT_EQ(Text(dead_letter.at("eventId")), bad_json_id);
    EXPECT_TRUE(replayed_names.contains(Header(dead_letter, "dlt_replay_of")))
        << boost::json::serialize(dead_letter);
  }

  // The payment.failed replayed now that its order exists is processed: the completed order
  // ignores it and says so in its history, and it is not parked again.
  ASSERT_EQ(system_->RunCommand({"dlt", "replay", Text(unknown_order.at("id"))}, &replay), 0)
      << replay;
  EXPECT_NE(replay.find("replayed to payment.failed.v1"), std::string::npos) << replay;
  EXPECT_TRUE(Eventually([&] {
    const auto saga = system_->GetJson("order", "/orders/" + std::to_string(second) + "/saga");
    for (const auto& step : saga.at("steps").as_array()) {
      if (step.at("eventType") == "payment.failed.v1" &&
          step.at("outcome") == "ignored: order was COMPLETED") {
        return true;
      }
    }
    return false;
  }));
  EXPECT_EQ(system_->GetJson("order", "/orders/" + std::to_string(second)).at("status"),
            "COMPLETED");
  const boost::json::array payment_failed = List({"--topic=payment.failed.v1"});
  ASSERT_EQ(payment_failed.size(), 1u) << boost::json::serialize(payment_failed);
  EXPECT_EQ(Text(payment_failed.front().at("status")), "replayed");

  // Asking again for what is not parked is refused by name.
  ASSERT_EQ(system_->RunCommand({"dlt", "replay", Text(unknown_order.at("id"))}, &replay), 1)
      << replay;
  EXPECT_NE(replay.find("is replayed, not parked"), std::string::npos) << replay;

  std::string report;
  EXPECT_EQ(system_->Verify(&report), 0) << report;
}

// The same dead letters over HTTP, as the console reads and replays them (docs/contracts.md,
// Operator endpoints): each service lists its own, a page at a time, and replays one on request.
TEST_P(DeadLettersTest, OperatorsListAndReplayDeadLettersOverHttp) {
  const std::int64_t next = NextOrderIdAfterOneCompleted();
  ASSERT_FALSE(HasFailure());
  // Two payment.failed events for an order that does not exist yet: the order service parks both.
  std::vector<std::string> event_ids;
  for (int i = 0; i < 2; ++i) {
    event_ids.push_back("poison-http-" + std::to_string(i) + "-" + run_);
    InjectEvent(*system_, {.topic = "payment.failed.v1",
                           .key = next,
                           .value = PaymentFailedOf(event_ids.back(), next),
                           .event_id = event_ids.back(),
                           .trace_parent = std::string(kTraceParent)});
  }
  boost::json::array parked;
  ASSERT_TRUE(Eventually(
      [&] {
        parked = system_->GetJson("order", "/dead-letters?status=parked").at("items").as_array();
        return parked.size() >= 2;
      },
      std::chrono::seconds(60), std::chrono::milliseconds(100)))
      << boost::json::serialize(parked);
  ASSERT_EQ(parked.size(), 2u) << boost::json::serialize(parked);
  const std::string name = Text(parked.front().at("id"));
  EXPECT_EQ(name.rfind("order-", 0), 0u) << name;
  EXPECT_EQ(Text(parked.front().at("service")), "order");
  EXPECT_EQ(Text(parked.front().at("eventId")), event_ids.front());
  EXPECT_EQ(Text(parked.front().at("error")),
            "payment.failed.v1 for unknown order " + std::to_string(next));
  EXPECT_EQ(Header(parked.front(), "dlt_consumer"), "order");
  // The other services parked nothing of this.
  for (const std::string service : {"payment", "inventory", "delivery"}) {
    EXPECT_TRUE(system_->GetJson(service, "/dead-letters?topic=payment.failed.v1")
                    .at("items")
                    .as_array()
                    .empty())
        << service;
  }

  // A page at a time.
  const boost::json::value first_page = system_->GetJson("order", "/dead-letters?limit=1");
  ASSERT_EQ(first_page.at("items").as_array().size(), 1u);
  ASSERT_TRUE(first_page.at("next").is_int64()) << boost::json::serialize(first_page);
  const boost::json::value second_page =
      system_->GetJson("order", "/dead-letters?limit=1&after=" + Text(first_page.at("next")));
  ASSERT_EQ(second_page.at("items").as_array().size(), 1u);
  EXPECT_EQ(Text(second_page.at("items").at(0).at("id")), Text(parked.at(1).at("id")));
  EXPECT_TRUE(second_page.at("next").is_null()) << boost::json::serialize(second_page);

  // Bad filters are named; ids that are not this service's are not found.
  const http::Response bad_status = system_->Send("order", "GET", "/dead-letters?status=lost");
  EXPECT_EQ(bad_status.status, 400);
  EXPECT_NE(bad_status.body.find("\"status\""), std::string::npos) << bad_status.body;
  EXPECT_EQ(system_->Send("payment", "POST", "/dead-letters/" + name + "/replay").status, 404);
  EXPECT_EQ(system_->Send("order", "POST", "/dead-letters/order-999999/replay").status, 404);
  EXPECT_EQ(system_->Send("order", "POST", "/dead-letters/nonsense/replay").status, 404);

  // Replayed once the order exists: processed this time, and marked so.
  ASSERT_EQ(Place(), next);
  ASSERT_TRUE(Completes(next));
  const http::Response replay = system_->Send("order", "POST", "/dead-letters/" + name + "/replay");
  ASSERT_EQ(replay.status, 202) << replay.body;
  EXPECT_EQ(Text(boost::json::parse(replay.body).at("status")), "replay_requested");
  boost::json::array replayed;
  ASSERT_TRUE(Eventually(
      [&] {
        replayed =
            system_->GetJson("order", "/dead-letters?status=replayed").at("items").as_array();
        return !replayed.empty();
      },
      std::chrono::seconds(60), std::chrono::milliseconds(100)));
  EXPECT_EQ(Text(replayed.front().at("id")), name);
  EXPECT_FALSE(replayed.front().at("replayedAt").is_null());
  const http::Response again = system_->Send("order", "POST", "/dead-letters/" + name + "/replay");
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_NE(again.body.find("replayed, not parked"), std::string::npos) << again.body;
  // The other one is still parked: nothing replays what was not asked for.
  const boost::json::array still =
      system_->GetJson("order", "/dead-letters?status=parked").at("items").as_array();
  ASSERT_EQ(still.size(), 1u);
  EXPECT_EQ(Text(still.front().at("eventId")), event_ids.back());
}

INSTANTIATE_TEST_SUITE_P(Modes, DeadLettersTest,
                         ::testing::Values(Mode::kEmbedded, Mode::kDistributed),
                         [](const ::testing::TestParamInfo<Mode>& info) {
                           return ModeName(info.param);
                         });

}  // namespace
}  // namespace sagashop::testing
