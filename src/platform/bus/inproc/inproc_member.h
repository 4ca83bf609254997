#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <utility>

#include "platform/bus/event_bus.h"

namespace sagashop::bus {

// One subscription as the in-process broker sees it. Publishers on any thread call its handler,
// one at a time: delivery_mutex is held for the whole call, which is also what lets leaving wait
// for a delivery in progress.
struct InProcMember {
  InProcMember(std::uint64_t id, SubscriptionOptions options, BatchHandler handler)
      : id(id),
        options(std::move(options)),
        handler(std::move(handler)),
        topics(this->options.topics.begin(), this->options.topics.end()) {}

  const std::uint64_t id;  // join order; a group's partitions are spread by it
  const SubscriptionOptions options;
  const BatchHandler handler;
  const std::set<std::string, std::less<>> topics;

  std::mutex delivery_mutex;
  bool closed = false;  // guarded by delivery_mutex; once set the handler is never called again
  std::atomic<std::uint64_t> completed_batches{0};
};

}  // namespace sagashop::bus
