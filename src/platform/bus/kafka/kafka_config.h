#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "platform/core/tls_client_files.h"

namespace sagashop::bus {

// librdkafka properties by name, as librdkafka spells them.
using KafkaProperties = std::map<std::string, std::string>;

// Everything the Kafka adapter needs, with the defaults of docs/contracts.md, Defaults. Validate()
// runs at start-up; a property librdkafka rejects fails the construction of KafkaEventBus, naming
// the property.
struct KafkaConfig {
  std::string brokers;  // bootstrap.servers, e.g. "127.0.0.1:9092"
  std::string client_id = "sagashop";
  // When set, every client (producer, consumer, admin) talks to the brokers over TLS, checks their
  // certificates and host names against the CA, and presents this client certificate.
  std::optional<core::TlsClientFiles> tls;

  // Topics that EnsureTopics creates.
  int partitions = 4;
  int replication_factor = 1;

  // Producer: durable and ordered (acks=all + idempotence keep per-partition order across
  // retries), small batches sent soon, because the saga's latency is a chain of hops.
  std::string acks = "all";
  bool enable_idempotence = true;
  std::string compression = "snappy";
  int batch_size_bytes = 16384;
  // The relay hands over a whole batch at once and waits for its acknowledgements, so lingering
  // only delays them: what is enqueued while a request is in flight goes in the next one anyway.
  std::chrono::milliseconds linger{0};
  // How long a message may wait for its acknowledgement before PublishBatch reports it failed.
  std::chrono::milliseconds delivery_timeout{30000};

  // Consumer: the subscription stores a batch's offsets once its handler returned, and librdkafka
  // commits the stored offsets every commit_interval (and when partitions are revoked or the
  // consumer closes). A commit per batch would cost the broker a write per batch; a crash loses
  // at most the last interval's commits, and those events come again to the inbox.
  std::chrono::milliseconds commit_interval{500};
  // The broker answers a fetch as soon as one event is there: an event is a few hundred bytes, so
  // any larger minimum would make every hop of a quiet saga wait fetch_wait_max.
  int fetch_min_bytes = 1;
  // How long the broker holds a fetch while there is nothing to read; no event waits for it.
  std::chrono::milliseconds fetch_wait_max{100};
  std::string assignment_strategy = "cooperative-sticky";
  // How long the group waits for a silent member before its partitions go to the others. A
  // crashed or frozen instance's events wait that long (librdkafka's 45 s held a killed service's
  // sagas for 45 s in the chaos runs, docs/chaos.md); heartbeats come from librdkafka's own thread
  // every heartbeat_interval, so a busy handler does not count as silent.
  std::chrono::milliseconds session_timeout{10000};
  std::chrono::milliseconds heartbeat_interval{2000};
  std::string auto_offset_reset = "earliest";

  // librdkafka statistics (consumer lag and more) every interval; zero turns them off.
  std::chrono::milliseconds statistics_interval{0};

  // How long EnsureTopics may take, and how long a health probe waits for the broker.
  std::chrono::milliseconds admin_timeout{30000};
  std::chrono::milliseconds health_timeout{1000};

  // Free-form librdkafka properties; they win over everything above. The common ones (security
  // settings, say) reach every client: producers, consumers and the admin client.
  KafkaProperties common_overrides;
  KafkaProperties producer_overrides;
  KafkaProperties consumer_overrides;

  // Throws std::invalid_argument naming the first bad setting.
  void Validate() const;

  // The complete property sets handed to librdkafka (defaults, then overrides).
  KafkaProperties AdminProperties() const;
  KafkaProperties ProducerProperties() const;
  KafkaProperties ConsumerProperties(const std::string& group) const;
};

}  // namespace sagashop::bus
