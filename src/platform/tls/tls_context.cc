#include "platform/tls/tls_context.h"

#include <openssl/ssl.h>

#include <stdexcept>

namespace sagashop::tls {
namespace ssl = boost::asio::ssl;

namespace {

// Mozilla's "intermediate" list for TLS 1.2; TLS 1.3's suites are OpenSSL's defaults, all AEAD.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

std::shared_ptr<ssl::context> ModernContext(ssl::context::method method) {
  auto context = std::make_shared<ssl::context>(method);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                       ssl::context::no_compression | ssl::context::single_dh_use);
  SSL_CTX* native = context->native_handle();
  if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1) {
    throw std::runtime_error("TLS: cannot set the protocol versions and cipher suites");
  }
  return context;
}

void ThrowIfFailed(const boost::system::error_code& ec, const std::string& what,
                   const std::string& path) {
  if (ec) throw std::runtime_error("TLS: cannot use " + what + " '" + path + "': " + ec.message());
}

}  // namespace

std::shared_ptr<ssl::context> MakeServerContext(const std::string& certificate_chain,
                                                const std::string& private_key) {
  auto context = ModernContext(ssl::context::tls_server);
  boost::system::error_code ec;
  context->use_certificate_chain_file(certificate_chain, ec);
  ThrowIfFailed(ec, "certificate chain", certificate_chain);
  context->use_private_key_file(private_key, ssl::context::pem, ec);
  ThrowIfFailed(ec, "private key", private_key);
  if (SSL_CTX_check_private_key(context->native_handle()) != 1) {
    throw std::runtime_error("TLS: private key '" + private_key +
                             "' does not match the certificate of '" + certificate_chain + "'");
  }
  return context;
}

std::shared_ptr<ssl::context> MakeClientContext(const std::string& ca_file) {
  auto context = ModernContext(ssl::context::tls_client);
  boost::system::error_code ec;
  if (ca_file.empty()) {
    context->set_default_verify_paths(ec);
    ThrowIfFailed(ec, "the system's CAs", "");
  } else {
    context->load_verify_file(ca_file, ec);
    ThrowIfFailed(ec, "CA file", ca_file);
  }
  context->set_verify_mode(ssl::verify_peer);
  return context;
}

}  // namespace sagashop::tls
