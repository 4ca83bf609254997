#pragma once

#include <CLI/CLI.hpp>

#include "app/settings.h"

namespace sagashop::app {

// Declares every setting as a flag with its SAGASHOP_* environment variable, bound to `settings`.
void AddSettingsOptions(CLI::App& app, Settings& settings);

}  // namespace sagashop::app
