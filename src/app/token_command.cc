#include "app/token_command.h"

#include <iostream>

#include "app/local_tokens.h"

namespace sagashop::app {

CLI::App* AddTokenCommand(CLI::App& app, TokenOptions& options) {
  CLI::App* command = app.add_subcommand(
      "token", "Print a bearer token signed with this data folder's own key (embedded mode)");
  command->fallthrough();  // --data-dir and --auth-audience are the system's settings
  auto* user = command->add_option("--user", options.user, "A customer's user id: sub")
                   ->check(CLI::PositiveNumber);
  auto* subject = command->add_option("--subject", options.subject,
                                      "Whom the token names when it is not a customer's, e.g. ops");
  user->excludes(subject);
  command
      ->add_option("--scope", options.scopes,
                   "A scope to grant: ops (operator endpoints, every user's resources), "
                   "inventory:write (restocking); repeatable")
      ->check(CLI::IsMember({"ops", "inventory:write"}));
  command->add_option("--ttl-minutes", options.ttl_minutes, "How long the token is valid")
      ->check(CLI::Range(1, 7 * 24 * 60));
  return command;
}

int RunToken(const Settings& settings, const TokenOptions& options, std::ostream& out) {
  if (options.user.empty() && options.subject.empty()) {
    std::cerr << "sagashop token: say whom it is for: --user <id> for a customer, or --subject "
                 "<name> with --scope\n";
    return 2;
  }
  if (!settings.Embedded() || !settings.auth.keys.empty()) {
    std::cerr << "sagashop token: signs with embedded mode's own key; a system started with "
                 "--auth-keys accepts the tokens of its identity provider instead\n";
    return 2;
  }
  out << IssueLocalToken(settings.storage.data_dir,
                         {.subject = options.user.empty() ? options.subject : options.user,
                          .scopes = options.scopes,
                          .lifetime = std::chrono::minutes(options.ttl_minutes),
                          .audience = settings.auth.audience})
      << "\n";
  return 0;
}

}  // namespace sagashop::app
