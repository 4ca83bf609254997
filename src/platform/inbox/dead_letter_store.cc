#include "platform/inbox/dead_letter_store.h"

#include <stdexcept>

#include "platform/core/timestamp.h"
#include "platform/core/utf8.h"
#include "platform/inbox/dead_letter_codec.h"

namespace sagashop::inbox {
namespace {

#define SAGASHOP_DEAD_LETTER_COLUMNS                                                             \
  "id, consumer, event_id, event_type, topic, source_partition, source_offset, message_key, "    \
  "key_encoding, message_value, value_encoding, headers, error, error_class, attempts, status, " \
  "parked_at, replay_requested_at, replayed_at"

constexpr db::Query kInsert{
    "dead_letter_insert",
    "INSERT INTO dead_letters (consumer, event_id, event_type, topic, source_partition, "
    "source_offset, message_key, key_encoding, message_value, value_encoding, headers, error, "
    "error_class, attempts, status, parked_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'PARKED', $15) "
    "RETURNING id"};

constexpr db::Query kList{"dead_letter_list",
                          "SELECT " SAGASHOP_DEAD_LETTER_COLUMNS
                          " FROM dead_letters WHERE ($1 = '' OR topic = $1) "
                          "AND ($2 = '' OR status = $2) AND id > $3 ORDER BY id LIMIT $4"};

constexpr db::Query kFind{
    "dead_letter_find", "SELECT " SAGASHOP_DEAD_LETTER_COLUMNS " FROM dead_letters WHERE id = $1"};

constexpr db::Query kRequestReplay{
    "dead_letter_request_replay",
    "UPDATE dead_letters SET status = 'REPLAY_REQUESTED', replay_requested_at = $2 "
    "WHERE id = $1 AND status = 'PARKED'"};

constexpr db::Query kReplayRequests{"dead_letter_replay_requests",
                                    "SELECT " SAGASHOP_DEAD_LETTER_COLUMNS
                                    " FROM dead_letters WHERE status = 'REPLAY_REQUESTED' "
                                    "ORDER BY id LIMIT $1"};

constexpr db::Query kMarkReplayed{"dead_letter_mark_replayed",
                                  "UPDATE dead_letters SET status = 'REPLAYED', replayed_at = $2 "
                                  "WHERE id = $1 AND status = 'REPLAY_REQUESTED'"};

constexpr db::Query kForgetInInbox{
    "dead_letter_forget_in_inbox",
    "DELETE FROM inbox_events WHERE event_id = $1 AND status = 'DEAD_LETTERED'"};

#undef SAGASHOP_DEAD_LETTER_COLUMNS

std::optional<std::string> OptionalTime(const db::ResultSet& rows, std::size_t row,
                                        std::size_t column) {
  std::optional<std::string> text = rows.OptionalText(row, column);
  if (text) return NormalizeTimestamp(*text);
  return std::nullopt;
}

DeadLetter ReadRow(const db::ResultSet& rows, std::size_t row) {
  DeadLetter dead_letter;
  dead_letter.id = rows.Int64(row, 0);
  dead_letter.consumer = rows.Text(row, 1);
  dead_letter.event_id = rows.Text(row, 2);
  dead_letter.event_type = rows.Text(row, 3);
  dead_letter.topic = rows.Text(row, 4);
  dead_letter.partition = static_cast<std::int32_t>(rows.Int64(row, 5));
  dead_letter.offset = rows.Int64(row, 6);
  dead_letter.key = LoadBytes({rows.Text(row, 7), rows.Text(row, 8)});
  dead_letter.value = LoadBytes({rows.Text(row, 9), rows.Text(row, 10)});
  dead_letter.headers = HeadersFromJson(rows.Text(row, 11));
  dead_letter.error = rows.Text(row, 12);
  dead_letter.error_class = rows.Text(row, 13);
  dead_letter.attempts = static_cast<int>(rows.Int64(row, 14));
  const std::optional<DeadLetterStatus> status = ParseDeadLetterStatus(rows.Text(row, 15));
  if (!status) throw std::logic_error("dead letter with status " + rows.Text(row, 15));
  dead_letter.status = *status;
  dead_letter.parked_at = NormalizeTimestamp(rows.Text(row, 16));
  dead_letter.replay_requested_at = OptionalTime(rows, row, 17);
  dead_letter.replayed_at = OptionalTime(rows, row, 18);
  return dead_letter;
}

std::vector<DeadLetter> ReadRows(const db::ResultSet& rows) {
  std::vector<DeadLetter> dead_letters;
  dead_letters.reserve(rows.RowCount());
  for (std::size_t row = 0; row < rows.RowCount(); ++row) {
    dead_letters.push_back(ReadRow(rows, row));
  }
  return dead_letters;
}

}  // namespace

std::int64_t DeadLetterStore::Insert(const DeadLetter& dead_letter) {
  const StoredBytes key = StoreBytes(dead_letter.key);
  const StoredBytes value = StoreBytes(dead_letter.value);
  // Ids, types and errors come from the message or quote it: stored lossily rather than not at all.
  const db::ResultSet inserted = tx_.Execute(
      kInsert,
      {dead_letter.consumer, ToStorableText(dead_letter.event_id),
       ToStorableText(dead_letter.event_type), ToStorableText(dead_letter.topic),
       std::int64_t{dead_letter.partition}, dead_letter.offset, key.text, key.encoding, value.text,
       value.encoding, HeadersToJson(dead_letter.headers), ToStorableText(dead_letter.error),
       dead_letter.error_class, std::int64_t{dead_letter.attempts}, dead_letter.parked_at});
  return inserted.Int64(0, 0);
}

std::vector<DeadLetter> DeadLetterStore::List(const DeadLetterFilter& filter) {
  return ReadRows(tx_.Execute(
      kList, {filter.topic, filter.status ? std::string(ToString(*filter.status)) : std::string(),
              filter.after_id, filter.limit}));
}

std::optional<DeadLetter> DeadLetterStore::Find(std::int64_t id) {
  const db::ResultSet rows = tx_.Execute(kFind, {id});
  if (rows.Empty()) return std::nullopt;
  return ReadRow(rows, 0);
}

bool DeadLetterStore::RequestReplay(std::int64_t id, const std::string& now) {
  return tx_.Execute(kRequestReplay, {id, now}).AffectedRows() == 1;
}

std::vector<DeadLetter> DeadLetterStore::ReplayRequests(std::size_t limit) {
  return ReadRows(tx_.Execute(kReplayRequests, {static_cast<std::int64_t>(limit)}));
}

void DeadLetterStore::MarkReplayed(std::int64_t id, const std::string& now) {
  tx_.Execute(kMarkReplayed, {id, now});
}

void DeadLetterStore::ForgetDeadLetteredInInbox(const std::string& event_id) {
  tx_.Execute(kForgetInInbox, {event_id});
}

std::string DeadLetterChannel(std::string_view service) {
  return "sagashop_dead_letters_" + std::string(service);
}

}  // namespace sagashop::inbox
