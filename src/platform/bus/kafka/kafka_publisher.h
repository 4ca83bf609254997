#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <span>

#include "platform/bus/event_bus.h"
#include "platform/bus/kafka/kafka_config.h"
#include "platform/bus/kafka/kafka_log.h"

namespace sagashop::bus {

// One idempotent Kafka producer. PublishBatch hands every message to librdkafka (which batches
// them per partition into few requests) and then waits for all delivery reports, so one call costs
// about one broker round trip however many messages it carries. Calls are serialized.
class KafkaPublisher final : public Publisher, private RdKafka::DeliveryReportCb {
 public:
  // Throws std::invalid_argument when librdkafka rejects the producer settings.
  explicit KafkaPublisher(const KafkaConfig& config);

  KafkaPublisher(const KafkaPublisher&) = delete;
  KafkaPublisher& operator=(const KafkaPublisher&) = delete;

  std::size_t PublishBatch(std::span<const OutgoingMessage> messages) override;

 private:
  // Where a message's delivery report lands; the report's opaque pointer points here.
  struct Delivery {
    bool done = false;
    RdKafka::ErrorCode error = RdKafka::ERR_NO_ERROR;
  };

  // Enqueues one message, polling while librdkafka's local queue is full. Returns false (and
  // fills `delivery`) when it cannot be enqueued.
  std::unique_ptr<RdKafka::Producer> CreateProducer();
  // An idempotent producer that hit a fatal error (e.g. fenced, or a sequence gap it cannot
  // repair) fails every message from then on; a new producer starts a fresh idempotence session.
  void ReplaceIfFatal();
  bool Enqueue(const OutgoingMessage& message, Delivery& delivery,
               std::chrono::steady_clock::time_point deadline);
  void dr_cb(RdKafka::Message& message) override;

  const KafkaProperties properties_;
  const std::chrono::milliseconds delivery_timeout_;
  KafkaEventLogger events_{"producer"};
  std::unique_ptr<RdKafka::Producer> producer_;
  std::mutex mutex_;
};

}  // namespace sagashop::bus
