#pragma once

#include <ostream>

#include "app/settings.h"

namespace sagashop::app {

// `sagashop data-keys new`: adds a new key to the data key file (--data-keys, or embedded mode's
// default) and makes it active, or makes the file with its first key. Running processes read the
// file again on its next use and seal with the new key from then on. Returns the exit status.
int RunDataKeysNew(const Settings& settings, std::ostream& out);

// `sagashop data-keys rotate`: seals every personal value of the services' databases (those of
// --target) again under the active key, `batch_size` rows per transaction, while the services
// run. Prints progress and a final count; exit status 0 once no value is left under another key
// (or in clear).
int RunDataKeysRotate(const Settings& settings, int batch_size, std::ostream& out);

}  // namespace sagashop::app
