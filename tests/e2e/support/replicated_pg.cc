#include "e2e/support/replicated_pg.h"

#include "e2e/support/system_under_test.h"

namespace sagashop::testing {

namespace {

std::uint16_t FreePortOtherThan(std::uint16_t taken) {
  std::uint16_t port = FreePort();
  while (port == taken) port = FreePort();
  return port;
}

}  // namespace

ReplicatedPg::ReplicatedPg()
    : primary_port_(FreePort()),
      standby_port_(FreePortOtherThan(primary_port_)),
      stack_(
          "pg-pair",
          {"SAGASHOP_STACK_PG_PORT=" + std::to_string(primary_port_), "SAGASHOP_STACK_PG_STANDBY=1",
           "SAGASHOP_STACK_PG_STANDBY_PORT=" + std::to_string(standby_port_)},
          // "stop pg" stops whichever of the two still runs.
          {"pg"}) {}

std::string ReplicatedPg::AdminUri() const {
  return "postgresql://sagashop@127.0.0.1:" + std::to_string(primary_port_) +
         ",127.0.0.1:" + std::to_string(standby_port_) +
         "/postgres?sslmode=verify-full&sslrootcert=" + stack_.TlsFile("ca.crt") +
         "&sslcert=" + stack_.TlsFile("client.crt") + "&sslkey=" + stack_.TlsFile("client.key") +
         "&target_session_attrs=read-write";
}

void ReplicatedPg::KillPrimary() {
  stack_.Run({"pg-kill-primary"});
}

void ReplicatedPg::Promote() {
  stack_.Run({"pg-promote"});
}

}  // namespace sagashop::testing
