#include "platform/core/utf8.h"

#include <gtest/gtest.h>

namespace sagashop {
namespace {

using namespace std::string_view_literals;

TEST(Utf8Test, WellFormedTextIsStorable) {
  EXPECT_TRUE(IsStorableText(""));
  EXPECT_TRUE(IsStorableText(R"({"eventId": oops)"));
  EXPECT_TRUE(IsStorableText("Seoul \xEC\x84\x9C\xEC\x9A\xB8"));  // 서울
  EXPECT_TRUE(IsStorableText("\xF0\x9F\x93\xA6"));                // U+1F4E6
  EXPECT_TRUE(IsStorableText("\xF4\x8F\xBF\xBF"));                // U+10FFFF, the last
}

TEST(Utf8Test, WhatADatabaseRefusesIsNot) {
  EXPECT_FALSE(IsStorableText("a\0b"sv));            // NUL
  EXPECT_FALSE(IsStorableText("\xFF\xFE"));          // never UTF-8
  EXPECT_FALSE(IsStorableText("\x80"));              // lone continuation byte
  EXPECT_FALSE(IsStorableText("\xEC\x84"));          // truncated sequence
  EXPECT_FALSE(IsStorableText("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsStorableText("\xE0\x80\xAF"));      // overlong '/'
  EXPECT_FALSE(IsStorableText("\xED\xA0\x80"));      // surrogate U+D800
  EXPECT_FALSE(IsStorableText("\xF4\x90\x80\x80"));  // above U+10FFFF
}

TEST(Utf8Test, ToStorableTextReplacesOnlyTheBadBytes) {
  EXPECT_EQ(ToStorableText("ok"), "ok");
  EXPECT_EQ(ToStorableText("a\xFF"
                           "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(ToStorableText("a\0b"sv),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(ToStorableText("\xEC\x84\x9C\xEC"), "\xEC\x84\x9C\xEF\xBF\xBD");
  EXPECT_TRUE(IsStorableText(ToStorableText("\xC0\xAF\xED\xA0\x80\xF4\x90\x80\x80")));
}

}  // namespace
}  // namespace sagashop
