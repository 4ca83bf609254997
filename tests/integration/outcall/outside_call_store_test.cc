#include "platform/outcall/outside_call_store.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "outcall_test_fixture.h"
#include "platform/core/timestamp.h"

namespace sagashop::testing {
namespace {

using outcall::OutsideCall;

constexpr std::int64_t kFarFuture = std::int64_t{1} << 50;

std::vector<std::string> KeysOf(const std::vector<OutsideCall>& calls) {
  std::vector<std::string> keys;
  for (const OutsideCall& call : calls) keys.push_back(call.idempotency_key);
  return keys;
}

TEST_P(OutcallTest, ACallIsDecidedOncePerIdempotencyKey) {
  EXPECT_TRUE(Enqueue(1, 10));
  EXPECT_FALSE(Enqueue(1, 10));
  EXPECT_EQ(Pending(), 1);
}

TEST_P(OutcallTest, ClaimsOldestFirstAndOneCallPerOrderingKeyAtATime) {
  Enqueue(1, 10);
  Enqueue(2, 10);  // waits for call-1: a refund never overtakes its charge
  Enqueue(3, 20);
  const std::vector<OutsideCall> first = Claim(outcall::NowEpochMs(), kFarFuture);
  EXPECT_EQ(KeysOf(first), (std::vector<std::string>{"call-1", "call-3"}));
  EXPECT_EQ(first[0].attempts, 1);
  EXPECT_EQ(first[0].request, "{\"n\":1}");
  EXPECT_EQ(first[0].correlation_id, "saga-1");

  db::RunInTransaction(*database_, [&](db::Transaction& tx) {
    EXPECT_TRUE(outcall::OutsideCallStore(tx).MarkDone(first[0].id, "answer"));
  });
  EXPECT_EQ(KeysOf(Claim(outcall::NowEpochMs(), kFarFuture)), std::vector<std::string>{"call-2"});
}

TEST_P(OutcallTest, AClaimedCallIsTakenAgainOnlyOnceItsLeaseRanOutAndIsThenUncertain) {
  Enqueue(1, 10);
  const std::int64_t now = outcall::NowEpochMs();
  ASSERT_EQ(Claim(now, now + 1'000).size(), 1u);
  EXPECT_TRUE(Claim(now + 999, now + 2'000).empty()) << "leased";
  // Its claimant never recorded an outcome (it died): the provider may have the call.
  const std::vector<OutsideCall> again = Claim(now + 1'000, now + 2'000);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].attempts, 2);
  EXPECT_TRUE(again[0].uncertain);
}

TEST_P(OutcallTest, ARescheduledCallIsDueAgainLaterAndKeepsItsUncertainty) {
  Enqueue(1, 10);
  const std::int64_t now = outcall::NowEpochMs();
  const OutsideCall call = Claim(now, kFarFuture).at(0);
  db::RunInTransaction(*database_, [&](db::Transaction& tx) {
    outcall::OutsideCallStore(tx).Reschedule(call.id, now + 500, "refused", false);
  });
  EXPECT_TRUE(Claim(now + 499, kFarFuture).empty());
  OutsideCall retried = Claim(now + 500, kFarFuture).at(0);
  EXPECT_EQ(retried.attempts, 2);
  EXPECT_FALSE(retried.uncertain) << "a refusal says the provider did nothing";

  db::RunInTransaction(*database_, [&](db::Transaction& tx) {
    outcall::OutsideCallStore(tx).Reschedule(call.id, now + 600, "timed out", true);
  });
  retried = Claim(now + 600, kFarFuture).at(0);
  db::RunInTransaction(*database_, [&](db::Transaction& tx) {
    outcall::OutsideCallStore(tx).Reschedule(call.id, now + 700, "refused", false);
  });
  EXPECT_TRUE(Claim(now + 700, kFarFuture).at(0).uncertain) << "once uncertain, always";
  EXPECT_EQ(RowOf("call-1").attempts, 4);
}

TEST_P(OutcallTest, AnAnswerIsRecordedOnce) {
  Enqueue(1, 10);
  const OutsideCall call = Claim(outcall::NowEpochMs(), kFarFuture).at(0);
  db::RunInTransaction(*database_, [&](db::Transaction& tx) {
    outcall::OutsideCallStore store(tx);
    EXPECT_TRUE(store.MarkDone(call.id, "first"));
    EXPECT_FALSE(store.MarkDone(call.id, "second"));
  });
  EXPECT_EQ(RowOf("call-1").status, "DONE");
  EXPECT_EQ(RowOf("call-1").result, "first");
  EXPECT_EQ(Pending(), 0);
  EXPECT_TRUE(Claim(outcall::NowEpochMs() + 1'000'000, kFarFuture).empty());
}

TEST_P(OutcallTest, ABatchOfAnswersIsRecordedWithOneStatementEachCallOnce) {
  Enqueue(1, 10);
  Enqueue(2, 20);
  Enqueue(3, 30);
  const std::vector<OutsideCall> calls = Claim(outcall::NowEpochMs(), kFarFuture);
  ASSERT_EQ(calls.size(), 3u);
  db::RunInTransaction(*database_, [&](db::Transaction& tx) {
    EXPECT_TRUE(outcall::OutsideCallStore(tx).MarkDone(calls[1].id, "earlier"));
  });
  const std::string first = "first";
  const std::string second = "second";
  const std::string third = "third";
  const std::int64_t ids[] = {calls[0].id, calls[1].id, calls[2].id};
  const std::string* results[] = {&first, &second, &third};
  const std::unordered_set<std::int64_t> marked = db::RunInTransaction(
      *database_,
      [&](db::Transaction& tx) { return outcall::OutsideCallStore(tx).MarkDoneAll(ids, results); });
  EXPECT_EQ(marked, (std::unordered_set<std::int64_t>{calls[0].id, calls[2].id}));
  EXPECT_EQ(RowOf("call-1").result, "first");
  EXPECT_EQ(RowOf("call-2").result, "earlier") << "done already: its answer was applied then";
  EXPECT_EQ(RowOf("call-3").status, "DONE");
  EXPECT_EQ(Pending(), 0);
}

TEST_P(OutcallTest, OnlyAnsweredCallsPastTheCutoffArePruned) {
  Enqueue(1, 10);
  Enqueue(2, 20);
  Enqueue(3, 30);
  const std::vector<OutsideCall> calls = Claim(outcall::NowEpochMs(), kFarFuture);
  db::RunInTransaction(*database_, [&](db::Transaction& tx) {
    outcall::OutsideCallStore store(tx);
    store.MarkDone(calls.at(0).id, "answer");
    store.MarkDone(calls.at(1).id, "answer");
  });
  const std::string past = FormatRfc3339(std::chrono::system_clock::now() - std::chrono::hours(1));
  const std::string future =
      FormatRfc3339(std::chrono::system_clock::now() + std::chrono::hours(1));
  auto prune = [&](const std::string& cutoff) {
    return db::RunInTransaction(*database_, [&](db::Transaction& tx) {
      return outcall::OutsideCallStore(tx).PruneDone(cutoff);
    });
  };
  EXPECT_EQ(prune(past), 0) << "answered just now: kept";
  EXPECT_EQ(prune(future), 2);
  EXPECT_EQ(Pending(), 1) << "a pending call is never pruned";
  EXPECT_EQ(RowOf("call-3").status, "PENDING");
}

TEST_P(OutcallTest, ConcurrentClaimantsNeverGetTheSameCall) {
  constexpr int kCalls = 400;
  for (int n = 0; n < kCalls; ++n) Enqueue(n, n);
  std::vector<std::string> claimed[2];
  std::vector<std::thread> claimants;
  for (int i = 0; i < 2; ++i) {
    claimants.emplace_back([&, i] {
      while (true) {
        const std::vector<OutsideCall> calls = Claim(outcall::NowEpochMs(), kFarFuture, 7);
        if (calls.empty()) return;
        for (const OutsideCall& call : calls) claimed[i].push_back(call.idempotency_key);
      }
    });
  }
  for (std::thread& claimant : claimants) claimant.join();
  std::set<std::string> all(claimed[0].begin(), claimed[0].end());
  all.insert(claimed[1].begin(), claimed[1].end());
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kCalls));
  EXPECT_EQ(claimed[0].size() + claimed[1].size(), static_cast<std::size_t>(kCalls))
      << "a call was claimed twice";
}

outcall::NewOutsideCall CallOf(int n, std::int64_t ordering_key) {
  return {.kind = "TEST",
          .idempotency_key = "call-" + std::to_string(n),
          .ordering_key = ordering_key,
          .request = "{\"n\":" + std::to_string(n) + "}",
          .correlation_id = "saga-" + std::to_string(n),
          .trace_parent = ""};
}

// Many intents in one statement: each recorded once, and claimed as recorded unless an older call
// of its ordering key is pending, in the table or earlier in the batch.
TEST_P(OutcallTest, ABatchOfIntentsIsRecordedAndClaimedAsOneByOneWould) {
  Enqueue(2, 20);  // decided before, answered
  const std::int64_t answered = Claim(outcall::NowEpochMs(), kFarFuture).at(0).id;
  db::RunInTransaction(*database_, [&](db::Transaction& tx) {
    outcall::OutsideCallStore(tx).MarkDone(answered, "a");
  });
  Enqueue(1, 10);  // decided before, still pending
  const std::vector<outcall::NewOutsideCall> calls = {CallOf(3, 30), CallOf(4, 10), CallOf(2, 20),
                                                      CallOf(5, 20), CallOf(6, 30), CallOf(3, 30),
                                                      CallOf(7, 40)};
  const std::int64_t lease = outcall::NowEpochMs() + 60'000;
  const std::vector<outcall::OutsideCallStore::Enqueued> enqueued =
      db::RunInTransaction(*database_, [&](db::Transaction& tx) {
        return outcall::OutsideCallStore(tx).EnqueueClaimedAll(calls, lease);
      });
  ASSERT_EQ(enqueued.size(), calls.size());
  std::vector<std::string> described;
  for (const outcall::OutsideCallStore::Enqueued& call : enqueued) {
    described.push_back(!call.recorded ? "decided already"
                        : call.claimed ? "claimed " + call.claimed->idempotency_key
                                       : "waits");
  }
  EXPECT_EQ(described,
            (std::vector<std::string>{"claimed call-3",   // first of its key
                                      "waits",            // call-1 of its key is pending
                                      "decided already",  // answered earlier
                                      // Its key's older call was answered, but the batch
                                      // gave its key's claim to call-2: it waits for the
                                      // dispatcher, which is woken on commit.
                                      "waits",
                                      "waits",            // behind call-3 of the same batch
                                      "decided already",  // twice in the batch
                                      "claimed call-7"}));
  const outcall::OutsideCall& claimed = *enqueued[0].claimed;
  EXPECT_GT(claimed.id, 0);
  EXPECT_EQ(claimed.attempts, 1);
  EXPECT_EQ(claimed.request, "{\"n\":3}");
  EXPECT_EQ(claimed.correlation_id, "saga-3");
  EXPECT_EQ(RowOf("call-3").attempts, 1);
  EXPECT_EQ(RowOf("call-4").attempts, 0);
  // Leased: only the waiting ones are due, each once its key's older call is done.
  const std::vector<OutsideCall> due = Claim(outcall::NowEpochMs(), kFarFuture);
  EXPECT_EQ(KeysOf(due), (std::vector<std::string>{"call-1", "call-5"}));
  EXPECT_TRUE(db::RunInTransaction(*database_, [](db::Transaction& tx) {
                return outcall::OutsideCallStore(tx).EnqueueClaimedAll({}, 0);
              }).empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, OutcallTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace sagashop::testing
