#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "platform/db/transaction.h"
#include "services/inventory/domain/product_put_plan.h"
#include "services/inventory/domain/reservation_batch.h"
#include "services/inventory/inventory_repository.h"

namespace sagashop::inventory {

// What a batch's order.created.v1 and payment.completed.v1 say about one order line, merged.
struct LineUpdate {
  std::int64_t order_id = 0;
  std::optional<std::int64_t> product_id;  // from order.created.v1
  std::optional<std::int64_t> quantity;
  std::optional<std::int64_t> user_id;  // whose order it is, from order.created.v1
  bool paid = false;                    // payment.completed.v1 arrived
};

// A product's new stock level, written only if its row still has `expected_version`.
struct StockWrite {
  std::int64_t product_id = 0;
  StockLevel level;
  std::int64_t expected_version = 0;
};

// A restocked product's name and available quantity, written only if its row still has
// `expected_version`; its reserved units are left as they are.
struct ProductWrite {
  std::int64_t product_id = 0;
  std::string product_name;
  std::int64_t available = 0;
  std::int64_t expected_version = 0;
};

// A row of the stock ledger: a change of stock from outside the saga.
struct StockAdjustment {
  std::int64_t product_id = 0;
  std::int64_t delta = 0;
  std::string kind;  // CREATE or RESTOCK
};

struct CommittedReservation {
  std::int64_t order_id = 0;
  CommittedUnits units;
};

struct LineOutcome {
  std::int64_t order_id = 0;
  std::string outcome;  // RESERVED or REJECTED
};

// The Inventory service's tables a whole batch at a time (a consumer batch, a group of PUTs),
// within one transaction: each call is one statement however many rows it carries (db::RowBatch).
class InventoryBatchRepository {
 public:
  explicit InventoryBatchRepository(db::Transaction& tx) : tx_(tx) {}

  // Records the updates (at most one per order) and returns every line they touched, as it now
  // is. A product or quantity already known is kept when an update has none; paid never reverts.
  std::vector<LineState> UpsertOrderLines(std::span<const LineUpdate> updates,
                                          const std::string& now);

  // RESERVED -> COMMITTED for the reservations of `order_ids`; returns those it moved.
  std::vector<CommittedReservation> CommitReservationsOf(std::span<const std::int64_t> order_ids,
                                                         const std::string& now);

  // The stock rows of `product_ids` that exist, by product id; on PostgreSQL locked until the
  // transaction ends, in product order so that concurrent batches cannot deadlock.
  std::map<std::int64_t, ProductStock> LockStock(std::span<const std::int64_t> product_ids);

  // Returns how many rows were written: fewer than asked when a version had changed.
  std::int64_t WriteStock(std::span<const StockWrite> writes, const std::string& now);

  // Inserts new products with nothing reserved, version 0, created and updated at `now`. A product
  // that exists already is a constraint error (db::DbError).
  void InsertProducts(std::span<const ProductPut> products, const std::string& now);

  // Returns how many rows were written: fewer than asked when a version had changed.
  std::int64_t WriteProducts(std::span<const ProductWrite> writes, const std::string& now);

  void RecordAdjustments(std::span<const StockAdjustment> adjustments, const std::string& now);

  // Inserts RESERVED reservations; returns each one's id by order id.
  std::map<std::int64_t, std::int64_t> InsertReservations(
      std::span<const ReservationRecord> reservations, const std::string& now);

  void SetOutcomes(std::span<const LineOutcome> outcomes);

 private:
  db::Transaction& tx_;
};

}  // namespace sagashop::inventory
