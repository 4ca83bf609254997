#pragma once

#include <string>
#include <string_view>

namespace sagashop {

// Whether `bytes` can be stored in a text column of either database as they are: well-formed UTF-8
// (no overlong forms, no surrogates, nothing above U+10FFFF) and no NUL, which PostgreSQL refuses.
bool IsStorableText(std::string_view bytes);

// `bytes` with every byte that breaks IsStorableText replaced by U+FFFD: for text meant to be read
// (an error message quoting a payload), where losing a bad byte is better than failing to store.
std::string ToStorableText(std::string_view bytes);

}  // namespace sagashop
