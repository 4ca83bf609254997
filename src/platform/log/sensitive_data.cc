#include "platform/log/sensitive_data.h"

#include <array>
#include <cctype>
#include <vector>

namespace sagashop::log {
namespace {

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

bool PassesLuhn(const std::vector<std::size_t>& digit_positions, std::string_view text) {
  int sum = 0;
  bool twice = false;
  for (auto it = digit_positions.rbegin(); it != digit_positions.rend(); ++it) {
    int digit = text[*it] - '0';
    if (twice) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    twice = !twice;
  }
  return sum % 10 == 0;
}

constexpr std::array<std::string_view, 12> kSensitiveNames = {
    "address",      "paymentmethod", "paymenttype", "payment_method",
    "payment_type", "cardnumber",    "card_number", "card",
    "pan",          "cvv",           "cvc",         "expiry"};

bool IsSensitiveName(std::string_view name) {
  for (std::string_view sensitive : kSensitiveNames) {
    if (name.size() != sensitive.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < name.size() && same; ++i) {
      same = std::tolower(static_cast<unsigned char>(name[i])) == sensitive[i];
    }
    if (same) return true;
  }
  return false;
}

// A quote and how a quote inside a quoted string is escaped: plain JSON, and JSON quoted inside
// a JSON string (an error message that carries a payload), where every quote is itself escaped.
struct Quoting {
  std::string_view quote;
  std::string_view escaped_quote;
};
constexpr std::array<Quoting, 2> kQuotings = {{{"\"", "\\\""}, {"\\\"", "\\\\\\\""}}};

bool IsSpace(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

// The position of the quote closing a string whose content starts at `from`, or npos.
std::size_t ClosingQuote(std::string_view text, std::size_t from, const Quoting& q) {
  for (std::size_t i = from; i < text.size(); ++i) {
    if (text.substr(i, q.escaped_quote.size()) == q.escaped_quote) {
      i += q.escaped_quote.size() - 1;
    } else if (text.substr(i, q.quote.size()) == q.quote) {
      return i;
    }
  }
  return std::string_view::npos;
}

// The end of a bare JSON value (number, true, null, ...) starting at `start`.
std::size_t EndOfBareValue(std::string_view text, std::size_t start) {
  std::size_t end = start;
  while (end < text.size() && text[end] != ',' && text[end] != '}' && text[end] != ']' &&
         text[end] != '\\' && !IsSpace(text[end])) {
    ++end;
  }
  return end;
}

// The end of the object or array opening at `open` (one past its closing bracket), strings inside
// it skipped; text.size() if it does not close.
std::size_t EndOfContainer(std::string_view text, std::size_t open, const Quoting& q) {
  int depth = 0;
  for (std::size_t i = open; i < text.size(); ++i) {
    if (text.substr(i, q.quote.size()) == q.quote) {
      const std::size_t close = ClosingQuote(text, i + q.quote.size(), q);
      if (close == std::string_view::npos) return text.size();
      i = close + q.quote.size() - 1;
    } else if (text[i] == '{' || text[i] == '[') {
      ++depth;
    } else if ((text[i] == '}' || text[i] == ']') && --depth == 0) {
      return i + 1;
    }
  }
  return text.size();
}

std::string MaskJsonFieldsQuoted(std::string_view text, const Quoting& q) {
  std::string out;
  out.reserve(text.size());
  std::size_t copied = 0;  // text before this is in `out`
  std::size_t i = text.find(q.quote);
  while (i != std::string_view::npos) {
    const std::size_t name_start = i + q.quote.size();
    const std::size_t name_close = ClosingQuote(text, name_start, q);
    if (name_close == std::string_view::npos) break;
    const std::string_view name = text.substr(name_start, name_close - name_start);
    std::size_t colon = name_close + q.quote.size();
    while (colon < text.size() && IsSpace(text[colon])) ++colon;
    if (colon >= text.size() || text[colon] != ':' || !IsSensitiveName(name)) {
      i = text.find(q.quote, name_close + q.quote.size());
      continue;
    }
    std::size_t value = colon + 1;
    while (value < text.size() && IsSpace(text[value])) ++value;
    std::size_t value_end = 0;
    if (text.substr(value, q.quote.size()) == q.quote) {
      const std::size_t value_close = ClosingQuote(text, value + q.quote.size(), q);
      value_end =
          value_close == std::string_view::npos ? text.size() : value_close + q.quote.size();
    } else if (value < text.size() && (text[value] == '{' || text[value] == '[')) {
      value_end = EndOfContainer(text, value, q);  // an address may come in parts
    } else if (value < text.size()) {
      value_end = EndOfBareValue(text, value);
    } else {
      break;
    }
    out.append(text.substr(copied, value - copied));
    out += q.quote;
    out += kMasked;
    out += q.quote;
    copied = value_end;
    i = text.find(q.quote, value_end);
  }
  out.append(text.substr(copied));
  return out;
}

}  // namespace

std::string MaskCardNumbers(std::string_view text) {
  std::string out(text);
  std::size_t i = 0;
  while (i < text.size()) {
    if (!IsDigit(text[i]) || (i > 0 && IsWordChar(text[i - 1]))) {
      ++i;
      continue;
    }
    // A run of digits, where a single space or dash may separate two digits.
    std::vector<std::size_t> digits;
    std::size_t end = i;
    while (end < text.size()) {
      if (IsDigit(text[end])) {
        digits.push_back(end);
        ++end;
      } else if ((text[end] == ' ' || text[end] == '-') && end + 1 < text.size() &&
                 IsDigit(text[end + 1])) {
        ++end;
      } else {
        break;
      }
    }
    const bool stands_apart = end == text.size() || !IsWordChar(text[end]);
    if (stands_apart && digits.size() >= 13 && digits.size() <= 19 && PassesLuhn(digits, text)) {
      for (std::size_t d = 0; d + 4 < digits.size(); ++d) out[digits[d]] = '*';
    }
    i = end;
  }
  return out;
}

std::string MaskSensitiveJsonFields(std::string_view text) {
  std::string out(text);
  for (const Quoting& quoting : kQuotings) out = MaskJsonFieldsQuoted(out, quoting);
  return out;
}

std::string MaskFailingRows(std::string_view text) {
  static constexpr std::string_view kMarker = "Failing row contains (";
  std::string out;
  std::size_t copied = 0;
  for (std::size_t at = text.find(kMarker); at != std::string_view::npos;
       at = text.find(kMarker, copied)) {
    const std::size_t row = at + kMarker.size();
    // The row ends at the last ')' of its line: values may hold parentheses themselves.
    std::size_t line_end = text.find('\n', row);
    if (line_end == std::string_view::npos) line_end = text.size();
    std::size_t close = text.rfind(')', line_end - 1);
    if (close == std::string_view::npos || close < row) close = line_end;
    out.append(text.substr(copied, row - copied));
    out += kMasked;
    copied = close;
  }
  out.append(text.substr(copied));
  return out;
}

std::string MaskSensitive(std::string_view text) {
  return MaskCardNumbers(MaskFailingRows(MaskSensitiveJsonFields(text)));
}

}  // namespace sagashop::log
