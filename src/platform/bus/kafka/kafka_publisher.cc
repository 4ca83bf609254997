#include "platform/bus/kafka/kafka_publisher.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "platform/bus/kafka/kafka_conf.h"

namespace sagashop::bus {
namespace {

using Clock = std::chrono::steady_clock;

// Poll interval while waiting for delivery reports or queue space.
constexpr int kPollMs = 50;

std::unique_ptr<RdKafka::Headers> ToHeaders(const std::vector<Header>& headers) {
  std::unique_ptr<RdKafka::Headers> result(RdKafka::Headers::create());
  for (const Header& header : headers) result->add(header.key, header.value);
  return result;
}

}  // namespace

KafkaPublisher::KafkaPublisher(const KafkaConfig& config)
    : properties_(config.ProducerProperties()),
      delivery_timeout_(config.delivery_timeout),
      producer_(CreateProducer()) {}

std::unique_ptr<RdKafka::Producer> KafkaPublisher::CreateProducer() {
  std::unique_ptr<RdKafka::Conf> conf = MakeCppConf(properties_, "producer");
  std::string error;
  if (conf->set("dr_cb", static_cast<RdKafka::DeliveryReportCb*>(this), error) !=
          RdKafka::Conf::CONF_OK ||
      conf->set("event_cb", static_cast<RdKafka::EventCb*>(&events_), error) !=
          RdKafka::Conf::CONF_OK) {
    throw std::logic_error("kafka producer callbacks: " + error);
  }
  std::unique_ptr<RdKafka::Producer> producer(RdKafka::Producer::create(conf.get(), error));
  if (!producer) throw std::invalid_argument("kafka producer: " + error);
  return producer;
}

void KafkaPublisher::ReplaceIfFatal() {
  std::string reason;
  if (producer_->fatal_error(reason) == RdKafka::ERR_NO_ERROR) return;
  spdlog::error("kafka producer: fatal error, starting a new producer: {}", reason);
  producer_ = CreateProducer();
}

std::size_t KafkaPublisher::PublishBatch(std::span<const OutgoingMessage> messages) {
  std::lock_guard lock(mutex_);
  const auto deadline = Clock::now() + delivery_timeout_;
  std::vector<Delivery> deliveries(messages.size());
  std::size_t enqueued = 0;
  while (enqueued < messages.size() &&
         Enqueue(messages[enqueued], deliveries[enqueued], deadline)) {
    ++enqueued;
  }
  // librdkafka reports every enqueued message within delivery.timeout.ms, success or not; the
  // reports arrive through poll() on this thread. So no report can outlive `deliveries`.
  auto all_reported = [&] {
    return std::all_of(deliveries.begin(), deliveries.begin() + static_cast<long>(enqueued),
                       [](const Delivery& delivery) { return delivery.done; });
  };
  while (!all_reported()) producer_->poll(kPollMs);

  std::size_t acknowledged = 0;
  while (acknowledged < enqueued && deliveries[acknowledged].error == RdKafka::ERR_NO_ERROR) {
    ++acknowledged;
  }
  if (acknowledged < messages.size()) {
    const RdKafka::ErrorCode error =
        acknowledged < enqueued ? deliveries[acknowledged].error : deliveries[enqueued].error;
    spdlog::warn("kafka producer: {} of {} message(s) acknowledged; first failure on {}: {}",
                 acknowledged, messages.size(), messages[acknowledged].topic,
                 RdKafka::err2str(error));
    ReplaceIfFatal();
  }
  return acknowledged;
}

bool KafkaPublisher::Enqueue(const OutgoingMessage& message, Delivery& delivery,
                             Clock::time_point deadline) {
  while (true) {
    std::unique_ptr<RdKafka::Headers> headers = ToHeaders(message.headers);
    // An empty key goes out as no key at all, which murmur2_random spreads randomly.
    const RdKafka::ErrorCode code =
        producer_->produce(message.topic, RdKafka::Topic::PARTITION_UA,
                           RdKafka::Producer::RK_MSG_COPY, const_cast<char*>(message.value.data()),
                           message.value.size(), message.key.empty() ? nullptr : message.key.data(),
                           message.key.size(), 0, headers.get(), &delivery);
    if (code == RdKafka::ERR_NO_ERROR) {
      (void)headers.release();  // librdkafka owns them once the message is enqueued
      return true;
    }
    // A full local queue drains as deliveries complete: serve reports and try again.
    if (code == RdKafka::ERR__QUEUE_FULL && Clock::now() < deadline) {
      producer_->poll(kPollMs);
      continue;
    }
    delivery.done = true;
    delivery.error = code;
    return false;
  }
}

void KafkaPublisher::dr_cb(RdKafka::Message& message) {
  auto* delivery = static_cast<Delivery*>(message.msg_opaque());
  if (delivery == nullptr) return;
  delivery->done = true;
  delivery->error = message.err();
}

}  // namespace sagashop::bus
