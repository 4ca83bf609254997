#pragma once

#include <CLI/CLI.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "app/settings.h"

namespace sagashop::app {

struct TokenOptions {
  std::string user;                 // a customer: sub = this user id
  std::string subject;              // anyone else: an operator, a stock-keeping job
  std::vector<std::string> scopes;  // "ops", "inventory:write"
  int ttl_minutes = 60;
};

// `sagashop token`: prints a bearer token signed with embedded mode's own key (docs/security.md).
CLI::App* AddTokenCommand(CLI::App& app, TokenOptions& options);
int RunToken(const Settings& settings, const TokenOptions& options, std::ostream& out);

}  // namespace sagashop::app
