// The sagashop command: parses settings and wires; everything else lives in libraries.
//
//   sagashop [flags]            run the services of --target (all four by default, embedded)
//   sagashop [flags] --demo     ... and run the demonstration once they are up
//   sagashop demo [flags]       run the demonstration against a system that is already running
//   sagashop verify [flags]     check the invariants across the four databases
//   sagashop dlt list|replay    show and replay the events the services parked
//   sagashop data-keys new|rotate  add a data key; seal stored personal data again under it
//   sagashop bench [flags]      drive a running system and measure whole sagas
//   sagashop outside-world      serve a simulated payment provider and carrier over HTTP
//   sagashop local-ca           make (once) a local CA and a certificate for 127.0.0.1 and
//   localhost
#include "app/program.h"

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdlib>
#include <iostream>

#include "app/bench_command_line.h"
#include "app/command_line.h"
#include "app/console_command.h"
#include "app/data_keys_command.h"
#include "app/demo.h"
#include "app/dlt_command.h"
#include "app/http_tls.h"
#include "app/local_tokens.h"
#include "app/open_file_limit.h"
#include "app/outside_world_command.h"
#include "app/running_system.h"
#include "app/settings.h"
#include "app/system.h"
#include "app/token_command.h"
#include "app/verify_command.h"
#include "platform/log/log_setup.h"
#include "platform/tls/local_ca.h"

namespace {

using sagashop::app::DeadLetterSelection;
using sagashop::app::DemoOptions;
using sagashop::app::NameOf;
using sagashop::app::Settings;

// Blocks SIGINT and SIGTERM in every thread (threads inherit the mask), so that the main thread
// alone receives them through sigwait.
sigset_t BlockShutdownSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

DemoOptions DemoOptionsFor(const Settings& settings, int orders) {
  return {.host = settings.http.host,
          .base_port = settings.http.base_port,
          .orders = orders,
          .tls = sagashop::app::ServiceClientTls(settings),
          .authorization = sagashop::app::CommandAuthorization(settings)};
}

void PrintWelcome(const Settings& settings) {
  std::cout << "\nsagashop is running (" << NameOf(settings.storage.adapter) << ", "
            << NameOf(settings.bus.adapter) << " bus, " << NameOf(settings.cache.adapter)
            << " cache):\n";
  const std::string scheme = sagashop::app::HttpScheme(settings);
  for (const std::string& service : settings.Services()) {
    std::cout << "  " << service << std::string(11 - service.size(), ' ') << scheme << "://"
              << settings.http.host << ":" << settings.http.PortOf(service) << "\n";
  }
  if (settings.target == sagashop::app::Target::kAll && settings.http.console_port != 0) {
    std::cout << "  console    " << sagashop::app::ConsoleLink(settings) << "\n";
  }
  if (settings.target == sagashop::app::Target::kAll) {
    // curl must trust the CA the certificate comes from: the local one unless another was given;
    // and send a token, which embedded mode's own key signs (docs/security.md).
    std::string curl = "curl -s";
    if (settings.HttpUsesTls()) {
      const std::string ca =
          !settings.http.tls_ca.empty()
              ? settings.http.tls_ca
              : sagashop::tls::LocalCertificateFiles(settings.LocalTlsDir()).ca.string();
      curl += " --cacert " + ca;
    }
    const bool local_tokens = !settings.insecure && settings.auth.keys.empty();
    if (local_tokens) curl += " -H \"Authorization: Bearer $TOKEN\"";
    const std::string origin =
        scheme + "://" + settings.http.host + ":" + std::to_string(settings.http.PortOf("order"));
    std::cout << "Try:\n";
    if (local_tokens) {
      std::cout << "  TOKEN=$(build/sagashop token --user 1001"
                << (settings.storage.data_dir == "data"
                        ? ""
                        : " --data-dir=" + settings.storage.data_dir)
                << ")\n";
    }
    std::cout << "  " << curl << " -X POST " << origin
              << "/orders -d '{\"userId\":1001,\"productId\":1,\"quantity\":1,\"amount\":50000,"
                 "\"address\":\"Seoul\"}'\n  "
              << curl << " " << origin << "/orders/1/saga\n";
  }
  std::cout << "Ctrl-C stops.\n" << std::flush;
}

// --service and --topic, on `dlt list` and `dlt replay` alike.
void AddSelectionOptions(CLI::App& command, DeadLetterSelection& selection) {
  command
      .add_option("--service", selection.services,
                  "Only dead letters of these services (order, payment, inventory, delivery)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->delimiter(',')
      ->envname("SAGASHOP_DLT_SERVICE");
  command
      .add_option("--topic", selection.topic,
                  "Only dead letters consumed from this topic, e.g. order.created.v1")
      ->envname("SAGASHOP_DLT_TOPIC");
}

int Serve(const Settings& settings, bool demo, int demo_orders) {
  const sigset_t signals = BlockShutdownSignals();
  // Every service's connections, and a margin for databases, the bus and the logs.
  const int services = settings.target == sagashop::app::Target::kAll ? 4 : 1;
  sagashop::app::RaiseOpenFileLimit(static_cast<std::uint64_t>(services) *
                                        static_cast<std::uint64_t>(settings.http.max_connections) +
                                    256);
  sagashop::app::System system(settings);
  system.Start();
  if (demo && settings.target == sagashop::app::Target::kAll) {
    sagashop::app::RunDemo(DemoOptionsFor(settings, demo_orders), std::cout);
  }
  if (settings.log.format == sagashop::app::LogFormat::kText) {
    PrintWelcome(settings);
  } else {
    // Every line of a JSON log is JSON; the addresses are in the services' "listening" lines.
    spdlog::info("sagashop is running ({} storage, {} bus, {} cache)",
                 NameOf(settings.storage.adapter), NameOf(settings.bus.adapter),
                 NameOf(settings.cache.adapter));
  }
  int received = 0;
  sigwait(&signals, &received);
  spdlog::info("received {}, shutting down", received == SIGINT ? "SIGINT" : "SIGTERM");
  system.Stop();
  spdlog::info("stopped");
  return EXIT_SUCCESS;
}

}  // namespace

namespace sagashop::app {

int RunProgram(int argc, char** argv) {
  CLI::App app{"sagashop: an order saga over Order, Payment, Inventory and Delivery services"};
  Settings settings;
  sagashop::app::AddSettingsOptions(app, settings);
  bool demo = false;
  int demo_orders = 40;
  app.add_flag("--demo", demo, "Run the demonstration once the services are up")
      ->envname(sagashop::app::EnvNameOf("--demo"));
  app.add_option("--demo-orders", demo_orders, "Orders the demonstration places")
      ->check(CLI::Range(4, 10000));
  CLI::App* demo_command =
      app.add_subcommand("demo", "Run the demonstration against a running system and exit");
  demo_command->fallthrough();  // sagashop demo --http-base-port=... reads the same settings
  CLI::App* verify_command = app.add_subcommand(
      "verify", "Check the invariants across the four services' databases; exit 1 if any fails");
  verify_command->fallthrough();
  int in_flight_seconds = 0;
  verify_command
      ->add_option("--in-flight-seconds", in_flight_seconds,
                   "Orders changed this recently may still be in flight")
      ->check(CLI::NonNegativeNumber);
  CLI::App* dlt_command = app.add_subcommand(
      "dlt", "Show and replay the events the services parked (their dead letters)");
  dlt_command->fallthrough();
  dlt_command->require_subcommand(1);
  sagashop::app::DltListOptions dlt_list;
  CLI::App* dlt_list_command = dlt_command->add_subcommand(
      "list", "List dead letters from the services' databases, oldest first");
  dlt_list_command->fallthrough();
  AddSelectionOptions(*dlt_list_command, dlt_list.selection);
  dlt_list_command
      ->add_option("--status", dlt_list.status, "Only parked, replay_requested or replayed ones")
      ->check(CLI::IsMember({"parked", "replay_requested", "replayed"}))
      ->envname("SAGASHOP_DLT_STATUS");
  dlt_list_command->add_flag("--json", dlt_list.json, "Print one JSON array")
      ->envname("SAGASHOP_DLT_JSON");
  sagashop::app::DltReplayOptions dlt_replay;
  CLI::App* dlt_replay_command = dlt_command->add_subcommand(
      "replay", "Publish dead letters again to their original topics, as the same events");
  dlt_replay_command->fallthrough();
  AddSelectionOptions(*dlt_replay_command, dlt_replay.selection);
  dlt_replay_command->add_option("ids", dlt_replay.names, "Dead letters to replay, e.g. order-3");
  dlt_replay_command
      ->add_flag("--all", dlt_replay.all, "Every parked dead letter (of --service, --topic)")
      ->envname("SAGASHOP_DLT_REPLAY_ALL");
  int dlt_wait_seconds = 30;
  dlt_replay_command
      ->add_option("--wait-seconds", dlt_wait_seconds,
                   "How long to wait for the services to publish the replays; 0 only requests")
      ->check(CLI::Range(0, 3600))
      ->envname("SAGASHOP_DLT_WAIT_SECONDS");
  CLI::App* data_keys_command = app.add_subcommand(
      "data-keys", "Manage the keys that seal personal data at rest (docs/security.md)");
  data_keys_command->fallthrough();
  data_keys_command->require_subcommand(1);
  CLI::App* data_keys_new_command = data_keys_command->add_subcommand(
      "new", "Add a new data key to the key file and make it active (or make the file)");
  data_keys_new_command->fallthrough();
  CLI::App* data_keys_rotate_command = data_keys_command->add_subcommand(
      "rotate", "Seal every stored personal value again under the active key, in batches");
  data_keys_rotate_command->fallthrough();
  int rotate_batch_size = 500;
  data_keys_rotate_command
      ->add_option("--batch-size", rotate_batch_size, "Rows sealed again per transaction")
      ->check(CLI::Range(1, 100000))
      ->envname("SAGASHOP_ROTATE_BATCH_SIZE");
  sagashop::bench::BenchOptions bench_options;
  CLI::App* bench_command = sagashop::app::AddBenchCommand(app, bench_options);
  sagashop::app::OutsideWorldOptions outside_world_options;
  CLI::App* outside_world_command =
      sagashop::app::AddOutsideWorldCommand(app, outside_world_options);
  sagashop::app::TokenOptions token_options;
  CLI::App* token_command = sagashop::app::AddTokenCommand(app, token_options);
  CLI::App* console_command = sagashop::app::AddConsoleCommand(app);
  std::string local_ca_dir = "data/tls";
  CLI::App* local_ca_command = app.add_subcommand(
      "local-ca",
      "Make a local CA and an HTTPS certificate for 127.0.0.1 and localhost in --dir, unless "
      "there; print the files (what embedded mode does on its first start)");
  local_ca_command->add_option("--dir", local_ca_dir, "Folder of the files")->capture_default_str();
  // verify, dlt and bench find the system started here when not told which (before parsing:
  // what they find becomes the settings' environment).
  const sagashop::app::SystemOrigin origin = sagashop::app::AdoptRunningSystem(argc, argv);
  CLI11_PARSE(app, argc, argv);
  const bool serving = !*verify_command && !*dlt_command && !*bench_command && !*demo_command &&
                       !*outside_world_command && !*token_command && !*data_keys_command &&
                       !*local_ca_command && !*console_command;
  try {
    if (serving) {
      settings.ValidateServing();
    } else {
      settings.Validate();
    }
  } catch (const std::invalid_argument& error) {
    std::cerr << "sagashop: invalid setting: " << error.what() << "\n";
    return 2;
  }
  // The simulator is a server: its log keeps the servers' format.
  if (!serving && !*outside_world_command && app.get_option("--log-format")->count() == 0 &&
      std::getenv("SAGASHOP_LOG_FORMAT") == nullptr) {
    // A command's few lines are read by the person who ran it.
    settings.log.format = sagashop::app::LogFormat::kText;
  }
  sagashop::log::ConfigureLogging(
      {.format = settings.log.format,
       .level = std::string(NameOf(settings.log.level)),
       .default_service = *outside_world_command ? "outside-world"
                          : settings.target == sagashop::app::Target::kAll || !serving
                              ? "sagashop"
                              : settings.Services().front()});
  if (*verify_command || *dlt_command || *bench_command) {
    const std::string tool = app.get_subcommands().front()->get_name();
    std::string looking_at;
    try {
      looking_at = sagashop::app::DescribeSystem(settings, origin, tool);
    } catch (const std::invalid_argument& error) {
      std::cerr << "sagashop " << tool << ": " << error.what() << "\n";
      return 2;
    }
    // The first line says which system; a JSON list keeps stdout to itself.
    (dlt_list.json ? std::cerr : std::cout) << tool << ": " << looking_at << "\n";
  }
  try {
    if (*verify_command) {
      return sagashop::app::RunVerify(settings, std::chrono::seconds(in_flight_seconds), std::cout);
    }
    if (*dlt_list_command) return sagashop::app::RunDltList(settings, dlt_list, std::cout);
    if (*dlt_replay_command) {
      dlt_replay.wait = std::chrono::seconds(dlt_wait_seconds);
      return sagashop::app::RunDltReplay(settings, dlt_replay, std::cout);
    }
    if (*data_keys_new_command) return sagashop::app::RunDataKeysNew(settings, std::cout);
    if (*data_keys_rotate_command) {
      return sagashop::app::RunDataKeysRotate(settings, rotate_batch_size, std::cout);
    }
    if (*bench_command) {
      return sagashop::app::RunBenchCommand(settings, bench_options, std::cout);
    }
    if (*token_command) return sagashop::app::RunToken(settings, token_options, std::cout);
    if (*local_ca_command) {
      const sagashop::tls::TlsFiles files = sagashop::tls::EnsureLocalCertificates(local_ca_dir);
      std::cout << "ca " << files.ca.string() << "\ncertificate " << files.certificate.string()
                << "\nkey " << files.private_key.string() << "\n";
      return EXIT_SUCCESS;
    }
    if (*console_command) return sagashop::app::RunConsole(settings, BlockShutdownSignals());
    if (*outside_world_command) {
      return sagashop::app::RunOutsideWorld(outside_world_options, BlockShutdownSignals());
    }
    if (*demo_command) {
      const auto report = sagashop::app::RunDemo(DemoOptionsFor(settings, demo_orders), std::cout);
      return report.Succeeded() ? EXIT_SUCCESS : EXIT_FAILURE;
    }
    return Serve(settings, demo, demo_orders);
  } catch (const std::exception& error) {
    spdlog::critical("sagashop failed: {}", error.what());
    return EXIT_FAILURE;
  }
}

}  // namespace sagashop::app
