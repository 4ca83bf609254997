#include "platform/crypto/column_resealer.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace sagashop::crypto {
namespace {

// The JSON member `name` of `text` when it is a string; "" otherwise.
std::string MemberOf(const std::string& text, std::string_view name) {
  boost::system::error_code error;
  const boost::json::value value = boost::json::parse(text, error);
  if (error || !value.is_object()) return "";
  const boost::json::value* member = value.as_object().if_contains(name);
  if (member == nullptr || !member->is_string()) return "";
  return std::string(member->as_string());
}

}  // namespace

ColumnResealer::ColumnResealer(db::Database& database, const FieldCipher& cipher,
                               SealedColumn column, db::Dialect dialect)
    : database_(database), cipher_(cipher), column_(column) {
  const std::string table(column_.table), key(column_.key), value(column_.column);
  const bool jsonb = column_.jsonb && dialect == db::Dialect::kPostgres;
  const std::string where =
      column_.only_where.empty() ? "" : " AND (" + std::string(column_.only_where) + ")";
  select_name_ = "reseal_read_" + table + "_" + value;
  select_sql_ = "SELECT " + key + ", " + value + (jsonb ? "::text" : "") + " FROM " + table +
                " WHERE " + key + " > $1 AND " + value + " IS NOT NULL" + where + " ORDER BY " +
                key + " LIMIT $2";
  update_name_ = "reseal_write_" + table + "_" + value;
  const std::string cast = jsonb ? "::jsonb" : "";
  update_sql_ = "UPDATE " + table + " SET " + value + " = $1" + cast + " WHERE " + key +
                " = $2 AND " + value + " = $3" + cast;
}

std::vector<ColumnResealer::Row> ColumnResealer::ReadBatch(std::int64_t after, int batch_size) {
  const std::unique_ptr<db::Transaction> tx = database_.BeginRead();
  const db::ResultSet rows = tx->Execute(db::Query{select_name_, select_sql_},
                                         {after, static_cast<std::int64_t>(batch_size)});
  tx->Commit();
  std::vector<Row> batch;
  batch.reserve(rows.RowCount());
  for (std::size_t i = 0; i < rows.RowCount(); ++i) {
    Row row{.key = rows.Int64(i, 0), .stored = rows.Text(i, 1), .sealed = ""};
    row.sealed =
        column_.json_member.empty() ? row.stored : MemberOf(row.stored, column_.json_member);
    batch.push_back(std::move(row));
  }
  return batch;
}

std::string ColumnResealer::WithValue(const Row& row, const std::string& sealed) const {
  if (column_.json_member.empty()) return sealed;
  boost::json::value value = boost::json::parse(row.stored);
  value.as_object()[column_.json_member] = sealed;
  return boost::json::serialize(value);
}

ResealCount ColumnResealer::Pass(int batch_size,
                                 const std::function<void(const ResealCount&)>& on_batch) {
  ResealCount count;
  std::int64_t after = std::numeric_limits<std::int64_t>::min();
  for (;;) {
    const std::vector<Row> batch = ReadBatch(after, batch_size);
    if (batch.empty()) break;
    after = batch.back().key;
    count.examined += static_cast<std::int64_t>(batch.size());
    std::vector<std::pair<const Row*, std::string>> updates;
    for (const Row& row : batch) {
      if (row.sealed.empty() && !column_.json_member.empty()) continue;  // holds no address
      if (cipher_.IsUnderActiveKey(row.sealed)) continue;
      updates.emplace_back(&row, WithValue(row, cipher_.Seal(cipher_.Open(row.sealed))));
    }
    if (!updates.empty()) {
      const std::unique_ptr<db::Transaction> tx = database_.Begin();
      std::int64_t written = 0;
      for (const auto& [row, stored] : updates) {
        written +=
            tx->Execute(db::Query{update_name_, update_sql_}, {stored, row->key, row->stored})
                .AffectedRows();
      }
      tx->Commit();
      count.resealed += written;
      count.changed_meanwhile += static_cast<std::int64_t>(updates.size()) - written;
    }
    if (on_batch) on_batch(count);
  }
  return count;
}

std::int64_t ColumnResealer::CountNotUnderActiveKey(int batch_size) {
  std::int64_t left = 0;
  std::int64_t after = std::numeric_limits<std::int64_t>::min();
  for (;;) {
    const std::vector<Row> batch = ReadBatch(after, batch_size);
    if (batch.empty()) break;
    after = batch.back().key;
    for (const Row& row : batch) {
      if (row.sealed.empty() && !column_.json_member.empty()) continue;
      if (!cipher_.IsUnderActiveKey(row.sealed)) ++left;
    }
  }
  return left;
}

}  // namespace sagashop::crypto
