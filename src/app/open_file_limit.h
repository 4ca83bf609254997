#pragma once

#include <cstdint>

namespace sagashop::app {

// Raises the process's soft limit of open files to its hard limit (many distributions start
// processes at 1,024 while allowing far more), and warns when even that is below `needed`: every
// connection a server keeps open is a file. Logs what it did; never fails the start.
void RaiseOpenFileLimit(std::uint64_t needed);

}  // namespace sagashop::app
