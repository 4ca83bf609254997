#include "platform/cache/redis/sigpipe_guard.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace sagashop::cache {
namespace {

bool SigpipePending() {
  sigset_t pending;
  sigpending(&pending);
  return sigismember(&pending, SIGPIPE) == 1;
}

bool SigpipeBlocked() {
  sigset_t mask;
  pthread_sigmask(SIG_SETMASK, nullptr, &mask);
  return sigismember(&mask, SIGPIPE) == 1;
}

// Without the guard this test dies of SIGPIPE (its default action), which fails it.
TEST(SigpipeGuard, AWriteToAClosedPeerFailsWithEpipeInsteadOfKillingTheProcess) {
  int sockets[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sockets), 0);
  close(sockets[1]);
  ASSERT_FALSE(SigpipeBlocked());
  {
    SigpipeGuard guard;
    EXPECT_TRUE(SigpipeBlocked());
    const char byte = 'x';
    EXPECT_EQ(write(sockets[0], &byte, 1), -1);
    EXPECT_EQ(errno, EPIPE);
  }
  EXPECT_FALSE(SigpipePending());
  EXPECT_FALSE(SigpipeBlocked());
  close(sockets[0]);
}

}  // namespace
}  // namespace sagashop::cache
