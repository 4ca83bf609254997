#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <stdexcept>
#include <vector>

namespace sagashop {

// Gathers work that arrives concurrently into groups run together, e.g. one database transaction
// for several requests (group commit). There is no timer: the first caller runs its work alone at
// once, and whatever arrives while a group runs waits for it and goes together in the next one, so
// a quiet system adds no latency and a busy one forms groups as large as its concurrency. One
// group runs at a time, on the thread of one of its callers (the leader); the others wait for its
// answers.
//
// `Run` gets the group in arrival order and returns one answer per item, in the same order. What
// it throws is answered to every caller of the group, each of which rethrows it. `Joins` says
// whether an item may join a group already holding some others (e.g. not two requests with one
// Idempotency-Key); one that may not waits for a later group.
template <typename Item, typename Answer>
class GroupCommit {
 public:
  using Runner = std::function<std::vector<Answer>(std::span<const Item* const>)>;
  using JoinRule = std::function<bool(const Item& candidate, std::span<const Item* const> group)>;

  GroupCommit(std::size_t max_group, Runner run, JoinRule joins = {})
      : max_group_(max_group), run_(std::move(run)), joins_(std::move(joins)) {}

  // Callers waiting for a group to take them (not those whose group runs).
  std::size_t Pending() const {
    std::lock_guard lock(mutex_);
    return pending_.size();
  }

  Answer Submit(const Item& item) {
    Slot slot{.item = &item};
    std::unique_lock lock(mutex_);
    pending_.push_back(&slot);
    while (!slot.answered) {
      if (leading_) {
        // The running group's end wakes us; its transaction bounds the wait.
        done_.wait(lock);
        continue;
      }
      leading_ = true;
      std::vector<Slot*> group = TakeGroup();
      lock.unlock();
      RunGroup(group);
      lock.lock();
      // Under the lock: a waiting caller reads its flag under it (a spurious wake-up included).
      for (Slot* member : group) member->answered = true;
      leading_ = false;
      done_.notify_all();
    }
    if (slot.failure) std::rethrow_exception(slot.failure);
    return std::move(*slot.answer);
  }

 private:
  struct Slot {
    const Item* item = nullptr;
    std::optional<Answer> answer;
    std::exception_ptr failure;
    bool answered = false;
  };

  // Under the lock: up to max_group_ pending slots, oldest first, skipping those that may not join.
  std::vector<Slot*> TakeGroup() {
    std::vector<Slot*> group;
    std::vector<const Item*> items;
    for (auto it = pending_.begin(); it != pending_.end() && group.size() < max_group_;) {
      if (!group.empty() && joins_ && !joins_(*(*it)->item, items)) {
        ++it;
        continue;
      }
      group.push_back(*it);
      items.push_back((*it)->item);
      it = pending_.erase(it);
    }
    return group;
  }

  // Outside the lock. A caller reads its answer only once it sees its slot answered, which the
  // leader marks under the lock after this returns.
  void RunGroup(const std::vector<Slot*>& group) {
    std::vector<const Item*> items;
    items.reserve(group.size());
    for (const Slot* slot : group) items.push_back(slot->item);
    try {
      std::vector<Answer> answers = run_(items);
      if (answers.size() != group.size()) {
        throw std::logic_error("a group commit runner answered the wrong number of items");
      }
      for (std::size_t i = 0; i < group.size(); ++i) group[i]->answer = std::move(answers[i]);
    } catch (...) {
      for (Slot* slot : group) slot->failure = std::current_exception();
    }
  }

  const std::size_t max_group_;
  const Runner run_;
  const JoinRule joins_;
  mutable std::mutex mutex_;
  std::condition_variable done_;
  std::deque<Slot*> pending_;
  bool leading_ = false;
};

}  // namespace sagashop
