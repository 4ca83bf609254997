#include "app/verify_command.h"

#include <chrono>

#include "app/service_database.h"
#include "platform/core/timestamp.h"
#include "verify/invariants.h"
#include "verify/snapshot_reader.h"

namespace sagashop::app {

int RunVerify(const Settings& settings, std::chrono::seconds in_flight, std::ostream& out) {
  const auto started = std::chrono::steady_clock::now();
  const auto order = OpenServiceDatabase(settings, "order");
  const auto payment = OpenServiceDatabase(settings, "payment");
  const auto inventory = OpenServiceDatabase(settings, "inventory");
  const auto delivery = OpenServiceDatabase(settings, "delivery");
  const verify::Snapshot snapshot = verify::ReadSnapshot(*order, *payment, *inventory, *delivery);
  verify::CheckOptions options;
  if (in_flight.count() > 0) {
    options.in_flight_since = FormatRfc3339(std::chrono::system_clock::now() - in_flight);
  }
  const std::vector<verify::Violation> violations = verify::CheckInvariants(snapshot, options);
  for (const verify::Violation& violation : violations) {
    out << "VIOLATION " << violation.invariant;
    if (violation.order_id != 0) out << " order=" << violation.order_id;
    if (violation.product_id != 0) out << " product=" << violation.product_id;
    out << ": " << violation.detail << "\n";
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  out << "verify: " << snapshot.orders.size() << " orders, " << snapshot.payments.size()
      << " payments, " << snapshot.reservations.size() << " reservations, "
      << snapshot.deliveries.size() << " deliveries, " << snapshot.stock.size()
      << " products checked in " << seconds << " s: "
      << (violations.empty() ? "every invariant holds"
                             : std::to_string(violations.size()) + " violation(s)")
      << "\n";
  return violations.empty() ? 0 : 1;
}

}  // namespace sagashop::app
