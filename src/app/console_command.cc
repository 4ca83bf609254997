#include "app/console_command.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>

#include "app/console_config.h"
#include "app/local_tokens.h"

namespace sagashop::app {

CLI::App* AddConsoleCommand(CLI::App& app) {
  CLI::App* command = app.add_subcommand(
      "console",
      "Serve the saga console on --console-port in front of the services on --http-base-port");
  command->fallthrough();  // sagashop console --http-base-port=... reads the same settings
  return command;
}

std::string ConsoleLink(const Settings& settings) {
  std::string token = settings.auth.token;
  if (token.empty() && !settings.insecure &&
      std::filesystem::exists(LocalKeyFilesIn(settings.storage.data_dir).private_key)) {
    token = IssueLocalToken(settings.storage.data_dir, {.subject = "sagashop-console",
                                                        .scopes = {"ops"},
                                                        .lifetime = std::chrono::hours(12),
                                                        .audience = settings.auth.audience});
  }
  const std::string address = ConsoleAddress(settings);
  return token.empty() ? address : address + "#token=" + token;
}

int RunConsole(const Settings& settings, const sigset_t& signals) {
  if (settings.http.console_port == 0) {
    std::cerr << "sagashop console: --console-port=0 turns the console off\n";
    return 2;
  }
  console::ConsoleServer console(ConsoleConfigOf(settings));
  console.Start();
  std::cout << "console    " << ConsoleLink(settings) << "\nCtrl-C stops.\n" << std::flush;
  int received = 0;
  sigwait(&signals, &received);
  spdlog::info("received {}, shutting down", received == SIGINT ? "SIGINT" : "SIGTERM");
  console.Stop();
  return EXIT_SUCCESS;
}

}  // namespace sagashop::app
