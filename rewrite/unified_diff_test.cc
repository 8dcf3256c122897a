#include "rewrite/unified_diff.h"

#include <gtest/gtest.h>

namespace migrate::rewrite {
namespace {

TEST(UnifiedDiff, EqualTextsGiveNothing) { EXPECT_EQ(unified_diff("a\nb\n", "a\nb\n", "f", "f"), ""); }

TEST(UnifiedDiff, OneChangedLineWithContext) {
  EXPECT_EQ(unified_diff("1\n2\n3\n4\n5\n6\n7\n8\n", "1\n2\n3\n4\nfive\n6\n7\n8\n", "x.py", "x.py"),
            "--- a/x.py\n+++ b/x.py\n"
            "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
}

TEST(UnifiedDiff, FarApartChangesMakeTwoHunks) {
  std::string a, b;
  for (int i = 1; i <= 20; ++i) {
    a += std::to_string(i) + "\n";
    b += (i == 2 ? "two" : i == 18 ? "eighteen" : std::to_string(i)) + "\n";
  }
  EXPECT_EQ(unified_diff(a, b, "f", "f"),
            "--- a/f\n+++ b/f\n"
            "@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n"
            "@@ -15,6 +15,6 @@\n 15\n 16\n 17\n-18\n+eighteen\n 19\n 20\n");
}

TEST(UnifiedDiff, ChangesWithinTwiceTheContextShareAHunk) {
  EXPECT_EQ(unified_diff("a\nb\nc\nd\ne\nf\ng\nh\ni\n", "A\nb\nc\nd\ne\nf\ng\nH\ni\n", "f", "f"),
            "--- a/f\n+++ b/f\n"
            "@@ -1,9 +1,9 @@\n-a\n+A\n b\n c\n d\n e\n f\n g\n-h\n+H\n i\n");
}

TEST(UnifiedDiff, InsertionsDeletionsAndEmptyRanges) {
  EXPECT_EQ(unified_diff("", "new\n", "f", "f"), "--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+new\n");
  EXPECT_EQ(unified_diff("old\n", "", "f", "f"), "--- a/f\n+++ b/f\n@@ -1 +0,0 @@\n-old\n");
  EXPECT_EQ(unified_diff("a\nb\n", "a\nx\ny\nb\n", "f", "g"),
            "--- a/f\n+++ b/g\n@@ -1,2 +1,4 @@\n a\n+x\n+y\n b\n");
}

TEST(UnifiedDiff, MissingNewlineAtEnd) {
  EXPECT_EQ(unified_diff("a\nb", "a\nc", "f", "f"),
            "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n");
  EXPECT_EQ(unified_diff("a\nb", "a\nb\n", "f", "f"),
            "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
}

TEST(UnifiedDiff, CrlfLinesAreKept) {
  EXPECT_EQ(unified_diff("a\r\nb\r\n", "a\r\nc\r\n", "f", "f"), "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n+c\r\n");
}

}  // namespace
}  // namespace migrate::rewrite
