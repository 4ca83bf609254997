#include "platform/db/row_batch.h"

#include <gtest/gtest.h>

namespace sagashop::db {
namespace {

std::string Text(const Param& param) {
  return std::get<std::string>(param);
}

TEST(RowBatchTest, EncodesRowsAsAJsonArrayOfArrays) {
  RowBatch rows;
  EXPECT_TRUE(rows.Empty());
  rows.Add({std::string("e-1"), std::int64_t{42}, kNull});
  rows.Add({std::string("e-2"), std::int64_t{-9007199254740993}, std::string("")});
  EXPECT_EQ(rows.Size(), 2u);
  EXPECT_EQ(Text(rows.AsParam()), R"([["e-1",42,null],["e-2",-9007199254740993,""]])");
}

TEST(RowBatchTest, EscapesWhateverTheTextHolds) {
  RowBatch rows;
  rows.Add({std::string("quote \" backslash \\ comma , brace { newline \n")});
  EXPECT_EQ(Text(rows.AsParam()), R"([["quote \" backslash \\ comma , brace { newline \n"]])");
}

TEST(RowBatchTest, AnEmptyBatchIsAnEmptyArray) {
  EXPECT_EQ(Text(RowBatch().AsParam()), "[]");
  EXPECT_EQ(Text(ValueList().AsParam()), "[]");
}

TEST(ValueListTest, EncodesValuesAsAFlatArray) {
  ValueList values;
  values.Add(std::int64_t{7});
  values.Add(std::string("x"));
  EXPECT_EQ(values.Size(), 2u);
  EXPECT_EQ(Text(values.AsParam()), R"([7,"x"])");
}

}  // namespace
}  // namespace sagashop::db
