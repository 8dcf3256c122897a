// Unit tests of the line diff and the vanished-definition prefilter.
#include "rewrite/line_diff.h"

#include <string>

#include <gtest/gtest.h>

namespace migrate::rewrite {
namespace {

std::string hunks_of(std::string_view a, std::string_view b) {
  bool gave_up = false;
  std::string out;
  for (const LineHunk& h : diff_lines(split_lines(a), split_lines(b), 100, &gave_up)) {
    out += "-" + std::to_string(h.before_begin) + "," + std::to_string(h.before_end) + " +" +
           std::to_string(h.after_begin) + "," + std::to_string(h.after_end) + "\n";
  }
  return gave_up ? "gave up" : out;
}

TEST(LineDiff, Hunks) {
  EXPECT_EQ(hunks_of("a\nb\nc\n", "a\nb\nc\n"), "");
  EXPECT_EQ(hunks_of("a\nb\nc\n", "a\nx\nc\n"), "-1,2 +1,2\n");
  EXPECT_EQ(hunks_of("a\nb\nc\n", "x\na\nb\nc\ny\n"), "-0,0 +0,1\n-3,3 +4,5\n");
  EXPECT_EQ(hunks_of("a\nb\nc\nd\n", "a\nd\n"), "-1,3 +1,1\n");
  EXPECT_EQ(hunks_of("", "a\n"), "-0,0 +0,1\n");
  bool gave_up = false;
  diff_lines(split_lines("a\nb\nc\nd\n"), split_lines("w\nx\ny\nz\n"), 3, &gave_up);
  EXPECT_TRUE(gave_up);
}

const char* kModule =
    "from posthog.models.error_tracking import Issue\n"
    "\n"
    "\n"
    "class A:\n"
    "    x = 1\n"
    "    y = 2\n"
    "\n"
    "    def m(self):\n"
    "        return 1\n"
    "\n"
    "\n"
    "def f():\n"
    "    return Issue\n";

std::string replace(std::string s, std::string_view from, std::string_view to) {
  s.replace(s.find(from), from.size(), to);
  return s;
}

TEST(MayLoseDefinitions, HarmlessChangesNeedNoParse) {
  const std::string m = kModule;
  // An import rewritten.
  EXPECT_FALSE(may_lose_definitions(m, replace(m, "posthog.models.error_tracking", "products.et.models")));
  // Comments and blank lines, a function body statement changed.
  EXPECT_FALSE(may_lose_definitions(m, "# header\n" + m));
  EXPECT_FALSE(may_lose_definitions(m, replace(m, "        return 1\n", "        return 2\n")));
  const std::string locals = "def f(a):\n    x = a\n    y: int = 2\n    return x\n";
  EXPECT_FALSE(may_lose_definitions(locals, replace(locals, "    y: int = 2\n", "")));
  // Appended code, even a class.
  EXPECT_FALSE(may_lose_definitions(m, m + "\n\nclass B:\n    z = 3\n"));
  // A multi-line import rewritten.
  const std::string multi = "from a import (\n    X,\n    Y,\n)\n\n\nclass A:\n    x = 1\n";
  EXPECT_FALSE(may_lose_definitions(multi, replace(multi, "from a import", "from b.c import")));
  EXPECT_FALSE(may_lose_definitions(multi, replace(multi, "    Y,\n", "    Y,\n    Z,\n")));
  // Edited declarations: a value, a signature, a base class, a decorator.
  EXPECT_FALSE(may_lose_definitions(m, replace(m, "    x = 1\n", "    x = 10\n")));
  EXPECT_FALSE(may_lose_definitions(m, replace(m, "    def m(self):\n", "    def m(self, other=None):\n")));
  EXPECT_FALSE(may_lose_definitions(m, replace(m, "class A:", "class A(Base):")));
  const std::string model =
      "class Issue(models.Model):\n    name = models.CharField(max_length=400)\n\n    @property\n"
      "    def title(self):\n        return self.name\n";
  EXPECT_FALSE(may_lose_definitions(model, replace(model, "max_length=400", "max_length=500, blank=True")));
  EXPECT_FALSE(may_lose_definitions(model, replace(model, "    @property\n", "    @cached_property\n")));
}

TEST(MayLoseDefinitions, ChangesThatCanLoseOrReNest) {
  const std::string m = kModule;
  EXPECT_TRUE(may_lose_definitions(m, replace(m, "    y = 2\n", "")));                       // member removed
  EXPECT_TRUE(may_lose_definitions(m, replace(m, "def f():\n    return Issue\n", "")));     // function removed
  EXPECT_TRUE(may_lose_definitions(m, replace(m, "    y = 2\n", "class B:\n    y = 2\n"))); // re-nested
  EXPECT_TRUE(may_lose_definitions(m, replace(m, "    y = 2\n", "import os\n    y = 2\n")));  // dedent
  EXPECT_TRUE(may_lose_definitions(m, replace(m, "    x = 1\n", "    x = (\n")));            // bracket opened
  EXPECT_TRUE(may_lose_definitions(m, replace(m, "\n\ndef f", "\n\"\"\"\ndef f")));              // string opened
  EXPECT_TRUE(may_lose_definitions(m, replace(m, "    x = 1\n", "    if True:\n    x = 1\n")));
  EXPECT_TRUE(may_lose_definitions(m, replace(m, "    x = 1\n", "    z = 1\n")));          // renamed
  EXPECT_TRUE(may_lose_definitions(m, replace(m, "def f():", "def g():")));                 // renamed
  EXPECT_TRUE(may_lose_definitions(m, replace(m, "class A:\n    x = 1\n", "    x = 1\nclass A:\n")));  // swapped
  EXPECT_TRUE(may_lose_definitions(m, replace(m, "    x = 1\n", "    x = 1\n    def n(self):\n        pass\n")));
  EXPECT_TRUE(may_lose_definitions(m, replace(m, "    x = 1\n", "    x, w = 1, 2\n")));   // tuple target
  // A class-body assignment below a method is not a local of the method.
  const std::string after_method = "class A:\n    def m(self):\n        return 1\n    y = 2\n";
  EXPECT_TRUE(may_lose_definitions(after_method, replace(after_method, "    y = 2\n", "")));
  // A nested def inside a function is not reported, but a def line is always parsed.
  const std::string nested = "def f():\n    def g():\n        return 1\n    return g\n";
  EXPECT_TRUE(may_lose_definitions(nested, replace(nested, "    def g():\n        return 1\n", "")));
}

}  // namespace
}  // namespace migrate::rewrite
