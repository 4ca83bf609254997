#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "e2e/support/stack_script.h"

namespace sagashop::testing {

// A PostgreSQL primary and its synchronous streaming standby of this test's own, started by the
// project's scripts/stack.sh (SAGASHOP_STACK_PG_STANDBY=1) on free loopback ports in a directory of
// their own, so that the test can kill the primary and promote the standby without touching the
// server other tests share. Stopped and removed, data and all, when destroyed.
class ReplicatedPg {
 public:
  ReplicatedPg();  // starts both; throws with the script's output if either does not start

  // The multi-host URI of the pair's `postgres` database, as .stack/env has it: both servers, TLS
  // with the pair's client certificate, and target_session_attrs=read-write, so libpq connects to
  // whichever of them takes writes.
  std::string AdminUri() const;
  // The two servers' ports in the order AdminUri() names them: the first is the primary until a
  // fail-over, the second its standby.
  std::vector<std::uint16_t> Ports() const { return {primary_port_, standby_port_}; }

  // The fail-over's two steps (scripts/stack.sh pg-kill-primary, pg-promote): the primary and its
  // processes SIGKILLed, as in a crash; the standby promoted to primary.
  void KillPrimary();
  void Promote();

 private:
  std::uint16_t primary_port_;
  std::uint16_t standby_port_;
  PrivateStackDir stack_;  // after the ports, which it starts the servers on
};

}  // namespace sagashop::testing
