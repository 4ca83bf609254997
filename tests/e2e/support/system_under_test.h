#pragma once

#include <atomic>
#include <boost/asio/ssl/context.hpp>
#include <boost/json/value.hpp>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "e2e/support/child_process.h"
#include "platform/db/database.h"
#include "platform/http/client.h"
#include "support/pg_admin.h"

namespace sagashop::testing {

// How the system runs: one process on SQLite with the in-process bus (embedded); four processes
// on PostgreSQL, Kafka and Redis (distributed); or one process running all four services on those
// servers (all-on-servers), which shows that storage, bus and cache are independent choices.
enum class Mode { kEmbedded, kDistributed, kAllOnServers };

std::string ModeName(Mode mode);

// A port on 127.0.0.1 that nothing listens on right now.
std::uint16_t FreePort();
// The first of `count` consecutive free ports, for a process that serves on base, base+1, ...
std::uint16_t FreePortRun(int count);

// The whole sagashop system, started for one test suite on its own databases, its own Kafka
// namespace and free ports, and stopped (databases dropped) when destroyed. Tests talk to it only
// over HTTPS, as clients would: in embedded mode the system makes its local CA and certificate
// itself; otherwise this harness makes them (tls::EnsureLocalCertificates) and passes them to each
// process. Given --http-plaintext among the extra arguments, it runs plain HTTP instead. When the
// test run asks for it, each process taps every event it publishes (e2e/support/event_tap.h).
class SystemUnderTest {
 public:
  // `instances` asks for more than one process of a service (distributed mode): {"inventory", 2}
  // starts "inventory" and "inventory#2". `service_args` are flags for one service's processes
  // only, after all others (distributed mode): e.g. its own server addresses, through a proxy.
  // `service_environment` ("NAME=VALUE" each) is added to one service's processes' environment
  // (distributed mode): e.g. a clock of its own (e2e/support/skewable_clock.h).
  explicit SystemUnderTest(
      Mode mode, std::vector<std::string> extra_args = {},
      std::map<std::string, int> instances = {},
      std::map<std::string, std::vector<std::string>> service_args = {},
      std::map<std::string, std::vector<std::string>> service_environment = {});
  ~SystemUnderTest();

  SystemUnderTest(const SystemUnderTest&) = delete;
  SystemUnderTest& operator=(const SystemUnderTest&) = delete;

  static const std::vector<std::string>& Services();
  // The port of `service`'s (first) process. The four are consecutive in every mode, in the order
  // of Services(), so Port("order") is the --http-base-port of a command that calls them all.
  std::uint16_t Port(const std::string& service) const { return ports_.at(service); }

  // A new client of `service` (one per thread), sending AuthHeaders() with every request.
  std::unique_ptr<http::HttpClient> Client(const std::string& service) const;
  // What a client of this system sends to be let in: an operator's bearer token with
  // inventory:write, signed with the key the system was started with. Empty when the test chose
  // its own --auth-keys (or --insecure).
  const http::HttpClient::Headers& AuthHeaders() const { return auth_headers_; }
  // The same token for a sagashop command (demo, bench): {"--token=..."}, or none.
  std::vector<std::string> TokenArgs() const {
    if (token_.empty()) return {};
    return {"--token=" + token_};
  }
  // What clients of this system trust (its CA), null when it runs plain HTTP; and the CA's file.
  std::shared_ptr<boost::asio::ssl::context> Tls() const { return tls_; }
  std::string CaFile() const;

  // One-shot helpers on a per-service client of the calling thread's own.
  http::Response Send(const std::string& service, std::string_view method, std::string_view target,
                      std::string_view body = {}, const http::HttpClient::Headers& headers = {});
  // GET that must answer 200 with JSON.
  boost::json::value GetJson(const std::string& service, std::string_view target);

  // Runs `sagashop verify` on this system's databases; returns its exit status (0: every
  // invariant holds) and, if asked, what it printed.
  int Verify(std::string* output = nullptr) const;
  // The flags that point a sagashop command at this system's storage.
  std::vector<std::string> StorageArgs() const;
  // The libpq URI of `service`'s own database (not in embedded mode), e.g. for pg_dump.
  std::string DatabaseUri(const std::string& service) const;
  // The flags a sagashop command needs to call this system's services (the CA to trust).
  std::vector<std::string> ClientTlsArgs() const;
  // A connection to `service`'s own database, for tests that look beneath the API.
  std::unique_ptr<db::Database> OpenDatabase(const std::string& service) const;
  // The prefix of this system's Kafka topics and consumer groups ("" in embedded mode).
  std::string BusNamespace() const { return mode_ == Mode::kEmbedded ? "" : id_; }
  // The Kafka consumer group of `service`'s instances (the app's "sagashop-<service>", namespaced).
  std::string ConsumerGroup(const std::string& service) const {
    return BusNamespace() + ".sagashop-" + service;
  }
  // Runs `sagashop <args> <storage flags>` (an operator's command, e.g. {"dlt", "list"}) and
  // returns its exit status, or -1 if it still ran after two minutes; `output` gets what it
  // printed.
  int RunCommand(const std::vector<std::string>& args, std::string* output = nullptr) const;

  Mode GetMode() const { return mode_; }

  // Stops every process with SIGTERM as an operator would; returns the worst exit status.
  int Shutdown();
  // Kills every process with SIGKILL, as a crash or a power cut would.
  void Crash();
  // Starts the processes again as they were started (same data, databases and ports), and waits
  // until they are healthy.
  void Restart();
  // Restart() with `arg` left out of every command line from now on (e.g. a crash point).
  void RestartWithout(const std::string& arg);
  // How many processes have ended by themselves (e.g. at a planned crash point).
  int EndedProcesses();
  // One process of a distributed system ("payment", "payment#2"): killed with SIGKILL, and
  // started again as it was.
  void KillInstance(const std::string& instance);
  void StartInstance(const std::string& instance);
  // One process stopped with SIGSTOP, as a long pause (a stalled VM, a stop-the-world) would, and
  // let go on with SIGCONT: its connections stay open while it answers nothing.
  void FreezeInstance(const std::string& instance);
  void ThawInstance(const std::string& instance);
  std::uint16_t InstancePort(const std::string& instance) const;
  std::string LogOf(const std::string& instance) const;

  // The data key file its processes seal personal data with (docs/security.md).
  std::string DataKeyFile() const;

  // Embedded mode's folder of SQLite files.
  const std::string& DataDir() const { return data_dir_; }

  // The log of each process, for failure messages.
  std::string Logs() const;

 private:
  void StartDistributed(const std::vector<std::string>& extra_args,
                        const std::map<std::string, int>& instances);
  void StartEmbedded(const std::vector<std::string>& extra_args);
  void StartAllOnServers(const std::vector<std::string>& extra_args);
  // --auth-keys and --auth-issuer for every process, unless `extra_args` set authentication up
  // themselves; fills auth_headers_ to match.
  std::vector<std::string> WithAuthentication(std::vector<std::string> extra_args);
  std::vector<std::string> ServerArgs();  // creates the databases
  void DeleteNamespaceFromBroker();
  void WaitHealthy();
  // The TLS flags of every process, and the certificates they name (server modes only).
  std::vector<std::string> ServerTlsArgs();
  // The client context, once the CA's file exists (in embedded mode the system makes it).
  void TrustSystemCa();

  Mode mode_;
  std::string id_;                  // names databases and the Kafka namespace
  std::unique_ptr<PgAdmin> admin_;  // distributed mode only
  std::string log_dir_;
  std::string data_dir_;
  bool plaintext_ = false;
  std::string tls_dir_;  // the CA and server certificate
  std::shared_ptr<boost::asio::ssl::context> tls_;
  std::map<std::string, std::uint16_t> ports_;
  http::HttpClient::Headers auth_headers_;
  std::string token_;  // the bearer token of auth_headers_, for commands (--token)
  std::vector<std::string> databases_;
  std::map<std::string, std::vector<std::string>> service_args_;
  std::map<std::string, std::vector<std::string>> service_environment_;
  struct Launch {
    std::string name;  // "order", "order#2" (a second instance), or "sagashop" (all in one)
    std::vector<std::string> args;
    std::string log_path;
    std::uint16_t port = 0;                // where its /health answers
    std::vector<std::string> environment;  // added to the test's own
  };
  std::size_t IndexOf(const std::string& instance) const;
  // Starts `launch` and keeps it, to be started again as it was.
  void Spawn(Launch launch);
  static std::unique_ptr<ChildProcess> Start(const Launch& launch);

  std::vector<Launch> launches_;
  std::vector<std::unique_ptr<ChildProcess>> processes_;
  std::map<std::string, std::unique_ptr<http::HttpClient>> clients_;
  mutable std::atomic<int> commands_run_{0};  // names each command's log
};

}  // namespace sagashop::testing
