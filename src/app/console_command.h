#pragma once

#include <CLI/CLI.hpp>
#include <csignal>
#include <string>

#include "app/settings.h"

namespace sagashop::app {

// `sagashop console`: serves the saga console (docs/console.md) in front of the four services on
// --http-base-port and the next three, as distributed mode runs them; embedded mode serves it
// itself.
CLI::App* AddConsoleCommand(CLI::App& app);
// Serves until SIGINT or SIGTERM (blocked in `signals`). Returns the process exit status.
int RunConsole(const Settings& settings, const sigset_t& signals);

// The address a person opens: the console's, with an operator's token in its fragment (which the
// browser never sends; the page keeps it for the tab) when there is one to give: --token, or one
// signed now, valid 12 hours, with the local key of --data-dir when it has one. Without, the page
// asks for a token.
std::string ConsoleLink(const Settings& settings);

}  // namespace sagashop::app
