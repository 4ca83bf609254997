#pragma once

#include <span>
#include <string_view>

#include "platform/core/embedded_file.h"

namespace sagashop::console {

// src/console/assets/ as CMake compiled it in (src/console/CMakeLists.txt).
std::span<const EmbeddedFile> ConsoleFiles();

// The Content-Type of a file by its extension; application/octet-stream for an unknown one.
std::string_view ContentTypeOf(std::string_view name);

}  // namespace sagashop::console
