#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>

#include "platform/http/connection_registry.h"
#include "platform/http/rate_limiter.h"
#include "platform/http/request_record.h"
#include "platform/http/router.h"
#include "platform/http/server_config.h"
#include "platform/log/log_fields.h"

namespace sagashop::http {

// What all connections of one server share. Owned by the Server, it outlives every Connection.
class ServerState {
 public:
  ServerState(ServerConfig config, Router router, RequestObserver observer,
              log::LogFields log_context)
      : config_(std::move(config)),
        router_(std::move(router)),
        observer_(std::move(observer)),
        log_context_(std::move(log_context)) {
    if (config_.rate_limit_per_client > 0) {
      rate_limiter_.emplace(config_.rate_limit_per_client, 2 * config_.rate_limit_per_client);
    }
  }

  const ServerConfig& Config() const { return config_; }
  const Router& Routes() const { return router_; }
  // The log context of whoever made the server (its service), for the lines of its threads.
  const log::LogFields& LogContext() const { return log_context_; }
  ConnectionRegistry& Connections() { return connections_; }
  // Null when rate limiting is off.
  RateLimiter* ClientRateLimiter() { return rate_limiter_ ? &*rate_limiter_ : nullptr; }

  // Once set, connections finish the request they are on and close instead of reading another.
  bool Stopping() const { return stopping_.load(std::memory_order_acquire); }
  void BeginStopping() { stopping_.store(true, std::memory_order_release); }

  std::uint64_t NextConnectionId() { return next_connection_id_.fetch_add(1); }
  int RequestStarted() { return in_flight_.fetch_add(1) + 1; }
  int RequestFinished() { return in_flight_.fetch_sub(1) - 1; }
  int InFlight() const { return in_flight_.load(); }

  // A request joins the queue for a handler thread: false when max_queued_requests wait already
  // and it may be shed. Every true is matched by one Dequeued, when a handler thread takes it.
  bool TryQueue(UnderLoad under_load) {
    const std::size_t before = queued_.fetch_add(1);
    if (under_load == UnderLoad::kQueued || before < config_.max_queued_requests) return true;
    queued_.fetch_sub(1);
    return false;
  }
  void Dequeued() { queued_.fetch_sub(1); }

  // Hands `record` to the observer, if any; an observer's exception is logged, never propagated.
  void Report(const RequestRecord& record) const;

 private:
  const ServerConfig config_;
  const Router router_;
  const RequestObserver observer_;
  const log::LogFields log_context_;
  ConnectionRegistry connections_;
  std::optional<RateLimiter> rate_limiter_;  // per client address
  std::atomic<bool> stopping_{false};
  std::atomic<int> in_flight_{0};
  std::atomic<std::size_t> queued_{0};
  std::atomic<std::uint64_t> next_connection_id_{1};
};

}  // namespace sagashop::http
