#include "platform/log/log_scope.h"

#include <gtest/gtest.h>

#include <thread>

namespace sagashop::log {
namespace {

TEST(LogScopeTest, WithoutAScopeNothingIsKnown) {
  const LogFields fields = CurrentLogFields();
  EXPECT_TRUE(fields.service.empty());
  EXPECT_TRUE(fields.trace_id.empty());
}

TEST(LogScopeTest, AnInnerScopeInheritsWhatItLeavesEmptyAndEndsInReverse) {
  const LogScope outer({.service = "payment", .trace_id = "t1"});
  {
    const LogScope inner({.event_id = "e1", .trace_id = "t2"});
    const LogFields fields = CurrentLogFields();
    EXPECT_EQ(fields.service, "payment");
    EXPECT_EQ(fields.event_id, "e1");
    EXPECT_EQ(fields.trace_id, "t2") << "the inner scope's own field wins";
  }
  const LogFields after = CurrentLogFields();
  EXPECT_EQ(after.trace_id, "t1");
  EXPECT_TRUE(after.event_id.empty());
}

TEST(LogScopeTest, AnnotateAddsToTheInnermostScopeForTheRestOfItsLife) {
  const LogScope outer({.service = "order"});
  {
    const LogScope request({.trace_id = "t"});
    Annotate({.order_id = "5", .saga_id = "s"});
    EXPECT_EQ(CurrentLogFields().order_id, "5");
    EXPECT_EQ(CurrentLogFields().trace_id, "t") << "annotating keeps what the scope had";
  }
  EXPECT_TRUE(CurrentLogFields().order_id.empty()) << "gone with its scope";
}

TEST(LogScopeTest, AnnotateWithoutAScopeDoesNothing) {
  Annotate({.order_id = "5"});
  EXPECT_TRUE(CurrentLogFields().order_id.empty());
}

TEST(LogScopeTest, ResolvesLateFieldsOnlyWhenAsked) {
  int calls = 0;
  const LogScope scope({.event_id = "e"}, [&](LogFields& fields) {
    ++calls;
    fields.saga_id = "s";
    fields.event_id = "ignored: the scope's own field wins";
  });
  EXPECT_EQ(calls, 0);
  const LogFields fields = CurrentLogFields();
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(fields.saga_id, "s");
  EXPECT_EQ(fields.event_id, "e");
}

TEST(LogScopeTest, AResolverThatThrowsLeavesItsFieldsOut) {
  const LogScope scope({.service = "inventory"},
                       [](LogFields&) { throw std::runtime_error("malformed"); });
  const LogFields fields = CurrentLogFields();
  EXPECT_EQ(fields.service, "inventory");
  EXPECT_TRUE(fields.saga_id.empty());
}

TEST(LogScopeTest, ScopesBelongToTheirThreadAndACapturedContextCarriesOver) {
  const LogScope scope({.service = "delivery"});
  LogFields seen_without;
  LogFields seen_with;
  std::thread([&, context = CaptureLogContext()] {
    seen_without = CurrentLogFields();
    const LogScope inherited(context);
    seen_with = CurrentLogFields();
  }).join();
  EXPECT_TRUE(seen_without.service.empty());
  EXPECT_EQ(seen_with.service, "delivery");
}

}  // namespace
}  // namespace sagashop::log
