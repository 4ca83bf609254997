#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "e2e/support/toxiproxy_client.h"

namespace sagashop::testing {

// Network faults between one service and one of its servers (docs/network-faults.md), made with
// the stack's Toxiproxy. Every fault is logged when it starts and when it ends, so a test's (or a
// chaos run's) output says what the system went through and when.
enum class FaultKind {
  kLatency,    // latency_ms (± jitter_ms) added to each chunk of data
  kBandwidth,  // at most rate_kb_per_s
  kReset,      // every connection reset (TCP RST) after timeout_ms; new ones too
  kPartition,  // data dropped, connections held open: a silent partition
  kDown,       // the proxy closes its connections and refuses new ones: connection refused
};

// Which way data is hit: to the server (Toxiproxy's "upstream"), back to the service
// ("downstream"), or both. kDown always cuts both ways.
enum class Direction { kBoth, kToServer, kToService };

struct FaultParams {
  Direction direction = Direction::kBoth;
  int latency_ms = 0;
  int jitter_ms = 0;
  int rate_kb_per_s = 0;
  int timeout_ms = 0;
};

std::string FaultName(FaultKind kind);

// One fault from its start to its end (end == start while it lasts).
struct FaultRecord {
  std::string description;  // "partition payment -> kafka (both ways)"
  std::chrono::system_clock::time_point start;
  std::chrono::system_clock::time_point end;
};

class FaultInjector {
 public:
  FaultInjector() : FaultInjector(ToxiproxyClient::FromEnv()) {}
  explicit FaultInjector(ToxiproxyClient toxiproxy);
  // Heals whatever is still active, so a failed test leaves the proxies clean for the next.
  ~FaultInjector();

  FaultInjector(const FaultInjector&) = delete;
  FaultInjector& operator=(const FaultInjector&) = delete;

  // Starts a fault between `service` (order, payment, inventory, delivery) and `server` (pg,
  // kafka, redis). Faults add up until Heal().
  void Inject(FaultKind kind, const std::string& service, const std::string& server,
              const FaultParams& params = {});
  // Ends every active fault.
  void Heal();

  // Every fault injected so far, healed or not.
  const std::vector<FaultRecord>& History() const { return history_; }

  // The server flags (--pg-uri, --kafka-brokers, --redis) that send each service through its own
  // proxies, for SystemUnderTest's per-service arguments.
  std::map<std::string, std::vector<std::string>> ProxiedServerArgs();

 private:
  struct Active {
    std::string proxy;
    std::vector<std::string> toxics;  // empty for kDown: the proxy is disabled instead
    std::size_t record;               // index into history_
  };

  ToxiproxyClient toxiproxy_;
  std::vector<Active> active_;
  std::vector<FaultRecord> history_;
  int toxics_made_ = 0;  // names each toxic uniquely
};

}  // namespace sagashop::testing
