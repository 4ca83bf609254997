#pragma once

#include <string>
#include <string_view>

namespace sagashop::log {

// Masking of what must never reach a log: delivery addresses and payment details (card numbers,
// payment methods). Used where such data could be logged (request bodies, event payloads, error
// messages that echo input), and by both log formatters on every message, as a last line of
// defence. All functions are idempotent: masking masked text changes nothing.

inline constexpr std::string_view kMasked = "***";

// An address as it may be logged: nothing of it.
inline std::string MaskAddress(std::string_view /*address*/) {
  return std::string(kMasked);
}

// Every card number in `text` (13 to 19 digits, optionally grouped by single spaces or dashes,
// passing the Luhn check, standing apart from letters and digits) with all but its last four
// digits replaced by '*', e.g. "4111 1111 1111 1111" -> "**** **** **** 1111".
std::string MaskCardNumbers(std::string_view text);

// In JSON (or text quoting JSON), the value of every member whose name is a sensitive one
// ("address", "paymentMethod", "paymentType", "cardNumber", "cvv", ...; case-insensitive) replaced
// by "***", whatever it is (a string, a number, an object of parts). Works on fragments and on
// malformed JSON too: it looks for `"name" :` and masks the value after it.
std::string MaskSensitiveJsonFields(std::string_view text);

// PostgreSQL quotes a whole row in constraint errors ("Failing row contains (1, 1001, Seoul,
// ...)"); the row is replaced by "(***)".
std::string MaskFailingRows(std::string_view text);

// All of the above.
std::string MaskSensitive(std::string_view text);

}  // namespace sagashop::log
