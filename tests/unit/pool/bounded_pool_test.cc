#include "platform/pool/bounded_pool.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/eventually.h"

namespace sagashop::pool {
namespace {

using sagashop::testing::Eventually;
using std::chrono::milliseconds;
using ::testing::HasSubstr;

// What the fake connections' "server" saw: how many were opened, closed and lent at once.
struct FakeServer {
  std::atomic<int> opened{0};
  std::atomic<int> closed{0};
  std::atomic<bool> refuse{false};
  std::atomic<int> lent{0};
  std::atomic<int> most_lent{0};
};

class FakeConnection {
 public:
  FakeConnection(FakeServer& server, int id) : server_(server), id_(id) {}
  FakeConnection(const FakeConnection&) = delete;
  FakeConnection& operator=(const FakeConnection&) = delete;
  ~FakeConnection() { ++server_.closed; }

  int Id() const { return id_; }
  bool broken = false;

 private:
  FakeServer& server_;
  int id_;
};

class AdapterError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using FakePool = BoundedPool<FakeConnection>;

class BoundedPoolTest : public ::testing::Test {
 protected:
  std::shared_ptr<FakePool> Pool(PoolLimits limits) {
    FakePool::Hooks hooks;
    hooks.open = [this] {
      if (server_.refuse) throw AdapterError("refused");
      return std::make_unique<FakeConnection>(server_, ++server_.opened);
    };
    hooks.reusable = [](const FakeConnection& connection) { return !connection.broken; };
    hooks.throw_exhausted = [](const std::string& reason) {
      throw AdapterError("fake: " + reason);
    };
    return FakePool::Create(limits, std::move(hooks));
  }

  static PoolLimits Limits(int max_open, int max_idle) {
    PoolLimits limits;
    limits.max_open = max_open;
    limits.max_idle = max_idle;
    limits.acquire_timeout = milliseconds(100);
    return limits;
  }

  FakeServer server_;
};

TEST_F(BoundedPoolTest, OpensOnDemandAndReusesTheConnectionReturnedLast) {
  auto pool = Pool(Limits(3, 3));
  EXPECT_EQ(server_.opened, 0);
  EXPECT_EQ(pool->Stats().open, 0);
  {
    auto first = pool->Acquire();
    auto second = pool->Acquire();
    EXPECT_FALSE(first.WasReused());
    EXPECT_EQ(server_.opened, 2);
    const PoolStats stats = pool->Stats();
    EXPECT_EQ(stats.open, 2);
    EXPECT_EQ(stats.in_use, 2);
    EXPECT_EQ(stats.idle, 0);
    EXPECT_EQ(stats.max_open, 3);
    first.Return();
    EXPECT_EQ(pool->Stats().idle, 1) << "Return() hands it back before the lease ends";
  }
  auto again = pool->Acquire();
  EXPECT_TRUE(again.WasReused());
  EXPECT_EQ(again->Id(), 2) << "the most recently returned one";
  EXPECT_EQ(server_.opened, 2);
  EXPECT_EQ(server_.closed, 0);
  EXPECT_EQ(pool->Stats().waits_total, 0) << "nobody had to wait";
}

TEST_F(BoundedPoolTest, NeverLendsMoreThanMaxOpen) {
  auto pool = Pool(Limits(3, 3));
  std::vector<std::future<void>> workers;
  for (int worker = 0; worker < 8; ++worker) {
    workers.push_back(std::async(std::launch::async, [&] {
      for (int round = 0; round < 200; ++round) {
        auto lease = pool->Acquire(FakePool::Clock::now() + std::chrono::seconds(30));
        const int lent = ++server_.lent;
        int most = server_.most_lent;
        while (lent > most && !server_.most_lent.compare_exchange_weak(most, lent)) {
        }
        std::this_thread::yield();
        --server_.lent;
      }
    }));
  }
  for (auto& worker : workers) worker.get();

  EXPECT_LE(server_.most_lent.load(), 3);
  EXPECT_LE(server_.opened.load(), 3);
  const PoolStats stats = pool->Stats();
  EXPECT_EQ(stats.in_use, 0);
  EXPECT_LE(stats.open, 3);
  EXPECT_GT(stats.waits_total, 0) << "eight workers on three connections waited";
}

TEST_F(BoundedPoolTest, AWaiterIsWokenWhenAConnectionComesBack) {
  auto pool = Pool(Limits(1, 1));
  auto holder = pool->Acquire();
  const int held = holder->Id();
  auto waiter = std::async(std::launch::async, [&] {
    auto lease = pool->Acquire(FakePool::Clock::now() + std::chrono::seconds(30));
    return std::pair(lease->Id(), lease.WasReused());
  });
  ASSERT_TRUE(Eventually([&] { return pool->Stats().waits_total == 1; }));
  EXPECT_EQ(waiter.wait_for(milliseconds(0)), std::future_status::timeout) << "still waiting";
  holder.Return();

  EXPECT_EQ(waiter.get(), std::pair(held, true));
  const PoolStats stats = pool->Stats();
  EXPECT_EQ(stats.open, 1);
  EXPECT_GT(stats.wait_seconds_total, 0.0);
}

TEST_F(BoundedPoolTest, GivesUpAtTheDeadlineWithTheAdaptersError) {
  auto pool = Pool(Limits(2, 2));
  auto first = pool->Acquire();
  auto second = pool->Acquire();
  const auto started = FakePool::Clock::now();
  try {
    pool->Acquire();  // acquire_timeout: 100 ms
    FAIL() << "expected AdapterError";
  } catch (const AdapterError& error) {
    EXPECT_THAT(error.what(),
                HasSubstr("fake: no connection available within 100 ms (all 2 in use)"));
  }
  EXPECT_GE(FakePool::Clock::now() - started, milliseconds(100));
  const PoolStats stats = pool->Stats();
  EXPECT_EQ(stats.open, 2);
  EXPECT_EQ(stats.in_use, 2);
  EXPECT_EQ(stats.waits_total, 1);
  EXPECT_GE(stats.wait_seconds_total, 0.1);

  EXPECT_THROW(pool->Acquire(FakePool::Clock::now()), AdapterError) << "a deadline of its own";
}

TEST_F(BoundedPoolTest, WithoutAnAdapterErrorGivingUpThrowsRuntimeError) {
  FakePool::Hooks hooks;
  hooks.open = [this] { return std::make_unique<FakeConnection>(server_, ++server_.opened); };
  hooks.reusable = [](const FakeConnection&) { return true; };
  auto pool = FakePool::Create(Limits(1, 1), std::move(hooks));
  auto holder = pool->Acquire();
  EXPECT_THROW(pool->Acquire(FakePool::Clock::now()), std::runtime_error);
}

TEST_F(BoundedPoolTest, ABrokenConnectionIsClosedAndReplaced) {
  auto pool = Pool(Limits(1, 1));
  {
    auto lease = pool->Acquire();
    lease->broken = true;
  }
  EXPECT_EQ(server_.closed, 1);
  EXPECT_EQ(pool->Stats().open, 0) << "its slot is free again";

  auto next = pool->Acquire();
  EXPECT_EQ(next->Id(), 2);
  EXPECT_FALSE(next.WasReused());
  EXPECT_EQ(pool->Stats().open, 1);
}

TEST_F(BoundedPoolTest, ABrokenConnectionFreesItsSlotForAWaiter) {
  auto pool = Pool(Limits(1, 1));
  auto holder = pool->Acquire();
  auto waiter = std::async(std::launch::async, [&] {
    return pool->Acquire(FakePool::Clock::now() + std::chrono::seconds(30))->Id();
  });
  ASSERT_TRUE(Eventually([&] { return pool->Stats().waits_total == 1; }));
  holder->broken = true;
  holder.Return();
  EXPECT_EQ(waiter.get(), 2) << "a fresh connection in the broken one's place";
}

TEST_F(BoundedPoolTest, AFailedOpenGivesItsSlotBack) {
  auto pool = Pool(Limits(1, 1));
  server_.refuse = true;
  EXPECT_THROW(pool->Acquire(), AdapterError);
  EXPECT_EQ(pool->Stats().open, 0);
  server_.refuse = false;
  EXPECT_NO_THROW(pool->Acquire());
}

TEST_F(BoundedPoolTest, KeepsAtMostMaxIdleConnections) {
  auto pool = Pool(Limits(4, 1));
  {
    std::vector<FakePool::Lease> held;
    for (int i = 0; i < 4; ++i) held.push_back(pool->Acquire());
    EXPECT_EQ(pool->Stats().open, 4);
  }
  const PoolStats stats = pool->Stats();
  EXPECT_EQ(stats.open, 1);
  EXPECT_EQ(stats.idle, 1);
  EXPECT_EQ(server_.closed, 3);
}

TEST_F(BoundedPoolTest, ClosesConnectionsIdleLongerThanMaxIdleTime) {
  PoolLimits limits = Limits(2, 2);
  limits.max_idle_time = milliseconds(100);
  auto pool = Pool(limits);
  pool->Acquire();
  EXPECT_EQ(pool->Stats().idle, 1);
  EXPECT_TRUE(Eventually([&] { return pool->Stats().open == 0; })) << "the sweep closed it";
  EXPECT_EQ(server_.closed, 1);
}

TEST_F(BoundedPoolTest, ClosesAConnectionPastMaxLifetimeWhenItComesBack) {
  PoolLimits limits = Limits(1, 1);
  limits.max_lifetime = std::chrono::nanoseconds(1);
  auto pool = Pool(limits);
  pool->Acquire();
  EXPECT_EQ(server_.closed, 1);
  EXPECT_EQ(pool->Stats().open, 0);
  EXPECT_FALSE(pool->Acquire().WasReused());
}

TEST_F(BoundedPoolTest, DropIdleClosesTheIdleConnectionsOnly) {
  auto pool = Pool(Limits(3, 3));
  auto lent = pool->Acquire();
  pool->Acquire(FakePool::Clock::now());  // one that comes straight back
  EXPECT_EQ(pool->Stats().idle, 1);
  pool->DropIdle();
  const PoolStats stats = pool->Stats();
  EXPECT_EQ(stats.open, 1);
  EXPECT_EQ(stats.idle, 0);
  EXPECT_EQ(server_.closed, 1);
}

TEST_F(BoundedPoolTest, ALeaseMayOutliveEveryOtherOwnerOfThePool) {
  auto pool = Pool(Limits(1, 1));
  auto lease = pool->Acquire();
  pool.reset();
  EXPECT_EQ(lease->Id(), 1);
  lease.Return();
  EXPECT_EQ(server_.closed, 1) << "the pool went with its last lease";
}

TEST_F(BoundedPoolTest, RejectsMissingLimitsOrHooks) {
  EXPECT_THROW(Pool(Limits(0, 0)), std::invalid_argument);
  EXPECT_THROW(FakePool::Create(Limits(1, 1), FakePool::Hooks{}), std::invalid_argument);
}

}  // namespace
}  // namespace sagashop::pool
