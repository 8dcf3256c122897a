#include "rewrite/definitions.h"

#include <gtest/gtest.h>

#include <sstream>

namespace migrate::rewrite {
namespace {

// One line per definition: "kind qualname line-end".
std::string render(const std::vector<Definition>& defs) {
  std::ostringstream os;
  for (const Definition& d : defs) {
    os << definition_kind_name(d.kind) << ' ' << d.qualname << ' ' << d.line << '-' << d.end_line << '\n';
  }
  return os.str();
}

TEST(Definitions, ModuleFunctionsClassesMethodsAndNestedClasses) {
  ParsedFile f(
      "import os\n"                          // 1
      "X = 1\n"                              // 2
      "def send_discussions_mentioned(a):\n" // 3
      "    def inner():\n"                   // 4
      "        class Hidden: pass\n"         // 5
      "    return inner\n"                   // 6
      "class Serializer(Base):\n"            // 7
      "    class Meta:\n"                    // 8
      "        fields = ['a']\n"             // 9
      "    def validate(self, x):\n"         // 10
      "        self.y = x\n"                 // 11
      "        return x\n"                   // 12
      "async def fetch():\n"                 // 13
      "    pass\n");                         // 14
  ASSERT_FALSE(f.has_error());
  EXPECT_EQ(render(extract_definitions(f)),
            "function send_discussions_mentioned 3-6\n"
            "class Serializer 7-12\n"
            "class Serializer.Meta 8-9\n"
            "assignment Serializer.Meta.fields 9-9\n"
            "function Serializer.validate 10-12\n"
            "function fetch 13-14\n");
}

TEST(Definitions, EnumMembersAnnotatedAndTupleAssignments) {
  ParsedFile f(
      "class NotificationType(str, Enum):\n"
      "    ISSUE_ASSIGNED = 'issue_assigned'\n"
      "    DISCUSSIONS_MENTIONED = 'discussions_mentioned'\n"
      "    name: str\n"
      "    count: int = 0\n"
      "    A, B = 1, 2\n"
      "    (C, [D, *E]) = 3, [4]\n"
      "    F = G = 5\n"
      "    self_x.attr = 3\n"
      "    table[0] = 1\n"
      "    N += 1\n");
  ASSERT_FALSE(f.has_error());
  EXPECT_EQ(render(extract_definitions(f)),
            "class NotificationType 1-11\n"
            "assignment NotificationType.ISSUE_ASSIGNED 2-2\n"
            "assignment NotificationType.DISCUSSIONS_MENTIONED 3-3\n"
            "assignment NotificationType.name 4-4\n"
            "assignment NotificationType.count 5-5\n"
            "assignment NotificationType.A 6-6\n"
            "assignment NotificationType.B 6-6\n"
            "assignment NotificationType.C 7-7\n"
            "assignment NotificationType.D 7-7\n"
            "assignment NotificationType.E 7-7\n"
            "assignment NotificationType.F 8-8\n"
            "assignment NotificationType.G 8-8\n");
}

TEST(Definitions, DecoratedDefinitionsSpanTheirDecorators) {
  ParsedFile f(
      "import pytest\n"
      "\n"
      "@pytest.fixture(autouse=True)\n"
      "def pytest_sessionstart(session):\n"
      "    pass\n"
      "\n"
      "@dataclass\n"
      "@total_ordering\n"
      "class Point:\n"
      "    x: int\n"
      "    @property\n"
      "    def norm(self):\n"
      "        return 0\n"
      "    @norm.setter\n"
      "    def norm(self, v):\n"
      "        pass\n");
  ASSERT_FALSE(f.has_error());
  EXPECT_EQ(render(extract_definitions(f)),
            "function pytest_sessionstart 3-5\n"
            "class Point 7-16\n"
            "assignment Point.x 10-10\n"
            "function Point.norm 11-13\n"
            "function Point.norm 14-16\n");
}

TEST(Definitions, IfTryAndWithBlocksAtModuleAndClassLevel) {
  ParsedFile f(
      "if TYPE_CHECKING:\n"
      "    def helper(): pass\n"
      "elif sys.version_info > (3,):\n"
      "    def helper(): return 1\n"
      "else:\n"
      "    class helper: pass\n"
      "try:\n"
      "    def fast(): pass\n"
      "except ImportError:\n"
      "    def slow(): pass\n"
      "else:\n"
      "    def other(): pass\n"
      "finally:\n"
      "    def last(): pass\n"
      "with ctx():\n"
      "    def within(): pass\n"
      "class K:\n"
      "    if DEBUG:\n"
      "        LEVEL = 1\n"
      "    else:\n"
      "        LEVEL = 2\n"
      "for i in range(3):\n"
      "    def in_loop(): pass\n");
  ASSERT_FALSE(f.has_error());
  EXPECT_EQ(render(extract_definitions(f)),
            "function helper 2-2\n"
            "function helper 4-4\n"
            "class helper 6-6\n"
            "function fast 8-8\n"
            "function slow 10-10\n"
            "function other 12-12\n"
            "function last 14-14\n"
            "function within 16-16\n"
            "class K 17-21\n"
            "assignment K.LEVEL 19-19\n"
            "assignment K.LEVEL 21-21\n");
}

TEST(Definitions, ModuleAssignmentsAreSeparate) {
  ParsedFile f(
      "__all__ = ['A']\n"
      "A: int = 1\n"
      "B = C = 2\n"
      "if x:\n"
      "    D = 3\n"
      "def f():\n"
      "    E = 4\n"
      "class K:\n"
      "    F = 5\n"
      "obj.attr = 6\n");
  ASSERT_FALSE(f.has_error());
  EXPECT_EQ(render(extract_module_assignments(f)),
            "assignment __all__ 1-1\n"
            "assignment A 2-2\n"
            "assignment B 3-3\n"
            "assignment C 3-3\n"
            "assignment D 5-5\n");
  EXPECT_EQ(render(extract_definitions(f)),
            "function f 6-7\n"
            "class K 8-9\n"
            "assignment K.F 9-9\n");
}

TEST(Definitions, CountIsAMultiset) {
  ParsedFile f("if a:\n    def g(): pass\nelse:\n    def g(): pass\nclass g: pass\n");
  auto counts = count_definitions(extract_definitions(f));
  EXPECT_EQ(counts.size(), 2u);
  EXPECT_EQ((counts[{"g", Definition::Kind::kFunction}]), 2);
  EXPECT_EQ((counts[{"g", Definition::Kind::kClass}]), 1);
}

}  // namespace
}  // namespace migrate::rewrite
