#include "e2e/support/event_injector.h"

#include <memory>
#include <stdexcept>

#include "contracts/event_types.h"
#include "e2e/support/event_tap.h"
#include "platform/bus/kafka/kafka_event_bus.h"
#include "platform/bus/namespaced_event_bus.h"
#include "platform/core/timestamp.h"
#include "platform/db/sqlite/sqlite_database.h"
#include "support/server_tls.h"
#include "support/test_env.h"

namespace sagashop::testing {
namespace {

void InjectIntoOutbox(const SystemUnderTest& system, const InjectedEvent& event) {
  const std::string producer(contracts::ProducerOf(event.topic));
  if (producer.empty()) throw std::invalid_argument("no service produces " + event.topic);
  db::SqliteDatabase database({.path = system.DataDir() + "/" + producer + ".db"});
  std::unique_ptr<db::Transaction> tx = database.Begin();
  tx->Execute(
      {"inject_outbox",
       "INSERT INTO outbox_events (event_id, aggregate_type, aggregate_id, event_type, "
       "payload, trace_parent, status, created_at) "
       "VALUES ($1, 'order', $2, $3, $4, $5, 'PENDING', $6)"},
      {event.event_id, event.key, event.topic, event.value, event.trace_parent, NowRfc3339()});
  tx->Commit();
}

void InjectIntoKafka(const SystemUnderTest& system, const InjectedEvent& event) {
  bus::KafkaConfig config;
  config.brokers = RequiredEnv("SAGASHOP_TEST_KAFKA_BROKERS");
  config.client_id = "sagashop-e2e-injector";
  config.tls = TestServerTls();
  bus::NamespacedEventBus bus(std::make_unique<bus::KafkaEventBus>(config), system.BusNamespace());
  const std::unique_ptr<bus::Publisher> publisher = bus.CreatePublisher();
  const bus::OutgoingMessage message{.topic = event.topic,
                                     .key = std::to_string(event.key),
                                     .value = event.value,
                                     .headers = {{"ce_specversion", "1.0"},
                                                 {"ce_id", event.event_id},
                                                 {"ce_type", event.topic},
                                                 {"ce_source", "sagashop/e2e-injector"},
                                                 {"ce_time", NowRfc3339()},
                                                 {"traceparent", event.trace_parent}}};
  if (publisher->PublishBatch({&message, 1}) != 1) {
    throw std::runtime_error("Kafka did not take the injected event on " + event.topic);
  }
}

}  // namespace

void InjectEvent(const SystemUnderTest& system, const InjectedEvent& event) {
  // Before it is on the bus: the check of the tapped events must never see it unannounced.
  RecordInjectedEvent(event.event_id);
  if (system.GetMode() == Mode::kEmbedded) {
    InjectIntoOutbox(system, event);
  } else {
    InjectIntoKafka(system, event);
  }
}

}  // namespace sagashop::testing
