#pragma once

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "platform/core/circuit_breaker.h"
#include "platform/db/database.h"
#include "platform/outcall/outside_call_handler.h"

namespace sagashop::outcall {

struct OutsideCallDispatcherConfig {
  std::string service;      // for the log, e.g. "payment"
  std::string provider;     // for the log and metrics, e.g. "payment-provider"
  int max_in_flight = 256;  // calls waiting for an answer at once
  std::chrono::milliseconds call_timeout{10'000};  // an attempt with no answer by then failed
  // How long after its deadline a claimed call stays away from other claimants: time enough to
  // apply an answer that came at the last moment. Past it, a call whose claimant died is claimed
  // again (the recovery after a crash).
  std::chrono::milliseconds lease_margin{5'000};
  // Between attempts at a call that got no answer: exponential backoff with jitter.
  std::chrono::milliseconds retry_backoff_initial{200};
  std::chrono::milliseconds retry_backoff_max{30'000};
  // Unanswered attempts in a row that open the circuit, and how long it then stays open before
  // one probe call goes through. While open, calls stay pending: none is failed for it.
  int breaker_failure_threshold = 5;
  std::chrono::milliseconds breaker_open_for{1'000};
  // How often to look for due calls when nothing woke the dispatcher (intents committed by other
  // instances, leases of a dead one running out).
  std::chrono::milliseconds poll{1'000};
  std::size_t apply_batch = 500;  // answers applied in one transaction at most
  // DONE calls older than this are deleted, looked for every prune_interval.
  std::chrono::hours retention{24 * 7};
  std::chrono::minutes prune_interval{10};

  // Throws std::invalid_argument naming the first bad setting.
  void Validate() const;

  // This configuration for `service`'s calls to `provider`.
  OutsideCallDispatcherConfig For(std::string service_name, std::string provider_name) && {
    service = std::move(service_name);
    provider = std::move(provider_name);
    return std::move(*this);
  }
};

struct OutsideCallCounters {
  std::atomic<std::uint64_t> answered{0};     // attempts the provider answered
  std::atomic<std::uint64_t> unavailable{0};  // attempts it refused or failed (will be retried)
  std::atomic<std::uint64_t> timed_out{0};    // attempts with no answer before the deadline
  std::atomic<std::uint64_t> applied{0};      // answers applied (once per call)
};

// Makes a service's calls to the outside world outside any database transaction (docs/
// outside-calls.md): it claims due intents from outside_calls, starts up to max_in_flight calls at
// once through the handler (which answers asynchronously), gives each a deadline, and applies the
// answers in batches, each answer in the same transaction that marks its call DONE. A call with no
// answer is retried with the same idempotency key after a backoff; consecutive failures open a
// circuit breaker that holds every call back, so an outage costs probes, not a storm. Several
// instances may dispatch from one database at once: a claim leases its calls.
//
// Threads: one claims and starts calls, one applies answers, one runs the deadlines' timers; the
// handler answers on threads of its own.
class OutsideCallDispatcher {
 public:
  OutsideCallDispatcher(db::Database& database, OutsideCallHandler& handler,
                        OutsideCallDispatcherConfig config);
  ~OutsideCallDispatcher();

  OutsideCallDispatcher(const OutsideCallDispatcher&) = delete;
  OutsideCallDispatcher& operator=(const OutsideCallDispatcher&) = delete;

  void Start();
  // Stops claiming, waits for the calls in flight to be answered or to pass their deadline and
  // applies what came; idempotent. Calls still pending are taken up by the next start.
  void Stop();

  // Records the intent of `call` in `tx` (see OutsideCallStore::EnqueueClaimed) and, when it
  // could be claimed there, starts it the moment `tx` commits: the quick path, with no claim of
  // its own. Otherwise the dispatcher is woken to claim it after the commit. False when the call
  // was decided already (nothing is written).
  bool Decide(db::Transaction& tx, const NewOutsideCall& call);
  // Decide for many calls with one statement (OutsideCallStore::EnqueueClaimedAll): whether each
  // was recorded, in order.
  std::vector<bool> DecideAll(db::Transaction& tx, std::span<const NewOutsideCall> calls);

  // An intent was committed: look for due calls now rather than at the next poll. Cheap; safe
  // from any thread and before Start().
  void Wake();

  const OutsideCallCounters& Counters() const { return counters_; }
  int InFlight() const;
  bool BreakerOpen() const { return breaker_.IsOpen(); }
  const std::string& Provider() const { return config_.provider; }

 private:
  struct Completion {
    OutsideCall call;
    CallOutcome<std::string> outcome;
    bool timed_out = false;
  };

  struct Adopted {
    OutsideCall call;
    std::int64_t lease_until_ms;
  };

  // A call claimed by Decide, once its transaction committed: started at once if a slot is free,
  // else kept (boundedly) for the claim loop; one that cannot be kept, or is kept until its lease
  // nears its end, is left to be claimed again once the lease ran out.
  void Adopt(Adopted adopted);
  // Room a decision holds for the calls it claims, from its claim until its transaction ends
  // (committed and adopted, or rolled back): the claim loop and other decisions count it as
  // taken meanwhile, so that together they never claim more than there is room for. A call
  // claimed beyond the room would sit out its whole lease before anyone made it.
  class HeldRoom;
  // Holds all the room there is now for a decision: free slots plus room among the adopted, less
  // what other decisions hold.
  std::shared_ptr<HeldRoom> HoldRoom();
  // Moves adopted calls that still have time into `launch`, at most `free` (under the lock).
  void TakeAdopted(std::size_t& free, std::vector<OutsideCall>& launch);
  void ClaimLoop();
  void ApplyLoop();
  // How many calls the next claim may take, or nullopt to wait `wait` first.
  std::optional<std::size_t> ClaimLimit(std::chrono::milliseconds& wait);
  void Launch(OutsideCall call);
  void Complete(Completion completion);
  void ApplyBatch(std::vector<Completion>& batch);
  // The answered calls of a batch: marked done and applied with a statement each for all.
  void ApplyAnswers(db::Transaction& tx, const std::vector<Completion>& batch);
  // A call that got no answer: given up, or due again after a backoff.
  void ApplyUnanswered(db::Transaction& tx, const Completion& completion);
  std::chrono::milliseconds RetryDelay(int attempts);
  // Deletes DONE calls past the retention, at most every prune_interval (on the claim thread).
  void PruneWhenDue();
  std::chrono::steady_clock::time_point next_prune_{};  // the first round prunes

  db::Database& database_;
  OutsideCallHandler& handler_;
  const OutsideCallDispatcherConfig config_;
  CircuitBreaker breaker_;
  OutsideCallCounters counters_;

  boost::asio::io_context timers_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;

  mutable std::mutex mutex_;
  std::condition_variable claim_wake_;  // woken_, a free slot, stopping_
  std::condition_variable apply_wake_;  // an answer, stopping_
  bool woken_ = true;                   // look at once when started
  bool stopping_ = false;
  bool started_ = false;
  int in_flight_ = 0;  // claimed, not yet applied
  int held_room_ = 0;  // held by decisions whose transactions have not ended
  std::deque<Completion> completed_;
  std::deque<Adopted> adopted_;         // at most max_in_flight
  std::int64_t earliest_retry_ms_ = 0;  // the next retry this instance scheduled; 0 when none

  std::thread timer_thread_;
  std::thread claim_thread_;
  std::thread apply_thread_;
};

}  // namespace sagashop::outcall
