// Unit tests of git-migrate-check's output encodings (cmd/check/report.h),
// linked against the command's library (migrate_check).
#include "cmd/check/report.h"

#include <gtest/gtest.h>

namespace migrate::cmd::check {
namespace {

TEST(CheckReport, JsonEscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(json_escape("plain/path.py"), "plain/path.py");
  EXPECT_EQ(json_escape("a\"b\\c"), "a\\\"b\\\\c");
  EXPECT_EQ(json_escape("tab\there\nnew\rret"), "tab\\there\\nnew\\rret");
  EXPECT_EQ(json_escape("\x1b[31mred\x01"), "\\u001b[31mred\\u0001");
  EXPECT_EQ(json_escape("caf\xc3\xa9"), "caf\xc3\xa9");  // UTF-8 passes through
}

TEST(CheckReport, UriPathsArePercentEncodedByteByByte) {
  EXPECT_EQ(uri_encode_path("pkg/mod_a-b.py~"), "pkg/mod_a-b.py~");
  EXPECT_EQ(uri_encode_path("my dir/#1%.py"), "my%20dir/%231%25.py");
  EXPECT_EQ(uri_encode_path("caf\xc3\xa9/\x1b.py"), "caf%C3%A9/%1B.py");
}

}  // namespace
}  // namespace migrate::cmd::check
