#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "platform/core/later.h"
#include "platform/outcall/outside_call_handler.h"

namespace sagashop::testing {

// A provider whose answers a test scripts per attempt: answer at once, refuse, or hold the answer
// until the test lets it go (to keep calls in flight, or to answer after a deadline). Records what
// it was asked and what was applied.
class ScriptedHandler final : public outcall::OutsideCallHandler {
 public:
  enum class Move { kAnswer, kRefuse, kHold };
  // Decides an attempt from the call and how often its key was seen (1 for the first attempt).
  using Script = std::function<Move(const outcall::OutsideCall&, int attempt)>;

  explicit ScriptedHandler(Script script) : script_(std::move(script)) {}

  void Perform(const outcall::OutsideCall& call, CallDone<std::string> done) override {
    Move move;
    std::string answer;
    {
      std::lock_guard lock(mutex_);
      const int attempt = ++attempts_[call.idempotency_key];
      move = script_(call, attempt);
      answer = "answer " + std::to_string(attempt) + " to " + call.idempotency_key;
      if (move == Move::kHold) {
        held_.push_back([done, answer] { done(answer); });
        peak_held_ = std::max(peak_held_, static_cast<int>(held_.size()));
        return;
      }
    }
    if (move == Move::kAnswer) {
      later_.After({}, [done, answer](bool) { done(answer); });
    } else {
      later_.After({}, [done](bool) { done(Unavailable{"refused", false}); });
    }
  }

  void ApplyResult(db::Transaction& tx, const outcall::OutsideCall& call,
                   const std::string& result) override {
    tx.OnCommit([this, key = call.idempotency_key, result] {
      std::lock_guard lock(mutex_);
      applied_[key].push_back(result);
    });
  }

  std::optional<std::string> GiveUp(db::Transaction&, const outcall::OutsideCall& call) override {
    std::lock_guard lock(mutex_);
    ++give_up_asked_[call.idempotency_key];
    if (!give_up_) return std::nullopt;
    return "given up";
  }

  // Answers every held attempt now (those past their deadline are ignored by the dispatcher).
  void ReleaseHeld() {
    std::vector<std::function<void()>> held;
    {
      std::lock_guard lock(mutex_);
      held.swap(held_);
    }
    for (auto& answer : held) answer();
  }

  void SetScript(Script script) {
    std::lock_guard lock(mutex_);
    script_ = std::move(script);
  }
  void SetGiveUp(bool give_up) {
    std::lock_guard lock(mutex_);
    give_up_ = give_up;
  }

  int Held() {
    std::lock_guard lock(mutex_);
    return static_cast<int>(held_.size());
  }
  int PeakHeld() {
    std::lock_guard lock(mutex_);
    return peak_held_;
  }
  int Attempts(const std::string& key) {
    std::lock_guard lock(mutex_);
    return attempts_[key];
  }
  std::vector<std::string> Applied(const std::string& key) {
    std::lock_guard lock(mutex_);
    const auto found = applied_.find(key);
    return found == applied_.end() ? std::vector<std::string>{} : found->second;
  }
  std::size_t AppliedCalls() {
    std::lock_guard lock(mutex_);
    return applied_.size();
  }
  int GiveUpAsked(const std::string& key) {
    std::lock_guard lock(mutex_);
    return give_up_asked_[key];
  }

 private:
  std::mutex mutex_;
  Script script_;
  bool give_up_ = false;
  std::map<std::string, int> attempts_;
  std::map<std::string, std::vector<std::string>> applied_;
  std::map<std::string, int> give_up_asked_;
  std::vector<std::function<void()>> held_;
  int peak_held_ = 0;
  Later later_{1};  // last: answers what is pending before the rest goes
};

}  // namespace sagashop::testing
