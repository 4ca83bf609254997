#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>

#include "app/settings.h"

namespace sagashop::app {

// Declares every setting as a flag with its SAGASHOP_* environment variable, bound to `settings`.
void AddSettingsOptions(CLI::App& app, Settings& settings);

// The environment variable of a setting's flag: "SAGASHOP_" and the flag's name without "--", in
// capitals, '-' as '_' (--http-base-port: SAGASHOP_HTTP_BASE_PORT).
std::string EnvNameOf(std::string_view flag);

}  // namespace sagashop::app
