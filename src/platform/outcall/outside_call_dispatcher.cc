#include "platform/outcall/outside_call_dispatcher.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <random>
#include <stdexcept>
#include <unordered_set>

#include "platform/core/backoff.h"
#include "platform/core/timestamp.h"
#include "platform/core/trace_parent.h"
#include "platform/db/run_in_transaction.h"
#include "platform/log/log_scope.h"
#include "platform/log/sensitive_data.h"
#include "platform/outcall/outside_call_store.h"

namespace sagashop::outcall {
namespace {

using std::chrono::milliseconds;

// One attempt waiting for its answer. Whichever comes first, the answer or the deadline, settles
// it; the other finds it settled and does nothing, so an answer that comes late is ignored.
struct Attempt {
  Attempt(OutsideCall call, boost::asio::io_context& timers)
      : call(std::move(call)), deadline(timers) {}

  bool Settle() { return !settled.exchange(true); }

  OutsideCall call;
  boost::asio::steady_timer deadline;
  std::atomic<bool> settled{false};
};

log::LogFields LogFieldsOf(const std::string& service, const OutsideCall& call) {
  return {.service = service,
          .order_id = std::to_string(call.ordering_key),
          .saga_id = call.correlation_id,
          .trace_id = TraceIdOf(call.trace_parent)};
}

}  // namespace

void OutsideCallDispatcherConfig::Validate() const {
  auto require = [](bool ok, const char* message) {
    if (!ok) throw std::invalid_argument(message);
  };
  require(!service.empty(), "outside calls: service must be set");
  require(!provider.empty(), "outside calls: provider must be set");
  require(max_in_flight >= 1, "outside calls: max in flight must be at least 1");
  require(call_timeout.count() >= 1, "outside calls: call timeout must be positive");
  require(lease_margin.count() >= 0, "outside calls: lease margin must not be negative");
  require(retry_backoff_initial.count() >= 1 && retry_backoff_max >= retry_backoff_initial,
          "outside calls: retry backoff must be positive, its max at least its initial wait");
  require(breaker_failure_threshold >= 1,
          "outside calls: breaker failure threshold must be at least 1");
  require(breaker_open_for.count() >= 1, "outside calls: breaker open time must be positive");
  require(poll.count() >= 1, "outside calls: poll interval must be positive");
  require(apply_batch >= 1, "outside calls: apply batch must be at least 1");
  require(retention.count() >= 1 && prune_interval.count() >= 1,
          "outside calls: retention and prune interval must be positive");
}

OutsideCallDispatcher::OutsideCallDispatcher(db::Database& database, OutsideCallHandler& handler,
                                             OutsideCallDispatcherConfig config)
    : database_(database),
      handler_(handler),
      config_((config.Validate(), std::move(config))),
      breaker_(config_.breaker_open_for, config_.breaker_failure_threshold) {}

OutsideCallDispatcher::~OutsideCallDispatcher() {
  Stop();
}

void OutsideCallDispatcher::Start() {
  std::lock_guard lock(mutex_);
  if (started_) throw std::logic_error("outside call dispatcher started twice");
  started_ = true;
  work_.emplace(timers_.get_executor());
  timer_thread_ = std::thread([this] { timers_.run(); });
  apply_thread_ = std::thread([this] { ApplyLoop(); });
  claim_thread_ = std::thread([this] { ClaimLoop(); });
}

void OutsideCallDispatcher::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (!started_ || stopping_) return;
    stopping_ = true;
  }
  claim_wake_.notify_all();
  apply_wake_.notify_all();
  // The claim loop ends first, so nothing new starts; the apply loop ends once every call in
  // flight was answered or passed its deadline, which the timers still running guarantee.
  claim_thread_.join();
  apply_thread_.join();
  work_.reset();
  timers_.stop();
  timer_thread_.join();
}

bool OutsideCallDispatcher::Decide(db::Transaction& tx, const NewOutsideCall& call) {
  return DecideAll(tx, {&call, 1}).front();
}

class OutsideCallDispatcher::HeldRoom {
 public:
  HeldRoom(OutsideCallDispatcher& dispatcher, int count) : dispatcher_(dispatcher), count_(count) {}
  ~HeldRoom() {
    Release(count_);
    // A rolled-back decision leaves its calls recorded and unclaimed: the loop takes them up.
    if (count_ > 0 && !adopted_) dispatcher_.Wake();
  }
  HeldRoom(const HeldRoom&) = delete;
  HeldRoom& operator=(const HeldRoom&) = delete;

  int Count() const { return count_; }
  // Its calls were adopted: the transaction committed.
  void MarkAdopted() { adopted_ = true; }
  void ShrinkTo(int count) {
    Release(count_ - count);
    count_ = count;
  }

 private:
  void Release(int count) {
    std::lock_guard lock(dispatcher_.mutex_);
    dispatcher_.held_room_ -= count;
  }

  OutsideCallDispatcher& dispatcher_;
  int count_;
  bool adopted_ = false;
};

std::vector<bool> OutsideCallDispatcher::DecideAll(db::Transaction& tx,
                                                   std::span<const NewOutsideCall> calls) {
  const std::int64_t lease_until_ms =
      NowEpochMs() + (config_.call_timeout + config_.lease_margin).count();
  std::shared_ptr<HeldRoom> room = HoldRoom();
  std::vector<OutsideCallStore::Enqueued> enqueued = OutsideCallStore(tx).EnqueueClaimedAll(
      calls, lease_until_ms, static_cast<std::size_t>(room->Count()));
  std::vector<bool> recorded;
  recorded.reserve(enqueued.size());
  std::vector<Adopted> claimed;
  bool waiting = false;  // recorded, not claimed: for the dispatcher to claim
  for (OutsideCallStore::Enqueued& call : enqueued) {
    recorded.push_back(call.recorded);
    if (call.claimed) {
      claimed.push_back({std::move(*call.claimed), lease_until_ms});
    } else {
      waiting = waiting || call.recorded;
    }
  }
  room->ShrinkTo(static_cast<int>(claimed.size()));
  if (!claimed.empty()) {
    // The room is held until the transaction ends: the action (and with it the room) goes when
    // the transaction does, after it ran on commit or without running on a rollback.
    tx.OnCommit([this, claimed = std::move(claimed), room]() mutable {
      for (Adopted& adopted : claimed) Adopt(std::move(adopted));
      room->MarkAdopted();
    });
  }
  if (waiting) tx.OnCommit([this] { Wake(); });
  return recorded;
}

std::shared_ptr<OutsideCallDispatcher::HeldRoom> OutsideCallDispatcher::HoldRoom() {
  std::lock_guard lock(mutex_);
  const int limit = config_.max_in_flight;
  const int running = std::clamp(in_flight_, 0, limit);
  const int adopted = std::min(static_cast<int>(adopted_.size()), limit);
  const int room = std::max((limit - running) + (limit - adopted) - held_room_, 0);
  held_room_ += room;
  return std::make_shared<HeldRoom>(*this, room);
}

void OutsideCallDispatcher::Adopt(Adopted adopted) {
  std::unique_lock lock(mutex_);
  if (stopping_) return;  // its lease runs out, and whoever dispatches next takes it up
  if (started_ && adopted_.empty() && in_flight_ < config_.max_in_flight && !breaker_.IsOpen()) {
    ++in_flight_;
    lock.unlock();
    Launch(std::move(adopted.call));
    return;
  }
  if (adopted_.size() >= static_cast<std::size_t>(config_.max_in_flight)) return;  // ditto
  adopted_.push_back(std::move(adopted));
  woken_ = true;
  lock.unlock();
  claim_wake_.notify_one();
}

void OutsideCallDispatcher::TakeAdopted(std::size_t& free, std::vector<OutsideCall>& launch) {
  // A call must be able to run to its deadline within its lease, or another claimant could make
  // the same attempt meanwhile.
  const std::int64_t latest_start_ms = NowEpochMs() + config_.call_timeout.count();
  while (free > 0 && !adopted_.empty()) {
    Adopted adopted = std::move(adopted_.front());
    adopted_.pop_front();
    if (adopted.lease_until_ms < latest_start_ms) continue;  // claimed again once it runs out
    launch.push_back(std::move(adopted.call));
    ++in_flight_;
    --free;
  }
}

void OutsideCallDispatcher::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  claim_wake_.notify_one();
}

int OutsideCallDispatcher::InFlight() const {
  std::lock_guard lock(mutex_);
  return in_flight_;
}

std::optional<std::size_t> OutsideCallDispatcher::ClaimLimit(milliseconds& wait) {
  // Room a decision holds is taken: its calls start once its transaction commits.
  const int free = config_.max_in_flight - in_flight_ - held_room_;
  if (free <= 0) {
    wait = config_.poll;  // a slot freed wakes the loop before that
    return std::nullopt;
  }
  if (breaker_.IsOpen()) {
    // One probe at a time while the provider is away; its answer closes or reopens the circuit.
    if (!breaker_.AllowRequest()) {
      wait = std::max(milliseconds(1), std::chrono::ceil<milliseconds>(breaker_.UntilProbe()));
      return std::nullopt;
    }
    return 1;
  }
  return static_cast<std::size_t>(free);
}

void OutsideCallDispatcher::ClaimLoop() {
  const log::LogScope scope({.service = config_.service});
  Backoff error_backoff(milliseconds(100), milliseconds(5'000));
  milliseconds wait{0};
  std::unique_lock lock(mutex_);
  while (true) {
    if (wait.count() > 0) {
      claim_wake_.wait_for(lock, wait, [this] { return stopping_ || woken_; });
    }
    if (stopping_) return;
    woken_ = false;
    wait = config_.poll;
    const std::optional<std::size_t> limit = ClaimLimit(wait);
    if (!limit) continue;
    std::size_t free = *limit;
    std::vector<OutsideCall> adopted;
    TakeAdopted(free, adopted);
    // The room this claim may fill is held while its transaction runs, as a decision's is: a
    // decision made meanwhile must not count it free too.
    held_room_ += static_cast<int>(free);
    lock.unlock();
    PruneWhenDue();
    for (OutsideCall& call : adopted) Launch(std::move(call));
    if (free == 0) {
      lock.lock();
      wait = milliseconds(0);  // more may wait, adopted or due
      continue;
    }

    const std::int64_t now_ms = NowEpochMs();
    const std::int64_t lease_until_ms =
        now_ms + (config_.call_timeout + config_.lease_margin).count();
    std::vector<OutsideCall> calls;
    try {
      calls = db::RunInTransaction(database_, [&](db::Transaction& tx) {
        return OutsideCallStore(tx).ClaimDue(now_ms, lease_until_ms, free);
      });
      error_backoff.Reset();
    } catch (const std::exception& error) {
      wait = error_backoff.Next();
      spdlog::warn("{}: could not claim calls to the {} (trying again in {} ms): {}",
                   config_.service, config_.provider, wait.count(),
                   log::MaskSensitive(error.what()));
      lock.lock();
      held_room_ -= static_cast<int>(free);
      continue;
    }

    lock.lock();
    held_room_ -= static_cast<int>(free);
    in_flight_ += static_cast<int>(calls.size());
    lock.unlock();
    for (OutsideCall& call : calls) Launch(std::move(call));
    lock.lock();

    if (calls.size() == free) {
      wait = milliseconds(0);  // there may be more due at once
    } else if (earliest_retry_ms_ != 0) {
      // Wake for the earliest retry this instance scheduled, if it comes before the next poll.
      const std::int64_t until_retry = earliest_retry_ms_ - NowEpochMs();
      if (until_retry < wait.count()) {
        wait = milliseconds(std::max<std::int64_t>(until_retry, 1));
        earliest_retry_ms_ = 0;
      }
    }
  }
}

void OutsideCallDispatcher::Launch(OutsideCall call) {
  auto attempt = std::make_shared<Attempt>(std::move(call), timers_);
  attempt->deadline.expires_after(config_.call_timeout);
  attempt->deadline.async_wait([this, attempt](boost::system::error_code ec) {
    if (ec || !attempt->Settle()) return;  // answered in time
    Complete({attempt->call,
              Unavailable{"no answer from the " + config_.provider + " within " +
                          std::to_string(config_.call_timeout.count()) + " ms"},
              true});
  });
  CallDone<std::string> done = [this, attempt](CallOutcome<std::string> outcome) {
    if (!attempt->Settle()) return;  // too late: the deadline settled it, `this` may be gone
    boost::asio::post(timers_, [attempt] { attempt->deadline.cancel(); });
    Complete({attempt->call, std::move(outcome)});
  };
  try {
    handler_.Perform(attempt->call, done);
  } catch (const std::exception& error) {
    done(Unavailable{std::string("the call could not be made: ") + error.what(), false});
  }
}

void OutsideCallDispatcher::Complete(Completion completion) {
  if (std::holds_alternative<std::string>(completion.outcome)) {
    ++counters_.answered;
    breaker_.RecordSuccess();
  } else {
    ++(completion.timed_out ? counters_.timed_out : counters_.unavailable);
    breaker_.RecordFailure();
  }
  {
    std::lock_guard lock(mutex_);
    completed_.push_back(std::move(completion));
  }
  apply_wake_.notify_one();
}

void OutsideCallDispatcher::ApplyLoop() {
  const log::LogScope scope({.service = config_.service});
  std::unique_lock lock(mutex_);
  while (true) {
    apply_wake_.wait(lock,
                     [this] { return !completed_.empty() || (stopping_ && in_flight_ == 0); });
    if (completed_.empty()) return;  // stopping, and nothing is in flight any more
    std::vector<Completion> batch;
    while (!completed_.empty() && batch.size() < config_.apply_batch) {
      batch.push_back(std::move(completed_.front()));
      completed_.pop_front();
    }
    lock.unlock();
    ApplyBatch(batch);
    lock.lock();
    in_flight_ -= static_cast<int>(batch.size());
    woken_ = true;  // slots are free
    claim_wake_.notify_one();
  }
}

void OutsideCallDispatcher::ApplyBatch(std::vector<Completion>& batch) {
  try {
    db::RunInTransaction(database_, [&](db::Transaction& tx) {
      // The answers first: an answer and a lost attempt of one call in the same batch (a lease
      // that ran out) leave it done with the provider's answer.
      ApplyAnswers(tx, batch);
      for (const Completion& completion : batch) {
        if (!std::holds_alternative<std::string>(completion.outcome)) {
          ApplyUnanswered(tx, completion);
        }
      }
    });
    return;
  } catch (const std::exception& error) {
    if (batch.size() == 1) {
      // Left pending: once its lease runs out the call is made again under the same key, and
      // the provider answers as before.
      spdlog::error(
          "{}: could not apply the answer of the {} to call {} ({}); it is made again "
          "later: {}",
          config_.service, config_.provider, batch.front().call.id, batch.front().call.kind,
          log::MaskSensitive(error.what()));
      return;
    }
    spdlog::warn("{}: a batch of {} answers failed ({}); applying them one by one", config_.service,
                 batch.size(), log::MaskSensitive(error.what()));
  }
  for (Completion& completion : batch) {
    std::vector<Completion> alone;
    alone.push_back(std::move(completion));
    ApplyBatch(alone);
  }
}

void OutsideCallDispatcher::ApplyAnswers(db::Transaction& tx,
                                         const std::vector<Completion>& batch) {
  std::vector<std::int64_t> ids;
  std::vector<const std::string*> results;
  std::vector<OutsideCallHandler::Answered> answers;
  std::unordered_set<std::int64_t> seen;  // a call answered twice is applied once, the first
  for (const Completion& completion : batch) {
    const auto* result = std::get_if<std::string>(&completion.outcome);
    if (!result || !seen.insert(completion.call.id).second) continue;
    ids.push_back(completion.call.id);
    results.push_back(result);
    answers.push_back({&completion.call, result});
  }
  if (answers.empty()) return;
  const std::unordered_set<std::int64_t> marked = OutsideCallStore(tx).MarkDoneAll(ids, results);
  if (marked.size() < answers.size()) {
    std::erase_if(answers, [&](const OutsideCallHandler::Answered& answer) {
      if (marked.contains(answer.call->id)) return false;
      spdlog::debug("{} call {} was done already", answer.call->kind, answer.call->id);
      return true;
    });
  }
  if (answers.empty()) return;
  handler_.ApplyResults(tx, answers);
  tx.OnCommit([this, applied = answers.size()] { counters_.applied += applied; });
}

void OutsideCallDispatcher::ApplyUnanswered(db::Transaction& tx, const Completion& completion) {
  const OutsideCall& call = completion.call;
  const log::LogScope scope(LogFieldsOf(config_.service, call));
  OutsideCallStore store(tx);
  const Unavailable& unavailable = std::get<Unavailable>(completion.outcome);
  const bool uncertain = call.uncertain || unavailable.may_have_taken_effect;
  if (!uncertain) {
    if (const std::optional<std::string> answer = handler_.GiveUp(tx, call)) {
      spdlog::info("{} call {} given up after {} refused attempt(s)", call.kind, call.id,
                   call.attempts);
      if (store.MarkDone(call.id, *answer)) handler_.ApplyResult(tx, call, *answer);
      return;
    }
  }
  const std::string& reason = unavailable.reason;
  const milliseconds delay = RetryDelay(call.attempts);
  const std::int64_t retry_at_ms = NowEpochMs() + delay.count();
  store.Reschedule(call.id, retry_at_ms, reason, uncertain);
  spdlog::warn("{} call {} to the {} got no answer (attempt {}), trying again in {} ms: {}",
               call.kind, call.id, config_.provider, call.attempts, delay.count(),
               log::MaskSensitive(reason));
  tx.OnCommit([this, retry_at_ms] {
    std::lock_guard lock(mutex_);
    if (earliest_retry_ms_ == 0 || retry_at_ms < earliest_retry_ms_) {
      earliest_retry_ms_ = retry_at_ms;
    }
  });
}

void OutsideCallDispatcher::PruneWhenDue() {
  if (std::chrono::steady_clock::now() < next_prune_) return;
  next_prune_ = std::chrono::steady_clock::now() + config_.prune_interval;
  const std::string cutoff = FormatRfc3339(std::chrono::system_clock::now() - config_.retention);
  try {
    const std::int64_t pruned = db::RunInTransaction(
        database_, [&](db::Transaction& tx) { return OutsideCallStore(tx).PruneDone(cutoff); });
    if (pruned > 0) spdlog::info("pruned {} answered calls to the {}", pruned, config_.provider);
  } catch (const std::exception& error) {
    spdlog::warn("{}: could not prune answered calls: {}", config_.service,
                 log::MaskSensitive(error.what()));
  }
}

std::chrono::milliseconds OutsideCallDispatcher::RetryDelay(int attempts) {
  // Attempts counts the one that failed, so the first retry waits about the initial backoff.
  const Backoff backoff(config_.retry_backoff_initial, config_.retry_backoff_max);
  const milliseconds ceiling = backoff.Ceiling(std::max(attempts - 1, 0));
  thread_local std::mt19937_64 random{std::random_device{}()};
  return milliseconds(std::uniform_int_distribution<milliseconds::rep>(ceiling.count() / 2,
                                                                       ceiling.count())(random));
}

}  // namespace sagashop::outcall
