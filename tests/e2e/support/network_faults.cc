#include "e2e/support/network_faults.h"

#include <boost/json/object.hpp>
#include <cstdio>
#include <ctime>
#include <stdexcept>

#include "platform/db/postgres/pg_uri.h"
#include "support/test_env.h"

namespace sagashop::testing {
namespace {

std::string DirectionName(Direction direction) {
  switch (direction) {
    case Direction::kBoth:
      return "both ways";
    case Direction::kToServer:
      return "to the server only";
    case Direction::kToService:
      return "to the service only";
  }
  return "?";
}

// Toxiproxy's streams: "upstream" carries the service's bytes to the server.
std::vector<std::string> StreamsOf(Direction direction) {
  switch (direction) {
    case Direction::kBoth:
      return {"upstream", "downstream"};
    case Direction::kToServer:
      return {"upstream"};
    case Direction::kToService:
      return {"downstream"};
  }
  return {};
}

// Toxiproxy's toxic type and attributes for a fault.
std::pair<std::string, boost::json::object> ToxicOf(FaultKind kind, const FaultParams& params) {
  switch (kind) {
    case FaultKind::kLatency:
      return {"latency", {{"latency", params.latency_ms}, {"jitter", params.jitter_ms}}};
    case FaultKind::kBandwidth:
      return {"bandwidth", {{"rate", params.rate_kb_per_s}}};
    case FaultKind::kReset:
      return {"reset_peer", {{"timeout", params.timeout_ms}}};
    case FaultKind::kPartition:
      // A timeout toxic with timeout 0 drops all data and never closes the connection.
      return {"timeout", {{"timeout", 0}}};
    case FaultKind::kDown:
      break;
  }
  throw std::logic_error("no toxic for " + FaultName(kind));
}

std::string Clock(std::chrono::system_clock::time_point at) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(at);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%H:%M:%S", &utc);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count() % 1000;
  char stamped[48];
  std::snprintf(stamped, sizeof stamped, "%s.%03lld", buffer, static_cast<long long>(millis));
  return stamped;
}

std::string Describe(FaultKind kind, const std::string& service, const std::string& server,
                     const FaultParams& params) {
  std::string text = FaultName(kind) + " " + service + " -> " + server;
  if (kind == FaultKind::kLatency) {
    text += " +" + std::to_string(params.latency_ms) + " ms";
    if (params.jitter_ms > 0) text += " ±" + std::to_string(params.jitter_ms) + " ms";
  } else if (kind == FaultKind::kBandwidth) {
    text += " " + std::to_string(params.rate_kb_per_s) + " KB/s";
  } else if (kind == FaultKind::kReset) {
    text += " after " + std::to_string(params.timeout_ms) + " ms";
  }
  if (kind != FaultKind::kDown) text += " (" + DirectionName(params.direction) + ")";
  return text;
}

// `uri` with the port of its server replaced: the same server, reached through a proxy.
std::string WithPort(const std::string& uri, std::uint16_t port) {
  const std::size_t authority = uri.find("://");
  const std::size_t end = uri.find_first_of("/?", authority + 3);
  const std::size_t colon = uri.rfind(':', end == std::string::npos ? uri.size() : end - 1);
  if (authority == std::string::npos || colon == std::string::npos || colon < authority + 3) {
    throw std::invalid_argument("no port in " + uri);
  }
  return uri.substr(0, colon + 1) + std::to_string(port) +
         (end == std::string::npos ? "" : uri.substr(end));
}

}  // namespace

std::string FaultName(FaultKind kind) {
  switch (kind) {
    case FaultKind::kLatency:
      return "latency";
    case FaultKind::kBandwidth:
      return "bandwidth";
    case FaultKind::kReset:
      return "reset";
    case FaultKind::kPartition:
      return "partition";
    case FaultKind::kDown:
      return "down";
  }
  return "unknown";
}

FaultInjector::FaultInjector(ToxiproxyClient toxiproxy) : toxiproxy_(std::move(toxiproxy)) {
  toxiproxy_.Reset();  // no fault left over from an earlier, failed run
}

FaultInjector::~FaultInjector() {
  try {
    Heal();
  } catch (const std::exception& error) {
    std::fprintf(stderr, "[fault] healing at the end failed: %s\n", error.what());
  }
}

void FaultInjector::Inject(FaultKind kind, const std::string& service, const std::string& server,
                           const FaultParams& params) {
  Active active{service + "-" + server, {}, history_.size()};
  if (kind == FaultKind::kDown) {
    toxiproxy_.SetEnabled(active.proxy, false);
  } else {
    auto [type, attributes] = ToxicOf(kind, params);
    for (const std::string& stream : StreamsOf(params.direction)) {
      const std::string name = FaultName(kind) + "-" + std::to_string(++toxics_made_);
      toxiproxy_.AddToxic(active.proxy, {{"name", name},
                                         {"type", type},
                                         {"stream", stream},
                                         {"toxicity", 1.0},
                                         {"attributes", attributes}});
      active.toxics.push_back(name);
    }
  }
  const auto now = std::chrono::system_clock::now();
  history_.push_back({Describe(kind, service, server, params), now, now});
  std::fprintf(stderr, "[fault %s] start %s\n", Clock(now).c_str(),
               history_.back().description.c_str());
  active_.push_back(std::move(active));
}

void FaultInjector::Heal() {
  for (const Active& active : active_) {
    if (active.toxics.empty()) toxiproxy_.SetEnabled(active.proxy, true);
    for (const std::string& toxic : active.toxics) toxiproxy_.RemoveToxic(active.proxy, toxic);
    FaultRecord& record = history_[active.record];
    record.end = std::chrono::system_clock::now();
    std::fprintf(stderr, "[fault %s] end %s after %.1f s\n", Clock(record.end).c_str(),
                 record.description.c_str(),
                 std::chrono::duration<double>(record.end - record.start).count());
  }
  active_.clear();
}

std::map<std::string, std::vector<std::string>> FaultInjector::ProxiedServerArgs() {
  const std::string server_uri = db::PgServerUri(RequiredEnv("SAGASHOP_TEST_PG_URI"));
  std::map<std::string, std::vector<std::string>> args;
  for (const std::string service : {"order", "payment", "inventory", "delivery"}) {
    args[service] = {
        "--pg-uri=" + WithPort(server_uri, toxiproxy_.ListenPort(service + "-pg")),
        "--kafka-brokers=127.0.0.1:" + std::to_string(toxiproxy_.ListenPort(service + "-kafka")),
        "--redis=127.0.0.1:" + std::to_string(toxiproxy_.ListenPort(service + "-redis")),
    };
  }
  return args;
}

}  // namespace sagashop::testing
