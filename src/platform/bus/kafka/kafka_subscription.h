#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <span>
#include <stop_token>
#include <thread>
#include <vector>

#include "platform/bus/event_bus.h"
#include "platform/bus/kafka/consumer_lag.h"
#include "platform/bus/kafka/kafka_config.h"
#include "platform/bus/kafka/kafka_log.h"
#include "platform/bus/kafka/topic_partition.h"
#include "platform/core/backoff.h"

namespace sagashop::bus {

// One Kafka consumer in a consumer group, on its own thread. It gathers a batch (up to max_batch
// messages: whatever has been fetched by the time max_batch_wait after the first is over), hands
// it to the handler and stores the batch's offsets for commit once the handler returned. When the
// handler throws, the batch's partitions are rewound to the batch's first offsets and paused for a
// backoff, so the same messages come again and nothing after them; other partitions keep flowing
// meanwhile.
//
// A handled batch's offsets are stored, and librdkafka commits what is stored every
// KafkaConfig::commit_interval, when partitions are revoked, and when the consumer closes. So no
// batch waits for the broker, and the broker writes one commit per interval rather than per batch;
// a crash loses at most the last interval's commits, and those events come again to the inbox.
//
// Rebalances are served inside consume(), on the same thread, so they can only happen between
// handler calls. Messages gathered for a batch but not yet handed over belong to partitions that a
// revocation may take away; those are dropped, uncommitted, and the partition's next owner reads
// them again from the committed offset. Nothing is lost or skipped; at worst a message is handled
// twice, which the inbox absorbs.
class KafkaSubscription final : public Subscription,
                                private RdKafka::RebalanceCb,
                                private RdKafka::OffsetCommitCb {
 public:
  // Throws std::invalid_argument for bad options or consumer settings.
  KafkaSubscription(const KafkaConfig& config, SubscriptionOptions options, BatchHandler handler);
  // Stops after the batch in progress and leaves the group cleanly.
  ~KafkaSubscription() override;

  KafkaSubscription(const KafkaSubscription&) = delete;
  KafkaSubscription& operator=(const KafkaSubscription&) = delete;

  std::uint64_t CompletedBatches() const override { return completed_batches_.load(); }

  // The partitions this consumer owns right now.
  std::vector<TopicPartitionId> Assignment() const;

  // The consumer lag of each owned partition from the latest librdkafka statistics; empty until
  // the first statistics arrive (KafkaConfig::statistics_interval turns them on).
  std::vector<PartitionLag> ConsumerLag() const override;

 private:
  using Clock = std::chrono::steady_clock;

  void Run(const std::stop_token& stop);
  int PollTimeoutMs() const;
  // Adds an event to the batch being gathered; false for anything else (a timeout, an error).
  bool Accept(RdKafka::Message& message);
  // A batch goes to the handler when it is full, or when its wait is over and the events already
  // fetched are in it (`gathering`: the last poll returned one, so more may be waiting locally).
  bool BatchIsReady(bool gathering) const;
  void DeliverBatch();
  // Marks the batch's offsets for the next commit.
  void StoreOffsets(std::span<const IncomingMessage> batch);
  void RewindForRetry(std::span<const IncomingMessage> batch, const std::string& error);
  void ResumeWhenDue();

  void rebalance_cb(RdKafka::KafkaConsumer* consumer, RdKafka::ErrorCode code,
                    std::vector<RdKafka::TopicPartition*>& partitions) override;
  void Revoke(RdKafka::KafkaConsumer& consumer, std::vector<RdKafka::TopicPartition*>& partitions,
              bool cooperative);
  void ReportCommitFailure(RdKafka::ErrorCode code, const std::string& where);
  // The broker's answer to a commit (periodic or on revocation), served on the consume thread.
  void offset_commit_cb(RdKafka::ErrorCode code,
                        std::vector<RdKafka::TopicPartition*>& offsets) override;

  const SubscriptionOptions options_;
  const BatchHandler handler_;
  LogThrottle consume_errors_{std::chrono::seconds(10)};
  LogThrottle commit_errors_{std::chrono::seconds(10)};
  KafkaEventLogger events_;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;

  // Owned by the consume thread.
  std::vector<IncomingMessage> pending_;
  Clock::time_point batch_deadline_;
  std::set<TopicPartitionId> paused_;
  Clock::time_point resume_at_;
  Backoff backoff_;  // between redeliveries of a failed batch

  // Read by other threads.
  std::atomic<std::uint64_t> completed_batches_{0};
  mutable std::mutex mutex_;
  std::set<TopicPartitionId> assignment_;
  std::vector<PartitionLag> lag_;

  std::jthread thread_;  // last: it starts once everything above exists, and stops first
};

}  // namespace sagashop::bus
