#pragma once

#include <filesystem>

#include "platform/core/tls_client_files.h"

namespace sagashop::testing {

// A CA of the test's own and a client certificate it signed, with the stack client's name
// (CN=sagashop): what an attacker who copied everything but the stack's CA key could present.
// Made with the openssl command in a temporary directory, removed when destroyed.
class ForeignIdentity {
 public:
  ForeignIdentity();
  ~ForeignIdentity();
  ForeignIdentity(const ForeignIdentity&) = delete;
  ForeignIdentity& operator=(const ForeignIdentity&) = delete;

  // The foreign CA, certificate and key.
  core::TlsClientFiles Files() const;

 private:
  std::filesystem::path dir_;
};

// The stack's client identity (SAGASHOP_TEST_SERVER_TLS_*); fails the test when the stack runs
// without TLS.
core::TlsClientFiles StackIdentity();

}  // namespace sagashop::testing
