#include "platform/bus/inproc/inproc_broker.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

#include "platform/bus/inproc/murmur2.h"

namespace sagashop::bus {
namespace {

// The members whose handler is running on this thread. A handler that publishes to its own
// subscription would wait for itself forever; that delivery fails instead.
thread_local std::vector<const InProcMember*> t_delivering;

bool DeliveringOnThisThread(const InProcMember& member) {
  return std::find(t_delivering.begin(), t_delivering.end(), &member) != t_delivering.end();
}

class DeliveringScope {
 public:
  explicit DeliveringScope(const InProcMember& member) { t_delivering.push_back(&member); }
  ~DeliveringScope() { t_delivering.pop_back(); }
  DeliveringScope(const DeliveringScope&) = delete;
  DeliveringScope& operator=(const DeliveringScope&) = delete;
};

void ValidateOptions(const SubscriptionOptions& options) {
  if (options.group.empty()) throw std::invalid_argument("subscription: group must be set");
  if (options.topics.empty()) throw std::invalid_argument("subscription: topics must be set");
  for (const std::string& topic : options.topics) {
    if (topic.empty()) throw std::invalid_argument("subscription: a topic name is empty");
  }
  if (options.max_batch == 0) throw std::invalid_argument("subscription: max_batch must be > 0");
}

void MarkUnhandled(std::span<const std::size_t> indices, std::vector<bool>& handled) {
  for (const std::size_t index : indices) handled[index] = false;
}

}  // namespace

InProcBroker::InProcBroker(InProcBusConfig config) : config_(std::move(config)) {
  config_.Validate();
  for (const auto& [group, topics] : config_.expected_groups) {
    for (const std::string& topic : topics) groups_by_topic_[topic].insert(group);
  }
}

void InProcBroker::RecordTopics(std::span<const std::string> topics) {
  std::lock_guard lock(mutex_);
  topics_.insert(topics.begin(), topics.end());
}

std::vector<std::string> InProcBroker::Topics() const {
  std::lock_guard lock(mutex_);
  return {topics_.begin(), topics_.end()};
}

std::shared_ptr<InProcMember> InProcBroker::Join(SubscriptionOptions options,
                                                 BatchHandler handler) {
  ValidateOptions(options);
  std::lock_guard lock(mutex_);
  auto member =
      std::make_shared<InProcMember>(next_member_id_++, std::move(options), std::move(handler));
  for (const std::string& topic : member->topics) {
    groups_by_topic_[topic].insert(member->options.group);
  }
  members_.push_back(member);
  return member;
}

void InProcBroker::Leave(InProcMember& member) {
  {
    std::lock_guard lock(mutex_);
    std::erase_if(members_, [&](const auto& candidate) { return candidate.get() == &member; });
  }
  if (DeliveringOnThisThread(member)) {
    // Unsubscribing from inside its own handler: this thread already holds delivery_mutex.
    member.closed = true;
    return;
  }
  std::lock_guard delivery(member.delivery_mutex);
  member.closed = true;
}

InProcBroker::TopicReaders InProcBroker::ReadersOf(std::string_view topic) const {
  TopicReaders readers;
  const auto groups = groups_by_topic_.find(topic);
  if (groups == groups_by_topic_.end()) return readers;
  for (const std::string& group : groups->second) {
    auto& group_members = readers.emplace_back();
    for (const auto& member : members_) {
      if (member->options.group == group && member->topics.contains(topic)) {
        group_members.push_back(member);
      }
    }
  }
  return readers;
}

std::size_t InProcBroker::Publish(std::span<const OutgoingMessage> messages) {
  std::vector<IncomingMessage> incoming(messages.size());
  std::vector<bool> handled(messages.size(), true);
  std::vector<bool> unread(messages.size(), false);  // no group reads the topic: retained
  std::map<std::uint64_t, Route> routes;             // by member id
  std::string absent_group_topic;
  {
    std::lock_guard lock(mutex_);
    std::map<std::string_view, TopicReaders> readers_by_topic;
    for (std::size_t i = 0; i < messages.size(); ++i) {
      const OutgoingMessage& message = messages[i];
      IncomingMessage& in = incoming[i];
      in.topic = message.topic;
      in.key = message.key;
      in.value = message.value;
      in.headers = message.headers;
      in.partition = PartitionOf(message.key, config_.partitions);
      in.offset = next_offset_[{message.topic, in.partition}]++;

      auto cached = readers_by_topic.find(message.topic);
      if (cached == readers_by_topic.end()) {
        cached = readers_by_topic.emplace(message.topic, ReadersOf(message.topic)).first;
      }
      const TopicReaders& readers = cached->second;
      if (readers.empty()) unread[i] = true;
      for (const auto& group_members : readers) {
        if (group_members.empty()) {
          // A known group with nobody present: its reader is starting or restarting.
          handled[i] = false;
          absent_group_topic = message.topic;
          continue;
        }
        const auto& owner =
            group_members[static_cast<std::size_t>(in.partition) % group_members.size()];
        Route& route = routes[owner->id];
        route.member = owner;
        route.indices.push_back(i);
      }
    }
  }

  for (auto& [id, route] : routes) Deliver(route, incoming, handled);

  const auto first_unhandled = std::find(handled.begin(), handled.end(), false);
  const auto acknowledged = static_cast<std::size_t>(first_unhandled - handled.begin());
  {
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < acknowledged; ++i) {
      if (unread[i]) Retain(std::move(incoming[i]));
    }
  }
  if (!absent_group_topic.empty()) {
    spdlog::warn("in-process bus: a group reading {} has no member present; its messages wait",
                 absent_group_topic);
  }
  if (acknowledged < messages.size()) {
    spdlog::warn(
        "in-process bus: {} of {} message(s) handled by every group; first unhandled on {}",
        acknowledged, messages.size(), messages[acknowledged].topic);
  }
  return acknowledged;
}

void InProcBroker::Deliver(Route& route, const std::vector<IncomingMessage>& messages,
                           std::vector<bool>& handled) const {
  InProcMember& member = *route.member;
  const std::span<const std::size_t> indices(route.indices);
  if (DeliveringOnThisThread(member)) {
    spdlog::error("in-process bus: a handler of group {} published to its own topic; refused",
                  member.options.group);
    MarkUnhandled(indices, handled);
    return;
  }
  std::lock_guard delivery(member.delivery_mutex);
  if (member.closed) {  // it left after routing; the retry routes to whoever owns it now
    MarkUnhandled(indices, handled);
    return;
  }
  DeliveringScope scope(member);
  const std::size_t max_batch = member.options.max_batch;
  for (std::size_t start = 0; start < indices.size(); start += max_batch) {
    const auto chunk = indices.subspan(start, std::min(max_batch, indices.size() - start));
    std::vector<IncomingMessage> batch;
    batch.reserve(chunk.size());
    for (const std::size_t index : chunk) batch.push_back(messages[index]);
    try {
      member.handler(batch);
      ++member.completed_batches;
    } catch (const std::exception& error) {
      spdlog::warn("in-process bus: handler of group {} failed on {} message(s): {}",
                   member.options.group, batch.size(), error.what());
      // Later chunks would overtake the failed one: they wait for the retry too.
      MarkUnhandled(indices.subspan(start), handled);
      return;
    } catch (...) {
      spdlog::warn("in-process bus: handler of group {} failed on {} message(s)",
                   member.options.group, batch.size());
      MarkUnhandled(indices.subspan(start), handled);
      return;
    }
  }
}

void InProcBroker::Retain(IncomingMessage message) {
  auto& kept = retained_[message.topic];
  if (kept.size() >= config_.retained_per_topic) {
    if (retention_overflowed_.insert(message.topic).second) {
      spdlog::warn("in-process bus: more than {} unread messages on {}; dropping the oldest",
                   config_.retained_per_topic, message.topic);
    }
    kept.pop_front();
  }
  kept.push_back(std::move(message));
}

std::vector<IncomingMessage> InProcBroker::Retained(std::string_view topic) const {
  std::lock_guard lock(mutex_);
  const auto kept = retained_.find(topic);
  if (kept == retained_.end()) return {};
  return {kept->second.begin(), kept->second.end()};
}

std::size_t InProcBroker::Members(std::string_view group) const {
  std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(
      std::count_if(members_.begin(), members_.end(),
                    [&](const auto& member) { return member->options.group == group; }));
}

}  // namespace sagashop::bus
