#pragma once

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafkacpp.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace sagashop::bus {

// Move-only owners of librdkafka's C handles: each releases its handle with the matching
// destroy function, so no code path can leak or double-free one.
template <auto Destroy>
struct KafkaDeleter {
  template <typename T>
  void operator()(T* handle) const {
    Destroy(handle);
  }
};

using KafkaHandle = std::unique_ptr<rd_kafka_t, KafkaDeleter<rd_kafka_destroy>>;
using KafkaConfHandle = std::unique_ptr<rd_kafka_conf_t, KafkaDeleter<rd_kafka_conf_destroy>>;
using KafkaQueueHandle = std::unique_ptr<rd_kafka_queue_t, KafkaDeleter<rd_kafka_queue_destroy>>;
using KafkaEventHandle = std::unique_ptr<rd_kafka_event_t, KafkaDeleter<rd_kafka_event_destroy>>;
using KafkaAdminOptionsHandle =
    std::unique_ptr<rd_kafka_AdminOptions_t, KafkaDeleter<rd_kafka_AdminOptions_destroy>>;
using KafkaNewTopicHandle =
    std::unique_ptr<rd_kafka_NewTopic_t, KafkaDeleter<rd_kafka_NewTopic_destroy>>;
using KafkaDeleteTopicHandle =
    std::unique_ptr<rd_kafka_DeleteTopic_t, KafkaDeleter<rd_kafka_DeleteTopic_destroy>>;
using KafkaDeleteGroupHandle =
    std::unique_ptr<rd_kafka_DeleteGroup_t, KafkaDeleter<rd_kafka_DeleteGroup_destroy>>;
using KafkaMetadataHandle =
    std::unique_ptr<const rd_kafka_metadata_t, KafkaDeleter<rd_kafka_metadata_destroy>>;

// The C++ API hands out and takes vectors of raw TopicPartition pointers; this owns one.
class TopicPartitionList {
 public:
  TopicPartitionList() = default;
  explicit TopicPartitionList(std::vector<RdKafka::TopicPartition*> partitions)
      : partitions_(std::move(partitions)) {}
  ~TopicPartitionList() { RdKafka::TopicPartition::destroy(partitions_); }

  TopicPartitionList(TopicPartitionList&& other) noexcept
      : partitions_(std::exchange(other.partitions_, {})) {}
  TopicPartitionList& operator=(TopicPartitionList&& other) noexcept {
    std::swap(partitions_, other.partitions_);
    return *this;
  }
  TopicPartitionList(const TopicPartitionList&) = delete;
  TopicPartitionList& operator=(const TopicPartitionList&) = delete;

  void Add(const std::string& topic, std::int32_t partition, std::int64_t offset) {
    partitions_.push_back(RdKafka::TopicPartition::create(topic, partition, offset));
  }
  bool Empty() const { return partitions_.empty(); }
  std::vector<RdKafka::TopicPartition*>& Get() { return partitions_; }

 private:
  std::vector<RdKafka::TopicPartition*> partitions_;
};

}  // namespace sagashop::bus
