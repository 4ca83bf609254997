#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/bus/event_bus.h"
#include "platform/bus/inproc/inproc_bus_config.h"
#include "platform/bus/inproc/inproc_member.h"

namespace sagashop::bus {

// The in-memory broker behind InProcEventBus, shared by its publishers and subscriptions so that
// either may outlive the bus object.
//
// Publish() delivers on the caller's thread: every group that reads a message's topic gets it,
// through the one member that owns the key's partition (partition modulo the group's members, in
// join order). Each member receives its share of the batch in publish order, in handler calls of
// at most max_batch messages, and a member's handler calls never overlap. Publish() returns how
// many leading messages every group has handled, so an outbox relay marks a row sent only once
// every reader committed it; whatever follows is published again and the readers' inboxes drop
// what they already applied.
class InProcBroker {
 public:
  explicit InProcBroker(InProcBusConfig config);

  void RecordTopics(std::span<const std::string> topics);
  std::vector<std::string> Topics() const;

  // Throws std::invalid_argument for options that name no group or no topic.
  std::shared_ptr<InProcMember> Join(SubscriptionOptions options, BatchHandler handler);
  // Stops routing to `member`, then waits for a delivery to it in progress on another thread. The
  // group stays known: messages for it are left unacknowledged until a member is back.
  void Leave(InProcMember& member);

  std::size_t Publish(std::span<const OutgoingMessage> messages);

  std::vector<IncomingMessage> Retained(std::string_view topic) const;
  std::size_t Members(std::string_view group) const;

 private:
  // The share of one batch that goes to one member: indices into the published batch.
  struct Route {
    std::shared_ptr<InProcMember> member;
    std::vector<std::size_t> indices;
  };
  // For one topic, the live members of every group that reads it, one list per group (empty when
  // the group is known but has no member present).
  using TopicReaders = std::vector<std::vector<std::shared_ptr<InProcMember>>>;

  TopicReaders ReadersOf(std::string_view topic) const;  // mutex_ held
  void Deliver(Route& route, const std::vector<IncomingMessage>& messages,
               std::vector<bool>& handled) const;
  void Retain(IncomingMessage message);  // mutex_ held

  const InProcBusConfig config_;

  mutable std::mutex mutex_;  // guards everything below; never held while a handler runs
  std::set<std::string, std::less<>> topics_;
  std::map<std::string, std::set<std::string>, std::less<>> groups_by_topic_;
  std::vector<std::shared_ptr<InProcMember>> members_;  // in join order
  std::uint64_t next_member_id_ = 1;
  std::map<std::pair<std::string, std::int32_t>, std::int64_t> next_offset_;
  std::map<std::string, std::deque<IncomingMessage>, std::less<>> retained_;
  std::set<std::string, std::less<>> retention_overflowed_;  // topics already warned about
};

}  // namespace sagashop::bus
