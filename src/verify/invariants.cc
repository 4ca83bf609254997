#include "verify/invariants.h"

#include <map>
#include <unordered_map>

namespace sagashop::verify {
namespace {

// Everything the other services hold about one order.
struct Evidence {
  std::vector<const PaymentRow*> payments;
  std::vector<const ReservationRow*> reservations;
  std::vector<const DeliveryRow*> deliveries;
};

bool IsFinal(const std::string& status) {
  return status == "COMPLETED" || status == "CANCELED" || status == "FAILED";
}

template <typename Row>
int CountWithStatus(const std::vector<const Row*>& rows, const std::string& status) {
  int count = 0;
  for (const Row* row : rows) count += row->status == status ? 1 : 0;
  return count;
}

}  // namespace

std::vector<Violation> CheckInvariants(const Snapshot& snapshot, const CheckOptions& options) {
  std::vector<Violation> violations;
  auto report = [&](std::string invariant, std::int64_t order_id, std::string detail,
                    std::int64_t product_id = 0) {
    violations.push_back({std::move(invariant), order_id, product_id, std::move(detail)});
  };

  std::unordered_map<std::int64_t, Evidence> evidence;
  for (const PaymentRow& row : snapshot.payments) evidence[row.order_id].payments.push_back(&row);
  for (const ReservationRow& row : snapshot.reservations) {
    evidence[row.order_id].reservations.push_back(&row);
  }
  for (const DeliveryRow& row : snapshot.deliveries) {
    evidence[row.order_id].deliveries.push_back(&row);
  }

  std::unordered_map<std::int64_t, const OrderRow*> orders;
  std::int64_t completed_amount = 0;
  for (const OrderRow& order : snapshot.orders) {
    orders[order.id] = &order;
    const Evidence& of = evidence[order.id];
    if (of.payments.size() > 1) {
      report("one-payment", order.id, std::to_string(of.payments.size()) + " payments");
    }
    if (of.reservations.size() > 1) {
      report("one-reservation", order.id, std::to_string(of.reservations.size()) + " reservations");
    }
    if (of.deliveries.size() > 1) {
      report("one-delivery", order.id, std::to_string(of.deliveries.size()) + " deliveries");
    }
    if (!IsFinal(order.status)) {
      const bool may_be_in_flight =
          !options.in_flight_since.empty() && order.updated_at >= options.in_flight_since;
      if (!may_be_in_flight) report("final", order.id, "order is still " + order.status);
      continue;
    }
    if (order.status == "FAILED" && !order.reason) {
      report("final", order.id, "FAILED without a reason");
    }
    const int captured = CountWithStatus(of.payments, "COMPLETED");
    const int committed = CountWithStatus(of.reservations, "COMMITTED");
    const int held = CountWithStatus(of.reservations, "RESERVED");
    const int started = CountWithStatus(of.deliveries, "STARTED");
    if (order.status == "COMPLETED") {
      completed_amount += order.amount;
      if (captured != 1) report("completed", order.id, "no captured payment");
      for (const PaymentRow* payment : of.payments) {
        if (payment->status == "COMPLETED" && payment->amount != order.amount) {
          report("completed", order.id,
                 "payment of " + std::to_string(payment->amount) + " for an order of " +
                     std::to_string(order.amount));
        }
      }
      if (committed != 1) report("completed", order.id, "no committed reservation");
      if (started != 1) report("completed", order.id, "no started delivery");
    } else {
      if (captured > 0) report("canceled", order.id, "payment still captured (not refunded)");
      if (held + committed > 0) report("canceled", order.id, "stock still reserved or shipped");
      if (started > 0) report("canceled", order.id, "delivery started");
    }
  }

  for (const auto& [order_id, of] : evidence) {
    if (orders.contains(order_id)) continue;
    report("orphan", order_id,
           std::to_string(of.payments.size()) + " payments, " +
               std::to_string(of.reservations.size()) + " reservations, " +
               std::to_string(of.deliveries.size()) + " deliveries for an unknown order");
  }

  std::int64_t captured_amount = 0;
  for (const PaymentRow& payment : snapshot.payments) {
    if (payment.status == "COMPLETED") captured_amount += payment.amount;
  }
  if (captured_amount != completed_amount) {
    report("money", 0,
           "captured payments total " + std::to_string(captured_amount) +
               " but COMPLETED orders total " + std::to_string(completed_amount));
  }

  std::map<std::int64_t, std::pair<std::int64_t, std::int64_t>> reserved_committed;
  for (const ReservationRow& row : snapshot.reservations) {
    auto& [reserved, committed] = reserved_committed[row.product_id];
    if (row.status == "RESERVED") reserved += row.quantity;
    if (row.status == "COMMITTED") committed += row.quantity;
  }
  for (const StockRow& stock : snapshot.stock) {
    const auto [held, shipped] = reserved_committed[stock.product_id];
    const auto added = snapshot.stock_added.find(stock.product_id);
    const std::int64_t total_added = added == snapshot.stock_added.end() ? 0 : added->second;
    if (total_added != stock.available + stock.reserved + shipped) {
      report("stock", 0,
             "added " + std::to_string(total_added) + " != available " +
                 std::to_string(stock.available) + " + reserved " + std::to_string(stock.reserved) +
                 " + shipped " + std::to_string(shipped),
             stock.product_id);
    }
    if (stock.reserved != held) {
      report("stock", 0,
             "reserved column " + std::to_string(stock.reserved) + " != reservations held " +
                 std::to_string(held),
             stock.product_id);
    }
  }
  return violations;
}

}  // namespace sagashop::verify
