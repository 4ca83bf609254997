#pragma once

#include <pthread.h>
#include <signal.h>

#include <ctime>

namespace sagashop::cache {

// hiredis writes with write(2), so writing to a connection Redis has closed raises SIGPIPE, whose
// default action kills the process. While a guard lives, SIGPIPE is blocked on this thread; one
// raised meanwhile is consumed before the mask is restored, and the write fails with EPIPE
// instead. (libpq protects itself the same way.) Cheap: a few system calls, no process-wide
// change.
class SigpipeGuard {
 public:
  SigpipeGuard() {
    sigemptyset(&sigpipe_);
    sigaddset(&sigpipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &sigpipe_, &previous_);
    sigset_t pending;
    sigpending(&pending);
    already_pending_ = sigismember(&pending, SIGPIPE) == 1;
  }

  ~SigpipeGuard() {
    // A SIGPIPE pending from before is someone else's; leave it to them.
    if (!already_pending_) {
      sigset_t pending;
      sigpending(&pending);
      if (sigismember(&pending, SIGPIPE) == 1) {
        const timespec no_wait{0, 0};
        sigtimedwait(&sigpipe_, nullptr, &no_wait);
      }
    }
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }

  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t sigpipe_;
  sigset_t previous_;
  bool already_pending_ = false;
};

}  // namespace sagashop::cache
