#include "integration/server_tls/foreign_identity.h"

#include <unistd.h>

#include <cstdlib>
#include <random>
#include <stdexcept>
#include <string>

#include "support/server_tls.h"

namespace sagashop::testing {
namespace {

void Run(const std::string& command) {
  if (std::system((command + " 2>/dev/null").c_str()) != 0) {
    throw std::runtime_error("failed: " + command);
  }
}

}  // namespace

ForeignIdentity::ForeignIdentity() {
  std::random_device random;
  dir_ = std::filesystem::temp_directory_path() /
         ("sagashop-foreign-ca-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
  std::filesystem::create_directories(dir_);
  const std::string d = dir_.string() + "/";
  const std::string key = "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ";
  Run(key + d + "ca.key");
  Run("openssl req -new -x509 -key " + d + "ca.key -subj /CN=foreign-ca -days 2 -out " + d +
      "ca.crt");
  Run(key + d + "client.key");
  Run("openssl req -new -key " + d + "client.key -subj /CN=sagashop -out " + d + "client.csr");
  Run("openssl x509 -req -in " + d + "client.csr -CA " + d + "ca.crt -CAkey " + d +
      "ca.key -CAcreateserial -days 2 -out " + d + "client.crt");
  std::filesystem::permissions(dir_ / "client.key", std::filesystem::perms::owner_read |
                                                        std::filesystem::perms::owner_write);
}

ForeignIdentity::~ForeignIdentity() {
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

core::TlsClientFiles ForeignIdentity::Files() const {
  return {.ca_file = (dir_ / "ca.crt").string(),
          .cert_file = (dir_ / "client.crt").string(),
          .key_file = (dir_ / "client.key").string()};
}

core::TlsClientFiles StackIdentity() {
  const auto tls = TestServerTls();
  if (!tls) {
    throw std::runtime_error(
        "SAGASHOP_TEST_SERVER_TLS_* are not set: the stack (scripts/stack.sh) runs with TLS");
  }
  return *tls;
}

}  // namespace sagashop::testing
