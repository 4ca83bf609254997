#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "verify/snapshot.h"

namespace sagashop::verify {

struct Violation {
  std::string invariant;      // e.g. "one-payment"
  std::int64_t order_id = 0;  // 0 when it concerns a product or a total
  std::int64_t product_id = 0;
  std::string detail;
};

struct CheckOptions {
  // Orders last changed at or after this RFC 3339 time may still be in flight and are not
  // required to be final ("" requires every order to be final).
  std::string in_flight_since;
};

// Checks the invariants of docs/contracts.md, Invariants, across the four services' data. Pure:
// no I/O.
//   final:        every order is COMPLETED, CANCELED or FAILED (FAILED with a reason);
//   one-payment, one-reservation, one-delivery: at most one of each per order;
//   completed:    a COMPLETED order has a captured payment of its amount, a committed reservation
//                 and a started delivery;
//   canceled:     a CANCELED or FAILED order has no captured payment, no reservation held or
//                 committed, and no started delivery;
//   orphan:       no payment, reservation or delivery for an order that does not exist;
//   money:        captured, unrefunded payments add up to the amounts of COMPLETED orders;
//   stock:        per product, stock added = available + reserved + committed, and the
//                 reserved column equals the reservations held.
std::vector<Violation> CheckInvariants(const Snapshot& snapshot, const CheckOptions& options = {});

}  // namespace sagashop::verify
