#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "platform/crypto/field_cipher.h"
#include "platform/crypto/sealed_column.h"
#include "platform/db/database.h"

namespace sagashop::crypto {

// How one pass over a sealed column went.
struct ResealCount {
  std::int64_t examined = 0;           // rows read
  std::int64_t resealed = 0;           // rows now under the active key that were not
  std::int64_t changed_meanwhile = 0;  // rows a writer changed between our read and our update
};

// Seals a column's values again under the cipher's active key (clear values from before sealing
// included), `batch_size` rows at a time while the services run: each batch is read in one short
// transaction and written in another, and a row is updated only where it still holds the value
// read, so a concurrent writer always wins. A row so skipped is counted; it was written since,
// under the active key unless its writer had not read the key file again yet: a later pass
// catches it.
class ColumnResealer {
 public:
  ColumnResealer(db::Database& database, const FieldCipher& cipher, SealedColumn column,
                 db::Dialect dialect);

  // One pass over the whole column; `on_batch` is told the running count after each batch.
  ResealCount Pass(int batch_size, const std::function<void(const ResealCount&)>& on_batch = {});

  // How many non-NULL values of the column are not under the active key (reads every row).
  std::int64_t CountNotUnderActiveKey(int batch_size);

 private:
  struct Row {
    std::int64_t key = 0;
    std::string stored;  // the column as read
    std::string sealed;  // the value in it (the column itself, or its JSON member); "" if none
  };
  std::vector<Row> ReadBatch(std::int64_t after, int batch_size);
  std::string WithValue(const Row& row, const std::string& sealed) const;

  db::Database& database_;
  const FieldCipher& cipher_;
  SealedColumn column_;
  std::string select_name_;
  std::string select_sql_;
  std::string update_name_;
  std::string update_sql_;
};

}  // namespace sagashop::crypto
