#include "e2e/support/system_under_test.h"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>

#include "e2e/support/event_tap.h"
#include "platform/auth/jwt_signer.h"
#include "platform/bus/kafka/kafka_admin.h"
#include "platform/crypto/data_key_file.h"
#include "platform/db/postgres/pg_database.h"
#include "platform/db/sqlite/sqlite_database.h"
#include "platform/tls/local_ca.h"
#include "platform/tls/tls_context.h"
#include "support/eventually.h"
#include "support/server_tls.h"
#include "support/test_env.h"

namespace sagashop::testing {

std::uint16_t FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

namespace {

bool PortIsFree(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  const bool free = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return free;
}

}  // namespace

std::uint16_t FreePortRun(int count) {
  std::random_device random;
  for (int attempt = 0; attempt < 200; ++attempt) {
    const auto base = static_cast<std::uint16_t>(20000 + random() % 10000);
    bool all_free = true;
    for (int i = 0; i < count && all_free; ++i) {
      all_free = PortIsFree(static_cast<std::uint16_t>(base + i));
    }
    if (all_free) return base;
  }
  throw std::runtime_error("no run of free ports found");
}

namespace {

// `defaults` without the "--name=value" settings that `overrides` gives again (a setting may be
// given once), followed by `overrides`.
std::vector<std::string> WithOverrides(std::vector<std::string> defaults,
                                       const std::vector<std::string>& overrides) {
  for (const std::string& override_arg : overrides) {
    const std::size_t equals = override_arg.find('=');
    if (override_arg.rfind("--", 0) != 0 || equals == std::string::npos) continue;
    const std::string name = override_arg.substr(0, equals + 1);
    std::erase_if(defaults, [&](const std::string& arg) { return arg.rfind(name, 0) == 0; });
  }
  defaults.insert(defaults.end(), overrides.begin(), overrides.end());
  return defaults;
}

// The issuer of the tokens the harness signs.
constexpr const char* kTestIssuer = "https://id.e2e.sagashop.test";

bool AnswersHealth(std::uint16_t port, const std::shared_ptr<boost::asio::ssl::context>& tls) {
  try {
    http::HttpClient client("127.0.0.1", port, std::chrono::seconds(2), tls);
    return client.Send("GET", "/health").status == 200;
  } catch (const std::exception&) {
    return false;
  }
}

std::string RandomId() {
  std::random_device random;
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%08x", static_cast<unsigned>(random()));
  return buffer;
}

}  // namespace

std::string ModeName(Mode mode) {
  switch (mode) {
    case Mode::kEmbedded:
      return "embedded";
    case Mode::kDistributed:
      return "distributed";
    case Mode::kAllOnServers:
      return "all_on_servers";
  }
  return "unknown";
}

const std::vector<std::string>& SystemUnderTest::Services() {
  static const std::vector<std::string> services = {"order", "payment", "inventory", "delivery"};
  return services;
}

SystemUnderTest::SystemUnderTest(
    Mode mode, std::vector<std::string> extra_args, std::map<std::string, int> instances,
    std::map<std::string, std::vector<std::string>> service_args,
    std::map<std::string, std::vector<std::string>> service_environment)
    : mode_(mode),
      id_("e2e" + RandomId()),
      log_dir_(std::string(SAGASHOP_E2E_LOG_DIR) + "/" + id_),
      data_dir_(log_dir_ + "/data"),
      service_args_(std::move(service_args)),
      service_environment_(std::move(service_environment)) {
  std::filesystem::create_directories(log_dir_);
  extra_args = WithAuthentication(std::move(extra_args));
  plaintext_ =
      std::find(extra_args.begin(), extra_args.end(), "--http-plaintext") != extra_args.end();
  // Where embedded mode makes its local CA by itself; the harness makes the same for the others.
  tls_dir_ = mode_ == Mode::kEmbedded ? data_dir_ + "/tls" : log_dir_ + "/tls";
  if (mode_ == Mode::kEmbedded) {
    StartEmbedded(extra_args);
  } else if (mode_ == Mode::kAllOnServers) {
    StartAllOnServers(extra_args);
  } else {
    // Consecutive, as in embedded mode: what takes one --http-base-port (`sagashop demo`,
    // `sagashop console`) reaches the four services.
    const std::uint16_t base = FreePortRun(static_cast<int>(Services().size()));
    for (std::size_t i = 0; i < Services().size(); ++i) {
      ports_[Services()[i]] = static_cast<std::uint16_t>(base + i);
    }
    StartDistributed(extra_args, instances);
  }
  WaitHealthy();
}

void SystemUnderTest::StartEmbedded(const std::vector<std::string>& extra_args) {
  const std::uint16_t base = FreePortRun(static_cast<int>(Services().size()));
  for (std::size_t i = 0; i < Services().size(); ++i) {
    ports_[Services()[i]] = static_cast<std::uint16_t>(base + i);
  }
  std::vector<std::string> args = WithOverrides(
      {"--target=all", "--data-dir=" + data_dir_, "--http-base-port=" + std::to_string(base),
       // Tests run side by side: none takes the console's fixed port unless it asks for one.
       "--console-port=0"},
      extra_args);
  Spawn({"sagashop", std::move(args), log_dir_ + "/all.log", base});
}

std::vector<std::string> SystemUnderTest::WithAuthentication(std::vector<std::string> extra_args) {
  for (const std::string& arg : extra_args) {
    if (arg == "--insecure" || arg.rfind("--auth-keys=", 0) == 0) return extra_args;
  }
  // A key of the system's own, as an identity provider's would be: its public half is what the
  // services trust, its private half signs the tests' token.
  const auth::EcKeyPairPem pair = auth::GenerateEcKeyPairPem();
  const std::string keys_file = log_dir_ + "/auth-keys.pem";
  std::ofstream(keys_file) << pair.public_pem;
  const auto expires = std::chrono::system_clock::now() + std::chrono::hours(12);
  token_ = auth::JwtSigner(pair.private_pem)
               .Sign({{"iss", kTestIssuer},
                      {"aud", "sagashop"},
                      {"sub", "e2e-operator"},
                      {"scope", "ops inventory:write"},
                      {"exp",
                       std::chrono::duration_cast<std::chrono::seconds>(expires.time_since_epoch())
                           .count()}});
  auth_headers_ = {{"Authorization", "Bearer " + token_}};
  extra_args.insert(extra_args.begin(),
                    {"--auth-keys=" + keys_file, std::string("--auth-issuer=") + kTestIssuer});
  return extra_args;
}

void SystemUnderTest::Spawn(Launch launch) {
  processes_.push_back(Start(launch));
  launches_.push_back(std::move(launch));
}

std::unique_ptr<ChildProcess> SystemUnderTest::Start(const Launch& launch) {
  // Each start taps into a file of its own (e2e/support/event_tap.h), a restart too.
  std::vector<std::string> args = launch.args;
  for (std::string& arg : EventTapArgs(launch.name)) args.push_back(std::move(arg));
  return std::make_unique<ChildProcess>(SAGASHOP_BINARY, std::move(args), launch.log_path,
                                        launch.environment);
}

std::string SystemUnderTest::CaFile() const {
  return tls::LocalCertificateFiles(tls_dir_).ca.string();
}

std::vector<std::string> SystemUnderTest::ServerTlsArgs() {
  if (plaintext_) return {};
  const tls::TlsFiles files = tls::EnsureLocalCertificates(tls_dir_);
  return {"--http-tls-cert=" + files.certificate.string(),
          "--http-tls-key=" + files.private_key.string(), "--http-tls-ca=" + files.ca.string()};
}

std::vector<std::string> SystemUnderTest::ClientTlsArgs() const {
  if (plaintext_) return {"--http-plaintext"};
  return {"--http-tls-ca=" + CaFile()};
}

void SystemUnderTest::TrustSystemCa() {
  if (plaintext_ || tls_) return;
  // The certificate is the last file of the set written (tls::EnsureLocalCertificates).
  const std::string certificate = tls::LocalCertificateFiles(tls_dir_).certificate.string();
  const bool made = Eventually(
      [&] {
        for (auto& process : processes_) {
          if (!process->Running()) return true;  // WaitHealthy reports it
        }
        return std::filesystem::exists(certificate);
      },
      std::chrono::seconds(60), std::chrono::milliseconds(50));
  if (made && std::filesystem::exists(certificate)) tls_ = tls::MakeClientContext(CaFile());
}

std::vector<std::string> SystemUnderTest::StorageArgs() const {
  if (mode_ == Mode::kEmbedded) return {"--data-dir=" + data_dir_};
  return {"--storage=postgres", "--pg-uri=" + admin_->ServerUri(),
          "--pg-database=" + id_ + "_{service}", "--data-keys=" + DataKeyFile()};
}

std::string SystemUnderTest::DataKeyFile() const {
  return mode_ == Mode::kEmbedded ? data_dir_ + "/data-keys" : log_dir_ + "/data-keys";
}

std::string SystemUnderTest::DatabaseUri(const std::string& service) const {
  if (mode_ == Mode::kEmbedded) throw std::logic_error("embedded mode has no PostgreSQL database");
  return admin_->UriOf(id_ + "_" + service);
}

std::unique_ptr<db::Database> SystemUnderTest::OpenDatabase(const std::string& service) const {
  if (mode_ == Mode::kEmbedded) {
    db::SqliteConfig config;
    config.path = data_dir_ + "/" + service + ".db";
    return std::make_unique<db::SqliteDatabase>(config);
  }
  db::PgConfig config;
  config.conninfo = admin_->UriOf(id_ + "_" + service);
  config.max_open = 2;
  config.max_idle = 2;
  return std::make_unique<db::PgDatabase>(config);
}

int SystemUnderTest::Verify(std::string* output) const {
  std::vector<std::string> args = {"verify"};
  for (std::string& arg : StorageArgs()) args.push_back(std::move(arg));
  const std::string log = log_dir_ + "/verify.log";
  std::filesystem::remove(log);
  ChildProcess verify(SAGASHOP_BINARY, args, log);
  const int status = verify.WaitForExit(std::chrono::seconds(120));
  if (output != nullptr) *output = verify.LogTail(100000);
  return status;
}

int SystemUnderTest::RunCommand(const std::vector<std::string>& args, std::string* output) const {
  std::vector<std::string> command = args;
  for (std::string& arg : StorageArgs()) command.push_back(std::move(arg));
  for (std::string& arg : TokenArgs()) command.push_back(std::move(arg));
  for (std::string& arg : ClientTlsArgs()) command.push_back(std::move(arg));
  const std::string log =
      log_dir_ + "/command-" + std::to_string(++commands_run_) + "-" + args.front() + ".log";
  ChildProcess process(SAGASHOP_BINARY, command, log);
  const int status = process.WaitForExit(std::chrono::seconds(120));
  if (output != nullptr) *output = process.LogTail(10'000'000);
  return status;
}

int SystemUnderTest::Shutdown() {
  clients_.clear();
  int worst = 0;
  for (auto& process : processes_) worst = std::max(worst, process->Stop());
  return worst;
}

void SystemUnderTest::Crash() {
  clients_.clear();
  for (auto& process : processes_) process->Kill();
}

void SystemUnderTest::RestartWithout(const std::string& arg) {
  for (Launch& launch : launches_) std::erase(launch.args, arg);
  Restart();
}

int SystemUnderTest::EndedProcesses() {
  return static_cast<int>(std::count_if(processes_.begin(), processes_.end(),
                                        [](const auto& process) { return !process->Running(); }));
}

void SystemUnderTest::Restart() {
  for (auto& process : processes_) process->Stop();
  processes_.clear();
  for (const Launch& launch : launches_) processes_.push_back(Start(launch));
  WaitHealthy();
}

SystemUnderTest::~SystemUnderTest() {
  clients_.clear();
  for (auto& process : processes_) process->Stop();
  if (mode_ != Mode::kEmbedded) DeleteNamespaceFromBroker();
  for (const std::string& database : databases_) {
    try {
      admin_->DropDatabase(database);
    } catch (const std::exception&) {
      // Leaving a database behind must not hide the test's own result.
    }
  }
}

// Every system makes its own topics; a broker left with those of every test run so far holds tens
// of thousands of partitions, and its heap (and every later test) suffers for it.
void SystemUnderTest::DeleteNamespaceFromBroker() {
  try {
    bus::KafkaConfig config;
    config.brokers = RequiredEnv("SAGASHOP_TEST_KAFKA_BROKERS");
    config.client_id = "sagashop-e2e-cleanup";
    config.tls = TestServerTls();
    bus::KafkaAdmin admin(config);
    const std::string prefix = id_ + ".";
    std::vector<std::string> topics;
    for (const auto& [topic, partitions] : admin.PartitionCounts(std::chrono::seconds(10))) {
      if (topic.starts_with(prefix)) topics.push_back(topic);
    }
    std::vector<std::string> groups;
    for (const std::string& service : Services()) groups.push_back(ConsumerGroup(service));
    admin.DeleteGroups(groups, std::chrono::seconds(10));
    admin.DeleteTopics(topics, std::chrono::seconds(10));
  } catch (const std::exception& error) {
    // Leaving topics behind must not hide the test's own result.
    std::fprintf(stderr, "cleanup of the test's topics failed: %s\n", error.what());
  }
}

std::vector<std::string> SystemUnderTest::ServerArgs() {
  admin_ = std::make_unique<PgAdmin>(RequiredEnv("SAGASHOP_TEST_PG_URI"));
  for (const std::string& service : Services()) {
    const std::string database = id_ + "_" + service;
    admin_->CreateDatabase(database);
    databases_.push_back(database);
  }
  // Every process of the system shares one data key file, as in a deployment.
  crypto::CreateKeyFileIfMissing(DataKeyFile());
  std::vector<std::string> args = {
      "--data-keys=" + DataKeyFile(),
      "--storage=postgres",
      "--bus=kafka",
      "--cache=redis",
      "--pg-uri=" + admin_->ServerUri(),
      "--pg-database=" + id_ + "_{service}",
      "--kafka-brokers=" + RequiredEnv("SAGASHOP_TEST_KAFKA_BROKERS"),
      "--bus-namespace=" + id_,
      "--redis=" + RequiredEnv("SAGASHOP_TEST_REDIS_HOST") + ":" +
          RequiredEnv("SAGASHOP_TEST_REDIS_PORT"),
      "--pg-pool-max-open=10",
  };
  // Kafka and Redis as the stack serves them: over TLS with its client certificate; HTTPS with the
  // system's own certificate.
  for (std::string& arg : TestServerTlsArgs()) args.push_back(std::move(arg));
  for (std::string& arg : ServerTlsArgs()) args.push_back(std::move(arg));
  return args;
}

void SystemUnderTest::StartDistributed(const std::vector<std::string>& extra_args,
                                       const std::map<std::string, int>& instances) {
  const std::vector<std::string> servers = ServerArgs();
  for (const std::string& service : Services()) {
    const auto wanted = instances.find(service);
    const int count = wanted == instances.end() ? 1 : wanted->second;
    for (int instance = 1; instance <= count; ++instance) {
      const std::string name = instance == 1 ? service : service + "#" + std::to_string(instance);
      const std::uint16_t port = instance == 1 ? ports_.at(service) : FreePort();
      std::vector<std::string> args = servers;
      args.push_back("--target=" + service);
      args.push_back("--http-port=" + std::to_string(port));
      args = WithOverrides(std::move(args), extra_args);
      if (const auto own = service_args_.find(service); own != service_args_.end()) {
        args = WithOverrides(std::move(args), own->second);
      }
      const auto environment = service_environment_.find(service);
      Spawn({name, std::move(args), log_dir_ + "/" + name + ".log", port,
             environment == service_environment_.end() ? std::vector<std::string>{}
                                                       : environment->second});
    }
  }
}

void SystemUnderTest::StartAllOnServers(const std::vector<std::string>& extra_args) {
  const std::uint16_t base = FreePortRun(static_cast<int>(Services().size()));
  for (std::size_t i = 0; i < Services().size(); ++i) {
    ports_[Services()[i]] = static_cast<std::uint16_t>(base + i);
  }
  std::vector<std::string> args = ServerArgs();
  args.push_back("--target=all");
  args.push_back("--http-base-port=" + std::to_string(base));
  args.push_back("--console-port=0");
  args = WithOverrides(std::move(args), extra_args);
  Spawn({"sagashop", std::move(args), log_dir_ + "/all.log", base});
}

void SystemUnderTest::WaitHealthy() {
  TrustSystemCa();
  std::vector<std::pair<std::string, std::uint16_t>> endpoints(ports_.begin(), ports_.end());
  for (const Launch& launch : launches_) endpoints.emplace_back(launch.name, launch.port);
  for (const auto& [name, port] : endpoints) {
    const bool healthy = Eventually(
        [&, port = port] {
          for (auto& process : processes_) {
            if (!process->Running()) return true;  // fail fast below
          }
          return AnswersHealth(port, tls_);
        },
        std::chrono::seconds(60), std::chrono::milliseconds(100));
    for (auto& process : processes_) {
      if (!process->Running()) throw std::runtime_error("a service exited at start:\n" + Logs());
    }
    if (!healthy) throw std::runtime_error(name + " did not become healthy:\n" + Logs());
  }
}

std::unique_ptr<http::HttpClient> SystemUnderTest::Client(const std::string& service) const {
  auto client = std::make_unique<http::HttpClient>("127.0.0.1", ports_.at(service),
                                                   std::chrono::seconds(30), tls_);
  client->SetDefaultHeaders(auth_headers_);
  return client;
}

http::Response SystemUnderTest::Send(const std::string& service, std::string_view method,
                                     std::string_view target, std::string_view body,
                                     const http::HttpClient::Headers& headers) {
  auto& client = clients_[service];
  if (!client) client = Client(service);
  return client->Send(method, target, body, headers);
}

boost::json::value SystemUnderTest::GetJson(const std::string& service, std::string_view target) {
  const http::Response response = Send(service, "GET", target);
  if (response.status != 200) {
    throw std::runtime_error("GET " + std::string(target) + " on " + service + " answered " +
                             std::to_string(response.status) + ": " + response.body);
  }
  return boost::json::parse(response.body);
}

std::string SystemUnderTest::Logs() const {
  std::string logs;
  for (std::size_t i = 0; i < processes_.size(); ++i) {
    logs += "----- " + launches_[i].name + " -----\n" + processes_[i]->LogTail() + "\n";
  }
  return logs;
}

std::size_t SystemUnderTest::IndexOf(const std::string& instance) const {
  for (std::size_t i = 0; i < launches_.size(); ++i) {
    if (launches_[i].name == instance) return i;
  }
  throw std::invalid_argument("no process named " + instance);
}

std::uint16_t SystemUnderTest::InstancePort(const std::string& instance) const {
  return launches_[IndexOf(instance)].port;
}

std::string SystemUnderTest::LogOf(const std::string& instance) const {
  return processes_[IndexOf(instance)]->LogTail(1'000'000);
}

void SystemUnderTest::KillInstance(const std::string& instance) {
  clients_.clear();
  processes_.at(IndexOf(instance))->Kill();
}

void SystemUnderTest::StartInstance(const std::string& instance) {
  const std::size_t index = IndexOf(instance);
  const Launch& launch = launches_[index];
  processes_.at(index)->Kill();  // nothing if it is not running
  processes_[index] = Start(launch);
  const bool healthy = Eventually([&] { return AnswersHealth(launch.port, tls_); },
                                  std::chrono::seconds(60), std::chrono::milliseconds(100));
  if (!healthy) throw std::runtime_error(instance + " did not become healthy:\n" + Logs());
}

void SystemUnderTest::FreezeInstance(const std::string& instance) {
  ::kill(processes_.at(IndexOf(instance))->Pid(), SIGSTOP);
}

void SystemUnderTest::ThawInstance(const std::string& instance) {
  ::kill(processes_.at(IndexOf(instance))->Pid(), SIGCONT);
}

}  // namespace sagashop::testing
