#include "platform/core/group_commit.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace sagashop {
namespace {

TEST(GroupCommitTest, AQuietCallerRunsAloneAtOnce) {
  std::vector<std::size_t> sizes;
  GroupCommit<int, int> commit(8, [&](std::span<const int* const> group) {
    sizes.push_back(group.size());
    std::vector<int> answers;
    for (const int* item : group) answers.push_back(*item * 10);
    return answers;
  });
  EXPECT_EQ(commit.Submit(1), 10);
  EXPECT_EQ(commit.Submit(2), 20);
  EXPECT_EQ(sizes, (std::vector<std::size_t>{1, 1}));
}

// While one group runs, the callers that arrive wait and go together, each getting its own
// answer; no group is larger than the bound.
TEST(GroupCommitTest, CallersArrivingDuringAGroupGoTogetherInTheNext) {
  constexpr int kCallers = 6;
  std::atomic<bool> release{false};
  std::atomic<int> waiting_in_first{0};
  std::vector<std::size_t> sizes;
  GroupCommit<int, int> commit(4, [&](std::span<const int* const> group) {
    sizes.push_back(group.size());
    if (sizes.size() == 1) {
      ++waiting_in_first;
      while (!release) std::this_thread::yield();
    }
    std::vector<int> answers;
    for (const int* item : group) answers.push_back(*item + 100);
    return answers;
  });
  std::vector<int> answers(kCallers + 1, 0);
  std::jthread first([&] { answers[0] = commit.Submit(0); });
  while (waiting_in_first == 0) std::this_thread::yield();
  std::vector<std::jthread> others;
  for (int i = 1; i <= kCallers; ++i) {
    others.emplace_back([&, i] { answers[static_cast<std::size_t>(i)] = commit.Submit(i); });
  }
  while (commit.Pending() < kCallers) std::this_thread::yield();
  release = true;
  first.join();
  others.clear();
  for (int i = 0; i <= kCallers; ++i) EXPECT_EQ(answers[static_cast<std::size_t>(i)], i + 100);
  EXPECT_EQ(sizes, (std::vector<std::size_t>{1, 4, 2}));
}

TEST(GroupCommitTest, AFailedGroupFailsEachOfItsCallersAndTheNextGroupRuns) {
  bool fail = true;
  GroupCommit<int, int> commit(8, [&](std::span<const int* const> group) {
    if (fail) throw std::runtime_error("the transaction failed");
    return std::vector<int>(group.size(), 7);
  });
  EXPECT_THROW(commit.Submit(1), std::runtime_error);
  fail = false;
  EXPECT_EQ(commit.Submit(2), 7);
}

TEST(GroupCommitTest, AnItemThatMayNotJoinWaitsForALaterGroup) {
  std::atomic<bool> release{false};
  std::atomic<int> started{0};
  std::vector<std::vector<std::string>> groups;
  GroupCommit<std::string, int> commit(
      8,
      [&](std::span<const std::string* const> group) {
        std::vector<std::string> names;
        for (const std::string* item : group) names.push_back(*item);
        groups.push_back(names);
        if (groups.size() == 1) {
          ++started;
          while (!release) std::this_thread::yield();
        }
        return std::vector<int>(group.size(), 1);
      },
      [](const std::string& candidate, std::span<const std::string* const> group) {
        for (const std::string* member : group) {
          if (*member == candidate) return false;
        }
        return true;
      });
  std::jthread first([&] { commit.Submit("first"); });
  while (started == 0) std::this_thread::yield();
  std::jthread a([&] { commit.Submit("key"); });
  std::jthread b([&] { commit.Submit("key"); });
  while (commit.Pending() < 2) std::this_thread::yield();
  release = true;
  first.join();
  a.join();
  b.join();
  // Both waited during the first group, yet the second could not join the first of them.
  EXPECT_EQ(groups, (std::vector<std::vector<std::string>>{{"first"}, {"key"}, {"key"}}));
}

}  // namespace
}  // namespace sagashop
