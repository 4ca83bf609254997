#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace sagashop::http {

struct ServerConfig {
  std::string address = "127.0.0.1";
  std::uint16_t port = 0;  // 0: an ephemeral port, see Server::Port()
  std::size_t max_body_bytes = 65536;
  std::size_t max_header_bytes = 16384;  // request line and header fields together
  int io_threads = 1;                    // network I/O; handlers never run here
  int worker_threads = 4;                // handlers, which may block on the database
  // Requests read and waiting for a handler thread, at most; one more is answered 503 with
  // Retry-After at once (load shedding), unless its route says otherwise (UnderLoad). Bounds the
  // time a request waits before its handler starts to about this many handlers' run time.
  std::size_t max_queued_requests = 256;
  // Open connections at most, in all and from one client address: a connection over either limit
  // is closed as soon as it is accepted, so one client holding idle connections can neither take
  // the process's file descriptors nor the places of other clients.
  std::size_t max_connections = 4096;
  std::size_t max_connections_per_client = 1024;
  // Requests per second one client address may send, sustained, with bursts of twice as many;
  // one more is answered 429 with Retry-After. Probes and scrapes (UnderLoad::kQueued) are never
  // limited. 0 turns it off.
  double rate_limit_per_client = 2000;
  // How long a connection may sit idle (keep-alive) before its next request's first byte, and how
  // long a body or a write may take.
  std::chrono::seconds read_timeout{30};
  // From a request's first byte to the end of its header: a client that trickles its header (one
  // byte now and then, to hold a connection) is cut off after this long.
  std::chrono::seconds header_timeout{10};
  std::chrono::seconds shutdown_timeout{10};  // how long Stop() waits for in-flight requests
  // HTTPS (docs/security.md): PEM files of the certificate chain (the server's certificate first)
  // and its private key, read once at construction; a new certificate takes a restart. Both
  // empty: plain HTTP.
  std::string tls_certificate_chain;
  std::string tls_private_key;

  bool UsesTls() const { return !tls_certificate_chain.empty(); }

  // Throws std::invalid_argument naming the first bad setting.
  void Validate() const;
};

}  // namespace sagashop::http
