#include "platform/outcall/outside_call_dispatcher.h"

#include <gtest/gtest.h>

#include "outcall_test_fixture.h"
#include "scripted_handler.h"
#include "support/eventually.h"

namespace sagashop::testing {
namespace {

using std::chrono::milliseconds;
using Move = ScriptedHandler::Move;

class OutsideCallDispatcherTest : public OutcallTest {
 protected:
  outcall::OutsideCallDispatcherConfig Config() const {
    outcall::OutsideCallDispatcherConfig config;
    config.service = "test";
    config.provider = "scripted-provider";
    config.max_in_flight = 20;
    config.call_timeout = milliseconds(2'000);
    config.lease_margin = milliseconds(0);
    config.retry_backoff_initial = milliseconds(10);
    config.retry_backoff_max = milliseconds(50);
    config.breaker_failure_threshold = 3;
    config.breaker_open_for = milliseconds(100);
    config.poll = milliseconds(50);
    return config;
  }

  static std::string Key(int n) { return "call-" + std::to_string(n); }

  // A poll of an hour: whatever the test sees happen was started by a wake or a commit.
  static outcall::OutsideCallDispatcherConfig WithoutPolling(
      outcall::OutsideCallDispatcherConfig config) {
    config.poll = std::chrono::hours(1);
    return config;
  }

  static outcall::NewOutsideCall Call(int n, std::int64_t ordering_key) {
    return {.kind = "TEST",
            .idempotency_key = Key(n),
            .ordering_key = ordering_key,
            .request = "{}",
            .correlation_id = "saga-1",
            .trace_parent = ""};
  }
};

TEST_P(OutsideCallDispatcherTest, ManyCallsAreInFlightAtOnceUpToTheLimitAndEachIsAppliedOnce) {
  ScriptedHandler provider([](const auto&, int) { return Move::kHold; });
  outcall::OutsideCallDispatcher dispatcher(*database_, provider, Config());
  for (int n = 0; n < 50; ++n) Enqueue(n, n);
  dispatcher.Start();

  ASSERT_TRUE(Eventually([&] { return provider.Held() == 20; })) << provider.Held();
  EXPECT_EQ(dispatcher.InFlight(), 20);
  while (provider.AppliedCalls() < 50) {
    provider.ReleaseHeld();
    ASSERT_TRUE(Eventually([&] { return provider.Held() > 0 || provider.AppliedCalls() == 50; }));
  }
  dispatcher.Stop();
  EXPECT_EQ(provider.PeakHeld(), 20) << "never more than the limit in flight";
  for (int n = 0; n < 50; ++n) {
    EXPECT_EQ(provider.Applied(Key(n)), std::vector<std::string>{"answer 1 to " + Key(n)});
    EXPECT_EQ(RowOf(Key(n)).status, "DONE");
    EXPECT_EQ(RowOf(Key(n)).result, "answer 1 to " + Key(n));
  }
  EXPECT_EQ(dispatcher.Counters().applied.load(), 50u);
}

TEST_P(OutsideCallDispatcherTest, ARefusedCallIsRetriedUnderItsKeyUntilAnswered) {
  ScriptedHandler provider(
      [](const auto&, int attempt) { return attempt < 3 ? Move::kRefuse : Move::kAnswer; });
  outcall::OutsideCallDispatcher dispatcher(*database_, provider, Config());
  Enqueue(1, 1);
  dispatcher.Start();
  ASSERT_TRUE(Eventually([&] { return RowOf(Key(1)).status == "DONE"; }));
  dispatcher.Stop();
  EXPECT_EQ(provider.Attempts(Key(1)), 3);
  EXPECT_EQ(provider.Applied(Key(1)), std::vector<std::string>{"answer 3 to call-1"});
  EXPECT_EQ(RowOf(Key(1)).attempts, 3);
  EXPECT_EQ(provider.GiveUpAsked(Key(1)), 2) << "a refusal leaves nothing done: it may be given up";
  EXPECT_EQ(dispatcher.Counters().unavailable.load(), 2u);
}

TEST_P(OutsideCallDispatcherTest, AnAnswerAfterTheDeadlineIsIgnoredAndTheRetryIsApplied) {
  ScriptedHandler provider(
      [](const auto&, int attempt) { return attempt == 1 ? Move::kHold : Move::kAnswer; });
  outcall::OutsideCallDispatcherConfig config = Config();
  config.call_timeout = milliseconds(200);
  outcall::OutsideCallDispatcher dispatcher(*database_, provider, config);
  Enqueue(1, 1);
  dispatcher.Start();
  ASSERT_TRUE(Eventually([&] { return RowOf(Key(1)).status == "DONE"; }));
  provider.ReleaseHeld();  // the first attempt's answer, long after its deadline
  dispatcher.Stop();
  EXPECT_EQ(provider.Applied(Key(1)), std::vector<std::string>{"answer 2 to call-1"});
  EXPECT_EQ(dispatcher.Counters().timed_out.load(), 1u);
  EXPECT_EQ(provider.GiveUpAsked(Key(1)), 0)
      << "a call that timed out may be done at the provider: it is never given up";
  EXPECT_TRUE(RowOf(Key(1)).uncertain);
}

TEST_P(OutsideCallDispatcherTest, TheServiceMayGiveUpACallTheProviderCertainlyDidNotTake) {
  ScriptedHandler provider([](const auto&, int) { return Move::kRefuse; });
  provider.SetGiveUp(true);
  outcall::OutsideCallDispatcher dispatcher(*database_, provider, Config());
  Enqueue(1, 1);
  dispatcher.Start();
  ASSERT_TRUE(Eventually([&] { return RowOf(Key(1)).status == "DONE"; }));
  dispatcher.Stop();
  EXPECT_EQ(provider.Applied(Key(1)), std::vector<std::string>{"given up"});
  EXPECT_EQ(provider.Attempts(Key(1)), 1);
}

TEST_P(OutsideCallDispatcherTest, AnOutageOpensTheBreakerHoldsCallsBackAndEveryCallEndsAfterIt) {
  ScriptedHandler provider([](const auto&, int) { return Move::kRefuse; });
  outcall::OutsideCallDispatcher dispatcher(*database_, provider, Config());
  for (int n = 0; n < 30; ++n) Enqueue(n, n);
  dispatcher.Start();
  ASSERT_TRUE(Eventually([&] { return dispatcher.BreakerOpen(); }));
  // While open, calls stay pending: none is failed or given up for the outage.
  EXPECT_EQ(Pending(), 30);
  EXPECT_EQ(provider.AppliedCalls(), 0u);

  provider.SetScript([](const auto&, int) { return Move::kAnswer; });
  ASSERT_TRUE(Eventually([&] { return provider.AppliedCalls() == 30; }));
  EXPECT_FALSE(dispatcher.BreakerOpen());
  dispatcher.Stop();
  EXPECT_EQ(Pending(), 0);
  for (int n = 0; n < 30; ++n) EXPECT_EQ(provider.Applied(Key(n)).size(), 1u) << Key(n);
}

TEST_P(OutsideCallDispatcherTest, CallsOfOneOrderingKeyAreMadeOneAfterAnother) {
  ScriptedHandler provider([](const auto&, int) { return Move::kHold; });
  outcall::OutsideCallDispatcher dispatcher(*database_, provider, Config());
  Enqueue(1, 7);  // say, a charge
  Enqueue(2, 7);  // and its refund
  dispatcher.Start();
  ASSERT_TRUE(Eventually([&] { return provider.Held() == 1; }));
  EXPECT_EQ(provider.Attempts(Key(2)), 0) << "the second waits for the first's answer";
  provider.ReleaseHeld();
  ASSERT_TRUE(Eventually([&] { return provider.Held() == 1 && provider.Attempts(Key(2)) == 1; }));
  provider.ReleaseHeld();
  ASSERT_TRUE(Eventually([&] { return provider.AppliedCalls() == 2; }));
  dispatcher.Stop();
}

TEST_P(OutsideCallDispatcherTest, ACallLeftByADeadClaimantIsTakenUpOnceItsLeaseRunsOut) {
  Enqueue(1, 1);
  // A claimant that died mid-attempt: its claim leases the call for a little while.
  const std::int64_t now = outcall::NowEpochMs();
  ASSERT_EQ(Claim(now, now + 300).size(), 1u);

  ScriptedHandler provider([](const auto&, int) { return Move::kAnswer; });
  outcall::OutsideCallDispatcher dispatcher(*database_, provider, Config());
  dispatcher.Start();
  ASSERT_TRUE(Eventually([&] { return RowOf(Key(1)).status == "DONE"; }));
  dispatcher.Stop();
  EXPECT_EQ(provider.Applied(Key(1)), std::vector<std::string>{"answer 1 to call-1"});
  EXPECT_EQ(RowOf(Key(1)).attempts, 2);
  EXPECT_TRUE(RowOf(Key(1)).uncertain);
}

TEST_P(OutsideCallDispatcherTest, AWakeStartsACallWithoutWaitingForThePoll) {
  ScriptedHandler provider([](const auto&, int) { return Move::kAnswer; });
  outcall::OutsideCallDispatcher dispatcher(*database_, provider, WithoutPolling(Config()));
  dispatcher.Start();
  Enqueue(1, 1);
  dispatcher.Wake();
  ASSERT_TRUE(Eventually([&] { return RowOf(Key(1)).status == "DONE"; }));
  dispatcher.Stop();
}

// Decide records the intent claimed in the caller's transaction: the call starts on commit, with
// no claim and no poll (the poll here is an hour).
TEST_P(OutsideCallDispatcherTest, ADecidedCallStartsWhenItsTransactionCommits) {
  ScriptedHandler provider([](const auto&, int) { return Move::kAnswer; });
  outcall::OutsideCallDispatcher dispatcher(*database_, provider, WithoutPolling(Config()));
  dispatcher.Start();
  {
    std::unique_ptr<db::Transaction> tx = database_->Begin();
    EXPECT_TRUE(dispatcher.Decide(*tx, Call(1, 1)));
    EXPECT_FALSE(dispatcher.Decide(*tx, Call(1, 1))) << "decided already";
    EXPECT_EQ(provider.Attempts(Key(1)), 0) << "nothing is called before the commit";
    tx->Commit();
  }
  ASSERT_TRUE(Eventually([&] { return RowOf(Key(1)).status == "DONE"; }));
  dispatcher.Stop();
  EXPECT_EQ(RowOf(Key(1)).attempts, 1);
  EXPECT_EQ(provider.Applied(Key(1)), std::vector<std::string>{"answer 1 to call-1"});
}

// Many calls decided with one statement: those claimed start on commit, one behind an older call
// of its key follows once that is answered, and a repeated one is decided once.
TEST_P(OutsideCallDispatcherTest, CallsDecidedTogetherStartOnCommitEachInItsTurn) {
  ScriptedHandler provider([](const auto&, int) { return Move::kAnswer; });
  outcall::OutsideCallDispatcher dispatcher(*database_, provider, WithoutPolling(Config()));
  dispatcher.Start();
  {
    std::unique_ptr<db::Transaction> tx = database_->Begin();
    const std::vector<outcall::NewOutsideCall> calls = {Call(1, 1), Call(2, 2), Call(3, 1),
                                                        Call(1, 1)};
    EXPECT_EQ(dispatcher.DecideAll(*tx, calls), (std::vector<bool>{true, true, true, false}));
    tx->Commit();
  }
  ASSERT_TRUE(Eventually([&] { return provider.AppliedCalls() == 3; }));
  dispatcher.Stop();
  for (int n : {1, 2, 3}) EXPECT_EQ(RowOf(Key(n)).attempts, 1) << n;
}

// A batch decides more calls than the dispatcher can run and hold: it claims only what it has
// room for, and the rest are claimed as slots free, rather than sitting out a lease claimed.
TEST_P(OutsideCallDispatcherTest, ADecisionClaimsNoMoreCallsThanTheDispatcherHasRoomFor) {
  // Each call is held until the test releases it, but the first, which shows the dispatcher has
  // looked for due calls once (on SQLite that first look could otherwise wait for the decision's
  // transaction and claim from it too).
  ScriptedHandler provider([](const outcall::OutsideCall& call, int) {
    return call.idempotency_key == "first" ? Move::kAnswer : Move::kHold;
  });
  outcall::OutsideCallDispatcherConfig config = WithoutPolling(Config());
  config.max_in_flight = 2;
  config.call_timeout = milliseconds(60'000);  // a lease no test waits out
  config.lease_margin = milliseconds(30'000);  // time for the adopted to wait for a slot
  outcall::OutsideCallDispatcher dispatcher(*database_, provider, config);
  dispatcher.Start();
  {
    outcall::NewOutsideCall first = Call(100, 100);
    first.idempotency_key = "first";
    std::unique_ptr<db::Transaction> tx = database_->Begin();
    dispatcher.Decide(*tx, first);
    tx->Commit();
  }
  ASSERT_TRUE(Eventually([&] { return RowOf("first").status == "DONE"; }));
  std::vector<outcall::NewOutsideCall> calls;
  for (int n = 0; n < 10; ++n) calls.push_back(Call(n, n));
  {
    std::unique_ptr<db::Transaction> tx = database_->Begin();
    dispatcher.DecideAll(*tx, calls);
    tx->Commit();
  }
  int claimed = 0;
  for (int n = 0; n < 10; ++n) claimed += RowOf(Key(n)).attempts;
  EXPECT_LE(claimed, 4) << "two running and two waiting is all the room there is";
  constexpr std::size_t kAll = 11;  // the first and the ten
  while (provider.AppliedCalls() < kAll) {
    ASSERT_TRUE(Eventually([&] { return provider.Held() > 0; })) << provider.AppliedCalls();
    provider.ReleaseHeld();
    ASSERT_TRUE(Eventually([&] { return provider.Held() > 0 || provider.AppliedCalls() == kAll; }));
  }
  dispatcher.Stop();
  for (int n = 0; n < 10; ++n) {
    EXPECT_EQ(RowOf(Key(n)).status, "DONE") << n;
    EXPECT_EQ(RowOf(Key(n)).attempts, 1) << n;
  }
}

TEST_P(OutsideCallDispatcherTest, ADecisionRolledBackIsNeitherRecordedNorMade) {
  ScriptedHandler provider([](const auto&, int) { return Move::kAnswer; });
  outcall::OutsideCallDispatcher dispatcher(*database_, provider, Config());
  dispatcher.Start();
  {
    std::unique_ptr<db::Transaction> tx = database_->Begin();
    EXPECT_TRUE(dispatcher.Decide(*tx, Call(1, 1)));
  }  // rolled back
  EXPECT_EQ(Pending(), 0);
  EXPECT_EQ(provider.Attempts(Key(1)), 0);
  dispatcher.Stop();
}

TEST_P(OutsideCallDispatcherTest, ACallDecidedBehindAnotherOfItsKeyWaitsItsTurn) {
  ScriptedHandler provider([](const auto&, int) { return Move::kHold; });
  outcall::OutsideCallDispatcher dispatcher(*database_, provider, Config());
  dispatcher.Start();
  for (int n : {1, 2}) {
    std::unique_ptr<db::Transaction> tx = database_->Begin();
    dispatcher.Decide(*tx, Call(n, 7));
    tx->Commit();
  }
  ASSERT_TRUE(Eventually([&] { return provider.Held() == 1; }));
  EXPECT_EQ(provider.Attempts(Key(2)), 0) << "the second waits for the first's answer";
  provider.ReleaseHeld();
  ASSERT_TRUE(Eventually([&] { return provider.Attempts(Key(2)) == 1; }));
  provider.ReleaseHeld();
  ASSERT_TRUE(Eventually([&] { return provider.AppliedCalls() == 2; }));
  dispatcher.Stop();
}

// Decided and claimed, but the process died before it started the call: once the lease ran out,
// a dispatcher takes it up like any other.
TEST_P(OutsideCallDispatcherTest, ADecidedCallNeverStartedIsTakenUpAfterItsLease) {
  db::RunInTransaction(*database_, [&](db::Transaction& tx) {
    ASSERT_TRUE(outcall::OutsideCallStore(tx)
                    .EnqueueClaimed(Call(1, 1), outcall::NowEpochMs() + 300)
                    .claimed);
  });
  ScriptedHandler provider([](const auto&, int) { return Move::kAnswer; });
  outcall::OutsideCallDispatcher dispatcher(*database_, provider, Config());
  dispatcher.Start();
  ASSERT_TRUE(Eventually([&] { return RowOf(Key(1)).status == "DONE"; }));
  dispatcher.Stop();
  EXPECT_EQ(RowOf(Key(1)).attempts, 2);
  EXPECT_TRUE(RowOf(Key(1)).uncertain) << "its claimant may have called before it died";
}

INSTANTIATE_TEST_SUITE_P(Backends, OutsideCallDispatcherTest,
                         ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace sagashop::testing
