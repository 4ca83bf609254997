#pragma once

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>

namespace sagashop::tls {

// The TLS settings of every HTTPS server and client of sagashop (docs/security.md, "HTTPS"):
// TLS 1.2 at least, 1.3 whenever both ends speak it (OpenSSL picks the highest version both
// offer), and for 1.2 only forward-secret AEAD cipher suites (ECDHE with AES-GCM or
// ChaCha20-Poly1305). A context is shared by every connection of a server or client and is
// thread-safe once made.

// Reads a PEM certificate chain (the server's certificate first) and its private key. Throws
// std::runtime_error naming the file that cannot be read or the key that does not match.
std::shared_ptr<boost::asio::ssl::context> MakeServerContext(const std::string& certificate_chain,
                                                             const std::string& private_key);

// Trusts the certificate authorities of the PEM file `ca_file` and no other (empty: those the
// system trusts, OpenSSL's default paths); servers must present
// a certificate that one of them signed. The host name (or IP address) is checked per connection
// (see http::HttpStream). Throws std::runtime_error naming the file.
std::shared_ptr<boost::asio::ssl::context> MakeClientContext(const std::string& ca_file);

}  // namespace sagashop::tls
