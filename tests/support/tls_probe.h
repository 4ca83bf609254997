#pragma once

#include <cstdint>
#include <string>

namespace sagashop::testing {

// Probes of an HTTPS port made with OpenSSL directly, not with the project's own client, so that
// a test can offer what that client never would (an old protocol version) and see what the
// server chose. Every socket operation has a 10 s deadline.

struct HandshakeOutcome {
  bool completed = false;
  int version = 0;       // the negotiated protocol (TLS1_3_VERSION, ...) when completed
  int alert_reason = 0;  // else OpenSSL's reason code (e.g. SSL_R_TLSV1_ALERT_PROTOCOL_VERSION)
  std::string error;     // else what went wrong, for failure messages
};

// A handshake with 127.0.0.1:`port` offering protocol versions `min_version` to `max_version`
// (TLS1_1_VERSION, ...; 0: OpenSSL's defaults) and verifying the server's certificate against
// `ca_file` and the address 127.0.0.1; from the loopback address `from` when given (127.0.0.2 is
// another client of a server on 127.0.0.1).
HandshakeOutcome TlsHandshake(std::uint16_t port, const std::string& ca_file, int min_version = 0,
                              int max_version = 0, const std::string& from = "");

// Sends a plain-HTTP request to 127.0.0.1:`port` and returns every byte received until the
// server closed the connection.
std::string PlainHttpExchange(std::uint16_t port);

}  // namespace sagashop::testing
