#include "platform/bus/kafka/kafka_subscription.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "platform/bus/kafka/kafka_conf.h"
#include "platform/bus/kafka/kafka_handles.h"
#include "platform/log/log_scope.h"

namespace sagashop::bus {
namespace {

// How long one consume() may block when there is nothing to gather; bounds how long stopping takes.
constexpr int kIdlePollMs = 100;

void ValidateOptions(const SubscriptionOptions& options) {
  auto require = [](bool condition, const std::string& what) {
    if (!condition) throw std::invalid_argument("subscription " + what);
  };
  require(!options.group.empty(), "group must not be empty");
  require(!options.topics.empty(), "topics must not be empty");
  require(options.max_batch >= 1, "max_batch must be at least 1");
  require(options.max_batch_wait.count() >= 0, "max_batch_wait must not be negative");
  require(options.retry_backoff_initial.count() >= 1, "retry_backoff_initial must be positive");
  require(options.retry_backoff_max >= options.retry_backoff_initial,
          "retry_backoff_max must be at least retry_backoff_initial");
}

IncomingMessage ToIncoming(RdKafka::Message& message) {
  IncomingMessage incoming;
  incoming.topic = message.topic_name();
  incoming.partition = message.partition();
  incoming.offset = message.offset();
  if (const std::string* key = message.key()) incoming.key = *key;
  if (message.payload() != nullptr) {
    incoming.value.assign(static_cast<const char*>(message.payload()), message.len());
  }
  if (RdKafka::Headers* headers = message.headers()) {
    for (const RdKafka::Headers::Header& header : headers->get_all()) {
      incoming.headers.push_back(
          {header.key(), header.value() == nullptr
                             ? std::string()
                             : std::string(header.value_string(), header.value_size())});
    }
  }
  return incoming;
}

// The lowest (or, for `highest`, highest) offset of each partition in `batch`.
std::map<TopicPartitionId, std::int64_t> OffsetsByPartition(std::span<const IncomingMessage> batch,
                                                            bool highest) {
  std::map<TopicPartitionId, std::int64_t> offsets;
  for (const IncomingMessage& message : batch) {
    auto [it, inserted] = offsets.try_emplace({message.topic, message.partition}, message.offset);
    if (!inserted) {
      it->second =
          highest ? std::max(it->second, message.offset) : std::min(it->second, message.offset);
    }
  }
  return offsets;
}

TopicPartitionList ToList(const std::set<TopicPartitionId>& partitions) {
  TopicPartitionList list;
  for (const TopicPartitionId& id : partitions) {
    list.Add(id.topic, id.partition, RdKafka::Topic::OFFSET_INVALID);
  }
  return list;
}

}  // namespace

KafkaSubscription::KafkaSubscription(const KafkaConfig& config, SubscriptionOptions options,
                                     BatchHandler handler)
    : options_(std::move(options)),
      handler_(std::move(handler)),
      events_("consumer " + options_.group,
              [this](const std::string& json) {
                std::vector<PartitionLag> lag = ParseConsumerLag(json);
                std::lock_guard lock(mutex_);
                lag_ = std::move(lag);
              }),
      backoff_(options_.retry_backoff_initial, options_.retry_backoff_max) {
  ValidateOptions(options_);
  if (!handler_) throw std::invalid_argument("subscription handler must be set");
  std::unique_ptr<RdKafka::Conf> conf =
      MakeCppConf(config.ConsumerProperties(options_.group), "consumer");
  std::string error;
  if (conf->set("rebalance_cb", static_cast<RdKafka::RebalanceCb*>(this), error) !=
          RdKafka::Conf::CONF_OK ||
      conf->set("offset_commit_cb", static_cast<RdKafka::OffsetCommitCb*>(this), error) !=
          RdKafka::Conf::CONF_OK ||
      conf->set("event_cb", static_cast<RdKafka::EventCb*>(&events_), error) !=
          RdKafka::Conf::CONF_OK) {
    throw std::logic_error("kafka consumer callbacks: " + error);
  }
  consumer_.reset(RdKafka::KafkaConsumer::create(conf.get(), error));
  if (!consumer_) throw std::invalid_argument("kafka consumer: " + error);
  if (const RdKafka::ErrorCode code = consumer_->subscribe(options_.topics);
      code != RdKafka::ERR_NO_ERROR) {
    throw std::invalid_argument("kafka subscribe: " + RdKafka::err2str(code));
  }
  thread_ = std::jthread([this, context = log::CaptureLogContext()](const std::stop_token& stop) {
    const log::LogScope scope(context);  // its lines name the service that subscribed
    Run(stop);
  });
}

KafkaSubscription::~KafkaSubscription() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
}

std::vector<TopicPartitionId> KafkaSubscription::Assignment() const {
  std::lock_guard lock(mutex_);
  return {assignment_.begin(), assignment_.end()};
}

std::vector<PartitionLag> KafkaSubscription::ConsumerLag() const {
  std::lock_guard lock(mutex_);
  return lag_;
}

void KafkaSubscription::Run(const std::stop_token& stop) {
  while (!stop.stop_requested()) {
    ResumeWhenDue();
    std::unique_ptr<RdKafka::Message> message(consumer_->consume(PollTimeoutMs()));
    const bool gathering = message && Accept(*message);
    if (BatchIsReady(gathering)) DeliverBatch();
  }
  // Gathered but never handled: left uncommitted, so the next owner of the partitions gets them.
  pending_.clear();
  if (const RdKafka::ErrorCode code = consumer_->close(); code != RdKafka::ERR_NO_ERROR) {
    spdlog::warn("kafka consumer {}: close: {}", options_.group, RdKafka::err2str(code));
  }
}

int KafkaSubscription::PollTimeoutMs() const {
  auto wait = std::chrono::milliseconds(kIdlePollMs);
  const auto now = Clock::now();
  if (!pending_.empty()) {
    wait = std::min(wait, std::chrono::ceil<std::chrono::milliseconds>(batch_deadline_ - now));
  }
  if (!paused_.empty()) {
    wait = std::min(wait, std::chrono::ceil<std::chrono::milliseconds>(resume_at_ - now));
  }
  return static_cast<int>(std::max<std::chrono::milliseconds::rep>(wait.count(), 0));
}

bool KafkaSubscription::Accept(RdKafka::Message& message) {
  switch (message.err()) {
    case RdKafka::ERR_NO_ERROR:
      if (pending_.empty()) batch_deadline_ = Clock::now() + options_.max_batch_wait;
      pending_.push_back(ToIncoming(message));
      return true;
    case RdKafka::ERR__TIMED_OUT:
      return false;
    default:
      break;
  }
  // Partition EOF and broker trouble (leader moving, broker restarting, unknown topic while it is
  // being created) are reported here; librdkafka recovers on its own, so log now and then and poll
  // on.
  const auto suppressed = consume_errors_.Admit(static_cast<int>(message.err()));
  if (!suppressed) return false;
  const auto level =
      message.err() == RdKafka::ERR__PARTITION_EOF ? spdlog::level::debug : spdlog::level::warn;
  spdlog::log(level, "kafka consumer {}: {} [{}]: {} ({} similar suppressed)", options_.group,
              message.topic_name(), message.partition(), message.errstr(), *suppressed);
  return false;
}

bool KafkaSubscription::BatchIsReady(bool gathering) const {
  return !pending_.empty() &&
         (pending_.size() >= options_.max_batch || (!gathering && Clock::now() >= batch_deadline_));
}

void KafkaSubscription::DeliverBatch() {
  const std::vector<IncomingMessage> batch = std::exchange(pending_, {});
  try {
    handler_(batch);
  } catch (const std::exception& error) {
    RewindForRetry(batch, error.what());
    return;
  } catch (...) {
    RewindForRetry(batch, "unknown exception");
    return;
  }
  if (paused_.empty()) backoff_.Reset();
  StoreOffsets(batch);
  completed_batches_.fetch_add(1);
}

void KafkaSubscription::StoreOffsets(std::span<const IncomingMessage> batch) {
  TopicPartitionList offsets;
  for (const auto& [id, last] : OffsetsByPartition(batch, /*highest=*/true)) {
    offsets.Add(id.topic, id.partition, last + 1);  // Kafka commits the next offset to read
  }
  // Only fails for a partition no longer assigned; its next owner reads from the committed
  // offset, and the inbox recognizes what comes again.
  if (const RdKafka::ErrorCode code = consumer_->offsets_store(offsets.Get());
      code != RdKafka::ERR_NO_ERROR) {
    ReportCommitFailure(code, "");
  }
}

void KafkaSubscription::offset_commit_cb(RdKafka::ErrorCode code,
                                         std::vector<RdKafka::TopicPartition*>& offsets) {
  // A periodic commit with nothing new stored to commit.
  if (code == RdKafka::ERR__NO_OFFSET) return;
  // A failed commit loses nothing: the batch's effects are durable and the messages come again
  // (to this consumer or the partition's next owner), where the inbox recognizes them.
  if (code != RdKafka::ERR_NO_ERROR) {
    ReportCommitFailure(code, "");
    return;
  }
  for (const RdKafka::TopicPartition* partition : offsets) {
    if (partition->err() != RdKafka::ERR_NO_ERROR) {
      ReportCommitFailure(partition->err(),
                          partition->topic() + " [" + std::to_string(partition->partition()) + "]");
    }
  }
}

void KafkaSubscription::ReportCommitFailure(RdKafka::ErrorCode code, const std::string& where) {
  const auto suppressed = commit_errors_.Admit(static_cast<int>(code));
  if (!suppressed) return;
  spdlog::warn(
      "kafka consumer {}: commit {}failed, those events will be delivered again: {} ({} "
      "similar suppressed)",
      options_.group, where.empty() ? "" : "of " + where + " ", RdKafka::err2str(code),
      *suppressed);
}

void KafkaSubscription::RewindForRetry(std::span<const IncomingMessage> batch,
                                       const std::string& error) {
  const std::map<TopicPartitionId, std::int64_t> first = OffsetsByPartition(batch, false);
  std::set<TopicPartitionId> partitions;
  for (const auto& [id, offset] : first) partitions.insert(id);

  // Pause before seeking: a pause records the position after the last message handed out as the
  // place to resume from, which would undo an earlier seek (librdkafka issue 3471).
  TopicPartitionList to_pause = ToList(partitions);
  consumer_->pause(to_pause.Get());
  for (const auto& [id, offset] : first) {
    std::unique_ptr<RdKafka::TopicPartition> position(
        RdKafka::TopicPartition::create(id.topic, id.partition, offset));
    if (const RdKafka::ErrorCode code = consumer_->seek(*position, 5000);
        code != RdKafka::ERR_NO_ERROR) {
      // Only happens when the partition is no longer ours; its next owner starts from the
      // committed offset, which is at or before this batch.
      spdlog::warn("kafka consumer {}: rewind {} [{}] to {}: {}", options_.group, id.topic,
                   id.partition, offset, RdKafka::err2str(code));
    }
  }
  paused_.insert(partitions.begin(), partitions.end());
  const std::chrono::milliseconds delay = backoff_.Next();
  resume_at_ = Clock::now() + delay;
  spdlog::warn(
      "kafka consumer {}: handler failed on a batch of {} message(s) (attempt {}); redelivering "
      "from the batch's first offsets in {} ms: {}",
      options_.group, batch.size(), backoff_.Attempts(), delay.count(), error);
}

void KafkaSubscription::ResumeWhenDue() {
  if (paused_.empty() || Clock::now() < resume_at_) return;
  TopicPartitionList to_resume = ToList(paused_);
  consumer_->resume(to_resume.Get());
  paused_.clear();
}

void KafkaSubscription::rebalance_cb(RdKafka::KafkaConsumer* consumer, RdKafka::ErrorCode code,
                                     std::vector<RdKafka::TopicPartition*>& partitions) {
  const bool cooperative = consumer->rebalance_protocol() == "COOPERATIVE";
  if (code == RdKafka::ERR__ASSIGN_PARTITIONS) {
    if (cooperative) {
      std::unique_ptr<RdKafka::Error> error(consumer->incremental_assign(partitions));
      if (error) {
        spdlog::error("kafka consumer {}: assign: {}", options_.group, error->str());
        return;
      }
    } else {
      consumer->assign(partitions);
    }
    std::lock_guard lock(mutex_);
    for (const RdKafka::TopicPartition* partition : partitions) {
      assignment_.insert({partition->topic(), partition->partition()});
    }
    return;
  }
  if (code != RdKafka::ERR__REVOKE_PARTITIONS) {
    spdlog::error("kafka consumer {}: rebalance failed: {}", options_.group,
                  RdKafka::err2str(code));
  }
  Revoke(*consumer, partitions, cooperative);
}

void KafkaSubscription::Revoke(RdKafka::KafkaConsumer& consumer,
                               std::vector<RdKafka::TopicPartition*>& partitions,
                               bool cooperative) {
  std::set<TopicPartitionId> revoked;
  for (const RdKafka::TopicPartition* partition : partitions) {
    revoked.insert({partition->topic(), partition->partition()});
  }
  if (consumer.assignment_lost()) {
    spdlog::warn("kafka consumer {}: lost {} partition(s) to the group", options_.group,
                 revoked.size());
  }
  // Messages gathered from these partitions were not handled; the next owner reads them again.
  std::erase_if(pending_, [&](const IncomingMessage& message) {
    return revoked.contains({message.topic, message.partition});
  });
  // librdkafka keeps a partition's pause flag across unassignment; resume it now so that it is
  // not silently paused when it is assigned to this consumer again.
  std::set<TopicPartitionId> was_paused;
  for (const TopicPartitionId& id : revoked) {
    if (paused_.erase(id) > 0) was_paused.insert(id);
  }
  if (!was_paused.empty()) {
    TopicPartitionList to_resume = ToList(was_paused);
    consumer.resume(to_resume.Get());
  }

  // What was handled from these partitions is committed before they go, so that their next owner
  // does not handle it again.
  if (const RdKafka::ErrorCode code = consumer.commitSync();
      code != RdKafka::ERR_NO_ERROR && code != RdKafka::ERR__NO_OFFSET) {
    ReportCommitFailure(code, "on revocation");
  }
  if (cooperative) {
    std::unique_ptr<RdKafka::Error> error(consumer.incremental_unassign(partitions));
    if (error) spdlog::error("kafka consumer {}: unassign: {}", options_.group, error->str());
  } else {
    consumer.unassign();
  }
  std::lock_guard lock(mutex_);
  if (cooperative) {
    for (const TopicPartitionId& id : revoked) assignment_.erase(id);
  } else {
    assignment_.clear();
  }
}

}  // namespace sagashop::bus
