#pragma once

#include <chrono>
#include <ostream>

#include "app/settings.h"

namespace sagashop::app {

// `sagashop verify`: reads the four services' databases (of either storage) and prints every
// invariant violation with its order or product. Returns the process exit status: 0 when all
// hold. Orders changed within `in_flight` may still be in flight and need not be final yet.
int RunVerify(const Settings& settings, std::chrono::seconds in_flight, std::ostream& out);

}  // namespace sagashop::app
