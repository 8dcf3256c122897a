#include "rewrite/escape.h"

#include <gtest/gtest.h>

namespace migrate::rewrite {
namespace {

TEST(EscapeString, JsonAndTomlShareTheShortEscapes) {
  const std::string text = "say \"hi\"\\ \n\t\r";
  EXPECT_EQ(escape_string(text, StringSyntax::kJson), "say \\\"hi\\\"\\\\ \\n\\t\\r");
  EXPECT_EQ(escape_string(text, StringSyntax::kToml), "say \\\"hi\\\"\\\\ \\n\\t\\r");
}

TEST(EscapeString, OtherControlCharactersAndDel) {
  const std::string text = "a\x1b[31m\x7f\x01";
  EXPECT_EQ(escape_string(text, StringSyntax::kJson), "a\\u001b[31m\x7f\\u0001");
  EXPECT_EQ(escape_string(text, StringSyntax::kToml), "a\\u001B[31m\\u007F\\u0001");
}

TEST(EscapeString, Utf8PassesUnchanged) {
  EXPECT_EQ(escape_string("naïve/日本.py", StringSyntax::kJson), "naïve/日本.py");
  EXPECT_EQ(escape_string("naïve/日本.py", StringSyntax::kToml), "naïve/日本.py");
}

}  // namespace
}  // namespace migrate::rewrite
