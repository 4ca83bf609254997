#include "app/data_keys_command.h"

#include <chrono>
#include <filesystem>
#include <span>
#include <stdexcept>

#include "app/service_database.h"
#include "platform/crypto/column_resealer.h"
#include "platform/crypto/data_key_file.h"
#include "platform/db/db_error.h"
#include "services/delivery/delivery_migrations.h"
#include "services/order/order_migrations.h"
#include "services/payment/payment_migrations.h"

namespace sagashop::app {
namespace {

std::string KeyFileOf(const Settings& settings) {
  std::string path = settings.storage.DataKeyFile();
  if (path.empty()) {
    throw std::invalid_argument("--data-keys (SAGASHOP_DATA_KEYS) names the data key file");
  }
  return path;
}

std::span<const crypto::SealedColumn> SealedColumnsOf(const std::string& service) {
  if (service == "order") return order::OrderSealedColumns();
  if (service == "payment") return payment::PaymentSealedColumns();
  if (service == "delivery") return delivery::DeliverySealedColumns();
  return {};  // Inventory keeps nothing personal
}

std::string NameOf(const std::string& service, const crypto::SealedColumn& column) {
  std::string name = service + " " + std::string(column.table) + "." + std::string(column.column);
  if (!column.json_member.empty()) name += "." + std::string(column.json_member);
  return name;
}

// A pass that met concurrent writers is followed by another, this many at most.
constexpr int kMaxPasses = 3;

}  // namespace

int RunDataKeysNew(const Settings& settings, std::ostream& out) {
  const std::string path = KeyFileOf(settings);
  if (crypto::CreateKeyFileIfMissing(path)) {
    out << "data-keys: made " << path << " with key k1 (active)\n";
    return 0;
  }
  const crypto::DataKey key = crypto::AddActiveKey(path);
  out << "data-keys: added key " << key.id << " to " << path << "; it is active now.\n"
      << "Running processes seal with it from their next write. `sagashop data-keys rotate` "
         "seals the stored values again under it; keep the older keys until it reports none "
         "left.\n";
  return 0;
}

int RunDataKeysRotate(const Settings& settings, int batch_size, std::ostream& out) {
  const auto started = std::chrono::steady_clock::now();
  const std::string path = KeyFileOf(settings);
  if (!std::filesystem::exists(path)) {
    throw std::invalid_argument("data key file " + path + " does not exist");
  }
  const std::unique_ptr<crypto::FieldCipher> cipher = crypto::FieldCipher::FromFile(path);
  const db::Dialect dialect = settings.storage.adapter == Storage::kPostgres
                                  ? db::Dialect::kPostgres
                                  : db::Dialect::kSqlite;
  const std::string active = cipher->ActiveKeyId();
  out << "data-keys rotate: sealing personal data again under key " << active << ", " << batch_size
      << " rows per transaction\n";
  std::int64_t resealed = 0;
  std::int64_t left = 0;
  for (const std::string& service : settings.Services()) {
    const std::span<const crypto::SealedColumn> columns = SealedColumnsOf(service);
    if (columns.empty()) continue;
    const std::unique_ptr<db::Database> database = OpenServiceDatabase(settings, service);
    for (const crypto::SealedColumn& column : columns) {
      const std::string name = NameOf(service, column);
      try {
        crypto::ColumnResealer resealer(*database, *cipher, column, dialect);
        for (int pass = 1; pass <= kMaxPasses; ++pass) {
          const crypto::ResealCount count =
              resealer.Pass(batch_size, [&](const crypto::ResealCount& so_far) {
                out << "  " << name << ": " << so_far.examined << " read, " << so_far.resealed
                    << " sealed again\n"
                    << std::flush;
              });
          resealed += count.resealed;
          if (count.changed_meanwhile == 0) break;
          out << "  " << name << ": " << count.changed_meanwhile
              << " changed meanwhile, another pass\n";
        }
        const std::int64_t not_under = resealer.CountNotUnderActiveKey(batch_size);
        left += not_under;
        out << "  " << name << ": done, " << not_under << " not under " << active << "\n";
      } catch (const db::DbError& error) {
        // Most likely a database the service has not migrated yet (it does when it starts).
        throw std::runtime_error("the " + service + " database: " + error.what());
      }
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  out << "data-keys rotate: " << resealed << " value(s) sealed again under " << active << " in "
      << seconds << " s; " << left << " left under another key or in clear\n";
  return left == 0 ? 0 : 1;
}

}  // namespace sagashop::app
