#include "e2e/chaos/chaos_system.h"

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <stdexcept>

#include "platform/db/postgres/pg_uri.h"

namespace sagashop::chaos {
namespace {

// `uri` with its hosts replaced by 127.0.0.1 at each of `ports`, in order (a libpq multi-host URI).
std::string WithHosts(const std::string& uri, const std::vector<std::uint16_t>& ports) {
  const std::size_t scheme = uri.find("://");
  if (scheme == std::string::npos) throw std::invalid_argument("not a URI: " + uri);
  const std::size_t end = uri.find_first_of("/?", scheme + 3);
  const std::size_t user = uri.find('@', scheme + 3);
  const std::size_t hosts = user != std::string::npos && user < end ? user + 1 : scheme + 3;
  std::string list;
  for (std::uint16_t port : ports) {
    if (!list.empty()) list += ',';
    list += "127.0.0.1:";
    list += std::to_string(port);
  }
  return uri.substr(0, hosts) + list + (end == std::string::npos ? "" : uri.substr(end));
}

// Sets an environment variable until destroyed, then puts back what was there.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

}  // namespace

std::vector<std::string> StackKafkaBrokers() {
  std::vector<std::string> brokers;
  const char* control = std::getenv("SAGASHOP_TEST_KAFKA_CLUSTER_CONTROL");
  const char* count = std::getenv("SAGASHOP_STACK_KAFKA_BROKERS");
  if (control == nullptr || *control == '\0' || count == nullptr) return brokers;
  for (int broker = 1; broker <= std::atoi(count); ++broker) {
    brokers.push_back(std::to_string(broker));
  }
  return brokers;
}

std::vector<std::string> ChaosSystem::KafkaLinks() {
  std::vector<std::string> links;
  // Named as scripts/lib/toxiproxy.sh names the stack's proxies: "<service>-kafka-<N>".
  for (const std::string& broker : StackKafkaBrokers()) links.push_back("kafka-" + broker);
  return links;
}

const std::vector<std::string>& ChaosSystem::DatabaseLinks() {
  static const std::vector<std::string> links = {"chaos-pg1", "chaos-pg2"};
  return links;
}

ChaosSystem::ChaosSystem(const std::string& log_dir)
    : proxies_(testing::ToxiproxyClient::FromEnv()), network_(testing::ToxiproxyClient::FromEnv()) {
  for (const std::string& service : testing::SystemUnderTest::Services()) {
    clocks_.emplace(service, testing::SkewableClock(log_dir + "/clock-" + service));
  }
  // SystemUnderTest makes its databases on, and points the services at, the server this names.
  const ScopedEnv database("SAGASHOP_TEST_PG_URI", database_.AdminUri());
  system_ = std::make_unique<testing::SystemUnderTest>(
      testing::Mode::kDistributed,
      std::vector<std::string>{
          "--payment-provider-url=http://127.0.0.1:" + std::to_string(outside_world_.Port()),
          "--carrier-url=http://127.0.0.1:" + std::to_string(outside_world_.Port())},
      std::map<std::string, int>{}, ProxiedServerArgs(), ClockEnvironment());
}

ChaosSystem::~ChaosSystem() {
  system_.reset();
  for (const std::string& proxy : proxies_made_) {
    try {
      proxies_.DeleteProxy(proxy);
    } catch (const std::exception& error) {
      std::fprintf(stderr, "[chaos] could not remove proxy %s: %s\n", proxy.c_str(), error.what());
    }
  }
}

void ChaosSystem::KillDatabasePrimary() {
  database_.KillPrimary();
  // A dead server's port refuses connections, and libpq then tries the next host of the URI. A
  // proxy in front of it would accept and then hang up instead, which libpq takes as that server's
  // answer: the proxies to it go down for good, as the port itself would be.
  for (const std::string& service : testing::SystemUnderTest::Services()) {
    proxies_.SetEnabled(service + "-" + DatabaseLinks().front(), false);
  }
}

std::map<std::string, std::vector<std::string>> ChaosSystem::ProxiedServerArgs() {
  const std::string server_uri = db::PgServerUri(database_.AdminUri());
  const std::vector<std::uint16_t> servers = database_.Ports();
  std::map<std::string, std::vector<std::string>> args;
  for (const std::string& service : testing::SystemUnderTest::Services()) {
    std::vector<std::uint16_t> proxied;
    for (std::size_t i = 0; i < servers.size(); ++i) {
      // Named as testing::FaultInjector finds them: "<service>-<link>".
      const std::string proxy = service + "-" + DatabaseLinks().at(i);
      proxied.push_back(proxies_.CreateProxy(proxy, servers[i]));
      proxies_made_.push_back(proxy);
    }
    args[service] = {"--pg-uri=" + WithHosts(server_uri, proxied)};
    std::string brokers;
    for (const std::string& link : KafkaLinks()) {
      if (!brokers.empty()) brokers += ',';
      brokers += "127.0.0.1:";
      brokers += std::to_string(proxies_.ListenPort(service + "-" + link));
    }
    if (!brokers.empty()) args[service].push_back("--kafka-brokers=" + brokers);
  }
  return args;
}

std::map<std::string, std::vector<std::string>> ChaosSystem::ClockEnvironment() const {
  std::map<std::string, std::vector<std::string>> environment;
  for (const auto& [service, clock] : clocks_) environment[service] = clock.Environment();
  return environment;
}

}  // namespace sagashop::chaos
