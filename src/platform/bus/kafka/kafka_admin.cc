#include "platform/bus/kafka/kafka_admin.h"

#include <algorithm>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "platform/bus/kafka/kafka_conf.h"
#include "platform/bus/kafka/kafka_log.h"

namespace sagashop::bus {
namespace {

using Clock = std::chrono::steady_clock;

int RemainingMs(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::max<std::int64_t>(left.count(), 1));
}

// Options for one admin request that must finish by `deadline`.
KafkaAdminOptionsHandle MakeOptions(rd_kafka_t* handle, rd_kafka_admin_op_t op,
                                    Clock::time_point deadline) {
  KafkaAdminOptionsHandle options(rd_kafka_AdminOptions_new(handle, op));
  char error[256];
  rd_kafka_AdminOptions_set_request_timeout(options.get(), RemainingMs(deadline), error,
                                            sizeof error);
  if (op == RD_KAFKA_ADMIN_OP_CREATETOPICS || op == RD_KAFKA_ADMIN_OP_DELETETOPICS) {
    // Let the controller finish the change before answering, so metadata soon reflects it.
    rd_kafka_AdminOptions_set_operation_timeout(options.get(), RemainingMs(deadline), error,
                                                sizeof error);
  }
  return options;
}

// Waits for the result of an admin request posted to `queue`; throws BusError on a request-level
// failure (broker unreachable, timeout).
KafkaEventHandle AwaitResult(rd_kafka_queue_t* queue, Clock::time_point deadline,
                             const char* what) {
  // The request times itself out at the deadline; the margin lets that answer arrive.
  KafkaEventHandle event(rd_kafka_queue_poll(queue, RemainingMs(deadline) + 1000));
  if (!event) throw BusError(std::string("kafka ") + what + ": no answer before the deadline");
  if (rd_kafka_event_error(event.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw BusError(std::string("kafka ") + what + ": " + rd_kafka_event_error_string(event.get()));
  }
  return event;
}

// Errors that mean the request itself is wrong; retrying it cannot succeed.
bool IsInvalidRequest(rd_kafka_resp_err_t error) {
  switch (error) {
    case RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION:
    case RD_KAFKA_RESP_ERR_INVALID_PARTITIONS:
    case RD_KAFKA_RESP_ERR_INVALID_REPLICATION_FACTOR:
    case RD_KAFKA_RESP_ERR_INVALID_REPLICA_ASSIGNMENT:
    case RD_KAFKA_RESP_ERR_INVALID_CONFIG:
    case RD_KAFKA_RESP_ERR_POLICY_VIOLATION:
    case RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED:
      return true;
    default:
      return false;
  }
}

KafkaMetadataHandle FetchMetadata(rd_kafka_t* handle, bool all_topics, int timeout_ms,
                                  rd_kafka_resp_err_t& error) {
  const rd_kafka_metadata_t* metadata = nullptr;
  error = rd_kafka_metadata(handle, all_topics ? 1 : 0, nullptr, &metadata, timeout_ms);
  return KafkaMetadataHandle(error == RD_KAFKA_RESP_ERR_NO_ERROR ? metadata : nullptr);
}

// True when `topic` is usable: known, and every partition has a leader.
bool IsReady(const rd_kafka_metadata_topic_t& topic) {
  if (topic.err != RD_KAFKA_RESP_ERR_NO_ERROR || topic.partition_cnt < 1) return false;
  return std::all_of(topic.partitions, topic.partitions + topic.partition_cnt,
                     [](const rd_kafka_metadata_partition_t& partition) {
                       return partition.err == RD_KAFKA_RESP_ERR_NO_ERROR && partition.leader >= 0;
                     });
}

}  // namespace

KafkaAdmin::KafkaAdmin(const KafkaConfig& config) {
  KafkaConfHandle conf = MakeCConf(config.AdminProperties(), "admin");
  rd_kafka_conf_set_log_cb(conf.get(), &ForwardKafkaLog);
  char error[512];
  // rd_kafka_new takes ownership of the configuration only when it succeeds.
  handle_.reset(rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), error, sizeof error));
  if (!handle_) throw std::invalid_argument(std::string("kafka admin client: ") + error);
  (void)conf.release();
}

void KafkaAdmin::CreateTopics(std::span<const std::string> topics, int partitions,
                              int replication_factor, std::chrono::milliseconds timeout) {
  if (topics.empty()) return;
  const auto deadline = Clock::now() + timeout;
  std::vector<KafkaNewTopicHandle> new_topics;
  std::vector<rd_kafka_NewTopic_t*> new_topic_ptrs;
  char error[512];
  for (const std::string& topic : topics) {
    new_topics.emplace_back(
        rd_kafka_NewTopic_new(topic.c_str(), partitions, replication_factor, error, sizeof error));
    if (!new_topics.back()) throw std::invalid_argument("kafka topic " + topic + ": " + error);
    new_topic_ptrs.push_back(new_topics.back().get());
  }

  KafkaQueueHandle queue(rd_kafka_queue_new(handle_.get()));
  KafkaAdminOptionsHandle options =
      MakeOptions(handle_.get(), RD_KAFKA_ADMIN_OP_CREATETOPICS, deadline);
  rd_kafka_CreateTopics(handle_.get(), new_topic_ptrs.data(), new_topic_ptrs.size(), options.get(),
                        queue.get());
  KafkaEventHandle event = AwaitResult(queue.get(), deadline, "create topics");

  std::set<std::string> created;
  std::size_t count = 0;
  const rd_kafka_topic_result_t** results =
      rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event.get()), &count);
  for (std::size_t i = 0; i < count; ++i) {
    const rd_kafka_resp_err_t code = rd_kafka_topic_result_error(results[i]);
    const std::string name = rd_kafka_topic_result_name(results[i]);
    if (code == RD_KAFKA_RESP_ERR_NO_ERROR) {
      created.insert(name);
    } else if (code != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
      const std::string message =
          "kafka create topic " + name + ": " + rd_kafka_topic_result_error_string(results[i]);
      if (IsInvalidRequest(code)) throw std::invalid_argument(message);
      throw BusError(message);
    }
  }

  // A created topic shows up in metadata, with leaders, a moment after the controller answered;
  // producing or subscribing before that fails, so wait for it here, once, at start-up.
  std::string missing;
  while (true) {
    rd_kafka_resp_err_t code = RD_KAFKA_RESP_ERR_NO_ERROR;
    KafkaMetadataHandle metadata =
        FetchMetadata(handle_.get(), true, std::min(RemainingMs(deadline), 2000), code);
    missing.clear();
    for (const std::string& topic : topics) {
      const rd_kafka_metadata_topic_t* begin = metadata ? metadata->topics : nullptr;
      const rd_kafka_metadata_topic_t* end = begin ? begin + metadata->topic_cnt : nullptr;
      const auto* found = std::find_if(
          begin, end, [&](const rd_kafka_metadata_topic_t& t) { return topic == t.topic; });
      const bool ready = found != end && IsReady(*found) &&
                         (!created.contains(topic) || found->partition_cnt == partitions);
      if (!ready) missing += (missing.empty() ? "" : ", ") + topic;
    }
    if (missing.empty()) return;
    if (Clock::now() >= deadline) {
      throw BusError("kafka topics not ready before the deadline: " + missing +
                     (code == RD_KAFKA_RESP_ERR_NO_ERROR
                          ? ""
                          : std::string(" (") + rd_kafka_err2str(code) + ")"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

std::map<std::string, int> KafkaAdmin::PartitionCounts(std::chrono::milliseconds timeout) {
  rd_kafka_resp_err_t code = RD_KAFKA_RESP_ERR_NO_ERROR;
  KafkaMetadataHandle metadata =
      FetchMetadata(handle_.get(), true, static_cast<int>(timeout.count()), code);
  if (!metadata) throw BusError(std::string("kafka metadata: ") + rd_kafka_err2str(code));
  std::map<std::string, int> counts;
  for (int i = 0; i < metadata->topic_cnt; ++i) {
    const rd_kafka_metadata_topic_t& topic = metadata->topics[i];
    if (topic.err == RD_KAFKA_RESP_ERR_NO_ERROR) counts[topic.topic] = topic.partition_cnt;
  }
  return counts;
}

void KafkaAdmin::DeleteTopics(std::span<const std::string> topics,
                              std::chrono::milliseconds timeout) {
  if (topics.empty()) return;
  const auto deadline = Clock::now() + timeout;
  std::vector<KafkaDeleteTopicHandle> owned;
  std::vector<rd_kafka_DeleteTopic_t*> ptrs;
  for (const std::string& topic : topics) {
    owned.emplace_back(rd_kafka_DeleteTopic_new(topic.c_str()));
    ptrs.push_back(owned.back().get());
  }
  KafkaQueueHandle queue(rd_kafka_queue_new(handle_.get()));
  KafkaAdminOptionsHandle options =
      MakeOptions(handle_.get(), RD_KAFKA_ADMIN_OP_DELETETOPICS, deadline);
  rd_kafka_DeleteTopics(handle_.get(), ptrs.data(), ptrs.size(), options.get(), queue.get());
  KafkaEventHandle event = AwaitResult(queue.get(), deadline, "delete topics");
  std::size_t count = 0;
  const rd_kafka_topic_result_t** results =
      rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(event.get()), &count);
  for (std::size_t i = 0; i < count; ++i) {
    const rd_kafka_resp_err_t code = rd_kafka_topic_result_error(results[i]);
    if (code != RD_KAFKA_RESP_ERR_NO_ERROR && code != RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) {
      throw BusError(std::string("kafka delete topic ") + rd_kafka_topic_result_name(results[i]) +
                     ": " + rd_kafka_topic_result_error_string(results[i]));
    }
  }
}

void KafkaAdmin::DeleteGroups(std::span<const std::string> groups,
                              std::chrono::milliseconds timeout) {
  if (groups.empty()) return;
  const auto deadline = Clock::now() + timeout;
  std::vector<KafkaDeleteGroupHandle> owned;
  std::vector<rd_kafka_DeleteGroup_t*> ptrs;
  for (const std::string& group : groups) {
    owned.emplace_back(rd_kafka_DeleteGroup_new(group.c_str()));
    ptrs.push_back(owned.back().get());
  }
  KafkaQueueHandle queue(rd_kafka_queue_new(handle_.get()));
  KafkaAdminOptionsHandle options =
      MakeOptions(handle_.get(), RD_KAFKA_ADMIN_OP_DELETEGROUPS, deadline);
  rd_kafka_DeleteGroups(handle_.get(), ptrs.data(), ptrs.size(), options.get(), queue.get());
  KafkaEventHandle event = AwaitResult(queue.get(), deadline, "delete groups");
  std::size_t count = 0;
  const rd_kafka_group_result_t** results =
      rd_kafka_DeleteGroups_result_groups(rd_kafka_event_DeleteGroups_result(event.get()), &count);
  for (std::size_t i = 0; i < count; ++i) {
    const rd_kafka_error_t* error = rd_kafka_group_result_error(results[i]);
    if (error != nullptr && rd_kafka_error_code(error) != RD_KAFKA_RESP_ERR_GROUP_ID_NOT_FOUND) {
      throw BusError(std::string("kafka delete group ") + rd_kafka_group_result_name(results[i]) +
                     ": " + rd_kafka_error_string(error));
    }
  }
}

BusHealth KafkaAdmin::Probe(std::chrono::milliseconds timeout) {
  BusHealth health;
  const auto start = Clock::now();
  rd_kafka_resp_err_t code = RD_KAFKA_RESP_ERR_NO_ERROR;
  // No topics: the answer lists the brokers, which is all a liveness probe needs.
  KafkaMetadataHandle metadata =
      FetchMetadata(handle_.get(), false, static_cast<int>(timeout.count()), code);
  health.latency = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
  health.reachable = metadata != nullptr && metadata->broker_cnt > 0;
  health.detail = metadata ? std::to_string(metadata->broker_cnt) + " broker(s)"
                           : std::string(rd_kafka_err2str(code));
  return health;
}

}  // namespace sagashop::bus
