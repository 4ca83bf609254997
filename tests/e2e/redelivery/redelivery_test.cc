#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "e2e/support/kafka_group_rewind.h"
#include "e2e/support/system_under_test.h"
#include "support/eventually.h"
#include "support/test_env.h"

namespace sagashop::testing {
namespace {

// What each service consumes (the services' SubscribedTopics), to know when every published
// event has been handled.
const std::map<std::string, std::vector<std::string>> kConsumes = {
    {"order",
     {"payment.completed.v1", "payment.failed.v1", "payment.refunded.v1", "stock.reserved.v1",
      "stock.reservation_failed.v1", "stock.released.v1", "delivery.started.v1",
      "delivery.failed.v1"}},
    {"payment", {"order.created.v1", "stock.reservation_failed.v1", "delivery.failed.v1"}},
    {"inventory",
     {"order.created.v1", "payment.completed.v1", "delivery.started.v1", "delivery.failed.v1"}},
    {"delivery", {"order.created.v1", "stock.reserved.v1", "stock.released.v1"}},
};

// Everything the saga wrote, outbox delivery bookkeeping aside (status and sent_at change when
// rows are published again).
const std::map<std::string, std::vector<std::string>> kTables = {
    {"order", {"orders", "saga_instances", "saga_steps"}},
    {"payment", {"payments"}},
    {"inventory", {"inventory", "stock_reservations", "stock_adjustments", "order_lines"}},
    {"delivery", {"deliveries", "delivery_requests"}},
};

// Runs an ad-hoc statement; the name (PostgreSQL prepares each once per connection) is derived
// from the text so that two statements never share one.
db::ResultSet Query(db::Database& database, const std::string& sql) {
  const std::string name = "test_" + std::to_string(std::hash<std::string>{}(sql));
  auto tx = database.Begin();
  db::ResultSet rows = tx->Execute({name.c_str(), sql});
  tx->Commit();
  return rows;
}

std::int64_t Count(db::Database& database, const std::string& sql) {
  return Query(database, sql).Int64(0, 0);
}

class RedeliveryTest : public ::testing::TestWithParam<Mode> {
 protected:
  void SetUp() override {
    system_ = std::make_unique<SystemUnderTest>(GetParam());
    for (const auto& [service, topics] : kConsumes)
      databases_[service] = system_->OpenDatabase(service);
  }
  void TearDown() override {
    if (HasFailure() && system_) std::cerr << system_->Logs();
    databases_.clear();
    system_.reset();
  }

  // Every published event has been handled by every service that consumes it.
  bool Quiet() {
    std::map<std::string, std::int64_t> published;
    for (auto& [service, database] : databases_) {
      if (Count(*database, "SELECT count(*) FROM outbox_events WHERE status <> 'SENT'") > 0) {
        return false;
      }
      const db::ResultSet rows =
          Query(*database, "SELECT event_type, count(*) FROM outbox_events GROUP BY event_type");
      for (std::size_t row = 0; row < rows.RowCount(); ++row) {
        published[rows.Text(row, 0)] += rows.Int64(row, 1);
      }
    }
    for (const auto& [service, topics] : kConsumes) {
      std::int64_t expected = 0;
      for (const std::string& topic : topics) expected += published[topic];
      if (InboxRows(service) != expected) return false;
    }
    return true;
  }

  std::int64_t InboxRows(const std::string& service) {
    return Count(*databases_.at(service), "SELECT count(*) FROM inbox_events");
  }

  std::string Dump() {
    std::string dump;
    for (const auto& [service, tables] : kTables) {
      for (const std::string& table : tables) {
        const db::ResultSet rows =
            Query(*databases_.at(service), "SELECT * FROM " + table + " ORDER BY 1");
        for (std::size_t row = 0; row < rows.RowCount(); ++row) {
          dump += table + ":";
          for (std::size_t column = 0; column < rows.Columns().size(); ++column) {
            dump += " " + rows.Columns()[column] + "=" +
                    rows.OptionalText(row, column).value_or("NULL");
          }
          dump += "\n";
        }
      }
      const db::ResultSet events =
          Query(*databases_.at(service), "SELECT id, event_id, event_type FROM outbox_events");
      dump += service + " outbox events: " + std::to_string(events.RowCount()) + "\n";
    }
    return dump;
  }

  // A counter of `service`'s /metrics.
  std::int64_t Metric(const std::string& service, const std::string& name) {
    const http::Response response = system_->Send(service, "GET", "/metrics");
    const std::regex line(name + R"(\{[^}]*\} (\d+))");
    std::smatch match;
    if (!std::regex_search(response.body, match, line)) {
      throw std::runtime_error(name + " missing from " + service + "'s /metrics");
    }
    return std::stoll(match[1]);
  }

  // Delivers every event again to every consumer: on Kafka by rewinding every consumer group to
  // the start of its topics; in one process, where the bus keeps nothing, by publishing every
  // outbox row again (same event ids), which is what a relay that lost its SENT marks would do.
  void RedeliverEverything() {
    if (GetParam() == Mode::kEmbedded) {
      for (auto& [service, database] : databases_) {
        Query(*database, "UPDATE outbox_events SET status = 'PENDING', sent_at = NULL");
      }
      return;
    }
    const std::string prefix = system_->BusNamespace() + ".";
    for (const auto& [service, topics] : kConsumes) {
      std::vector<std::string> namespaced;
      for (const std::string& topic : topics) namespaced.push_back(prefix + topic);
      RewindConsumerGroup(RequiredEnv("SAGASHOP_TEST_KAFKA_BROKERS"),
                          system_->ConsumerGroup(service), namespaced);
    }
  }

  void PlaceMixedOrders(int count) {
    ASSERT_EQ(system_
                  ->Send("inventory", "PUT", "/inventory/1",
                         R"({"productName":"kettle","availableQuantity":1000})")
                  .status,
              201);
    for (int i = 0; i < count; ++i) {
      std::string body;
      switch (i % 4) {
        case 0:
          body = R"({"userId":9,"productId":1,"quantity":2,"amount":500})";
          break;
        case 1:  // declined
          body = R"({"userId":9,"productId":1,"quantity":1,"amount":5000000})";
          break;
        case 2:  // unknown product: refunded
          body = R"({"userId":9,"productId":77,"quantity":1,"amount":500})";
          break;
        default:  // undeliverable: stock released, refunded
          body =
              R"({"userId":9,"productId":1,"quantity":1,"amount":500,"address":"UNDELIVERABLE"})";
      }
      ASSERT_EQ(system_->Send("order", "POST", "/orders", body).status, 201);
    }
  }

  std::unique_ptr<SystemUnderTest> system_;
  std::map<std::string, std::unique_ptr<db::Database>> databases_;
};

TEST_P(RedeliveryTest, ReplayingEveryEventChangesNothing) {
  PlaceMixedOrders(60);
  ASSERT_TRUE(Eventually([&] { return Quiet(); }, std::chrono::seconds(120),
                         std::chrono::milliseconds(200)));
  const std::string before = Dump();
  std::map<std::string, std::int64_t> handled;
  for (const auto& [service, topics] : kConsumes) handled[service] = InboxRows(service);

  ASSERT_EQ(system_->Shutdown(), 0);
  RedeliverEverything();
  system_->Restart();

  // Every service sees every event it handled once more, and skips each as a duplicate.
  for (const auto& [service, count] : handled) {
    std::int64_t skipped = 0;
    EXPECT_TRUE(Eventually(
        [&] {
          skipped = Metric(service, "sagashop_inbox_duplicates_skipped_total");
          return skipped >= count;
        },
        std::chrono::seconds(120), std::chrono::milliseconds(200)))
        << service << " skipped " << skipped << " of " << count;
    EXPECT_EQ(skipped, count) << service;
    EXPECT_EQ(Metric(service, "sagashop_inbox_events_processed_total"), 0) << service;
  }
  ASSERT_TRUE(Quiet());
  // No new payment, reservation, delivery, refund, status change, step or event.
  EXPECT_EQ(Dump(), before);
  std::string report;
  EXPECT_EQ(system_->Verify(&report), 0) << report;
}

INSTANTIATE_TEST_SUITE_P(Modes, RedeliveryTest,
                         ::testing::Values(Mode::kEmbedded, Mode::kDistributed),
                         [](const ::testing::TestParamInfo<Mode>& info) {
                           return ModeName(info.param);
                         });

}  // namespace
}  // namespace sagashop::testing
