#include "rewrite/moves.h"

#include <gtest/gtest.h>

#include <set>

namespace migrate::rewrite {
namespace {

std::vector<std::string> problems_of(std::string_view toml, const MovesCheck& check = {}) {
  try {
    MoveSet::parse(toml, "moves.toml", check);
  } catch (const MovesError& e) {
    return e.problems();
  }
  return {};
}

using Lines = std::vector<std::string>;

TEST(ModuleOfPath, PathsToDottedNames) {
  EXPECT_EQ(ImportRoots().module_of("a/b/c.py"), "a.b.c");
  EXPECT_EQ(ImportRoots().module_of("a/b/__init__.py"), "a.b");
  EXPECT_EQ(ImportRoots().module_of("top.py"), "top");
  EXPECT_EQ(ImportRoots().module_of("__init__.py"), std::nullopt);
  EXPECT_EQ(ImportRoots().module_of("a/b/c.txt"), std::nullopt);
  EXPECT_EQ(ImportRoots().module_of("a/b-c/d.py"), std::nullopt);
  EXPECT_EQ(ImportRoots().module_of("a/2b/d.py"), std::nullopt);
  EXPECT_EQ(ImportRoots().package_of("a/b/c.py"), "a.b");
  EXPECT_EQ(ImportRoots().package_of("a/b/__init__.py"), "a.b");
  EXPECT_EQ(ImportRoots().package_of("setup.py"), "");
  EXPECT_EQ(ImportRoots().package_of("my-dir/x.py"), std::nullopt);
  EXPECT_TRUE(is_dotted_name("a.b_2.C"));
  EXPECT_FALSE(is_dotted_name("a..b"));
  EXPECT_FALSE(is_dotted_name("a.b."));
  EXPECT_FALSE(is_dotted_name(""));
}

TEST(MoveSet, ParsesTheIssueExampleAndImpliesModuleMoves) {
  MoveSet m = MoveSet::parse(R"(product = "error_tracking"

[[file_moves]]
from = "posthog/models/error_tracking/error_tracking.py"
to = "products/error_tracking/backend/models.py"

[[file_moves]]
from = "posthog/models/error_tracking/__init__.py"
to = "products/error_tracking/backend/models_pkg/__init__.py"

[[file_moves]]
from = "posthog/models/error_tracking/README.md"
to = "products/error_tracking/backend/README.md"

[module_moves]
"posthog.api.error_tracking" = "products.error_tracking.backend.api.error_tracking"

[symbol_remap]
"posthog.models.ErrorTrackingIssue" = "products.error_tracking.backend.models"
)",
                             "moves.toml");
  EXPECT_EQ(m.product(), "error_tracking");
  ASSERT_EQ(m.file_moves().size(), 3u);
  EXPECT_EQ(m.file_moves()[0].line, 4u);
  ASSERT_EQ(m.module_moves().size(), 3u);
  EXPECT_EQ(m.module_moves()[0].from, "posthog.api.error_tracking");
  EXPECT_FALSE(m.module_moves()[0].implied);
  EXPECT_EQ(m.module_moves()[0].line, 16u);
  EXPECT_EQ(m.module_moves()[1].from, "posthog.models.error_tracking");
  EXPECT_EQ(m.module_moves()[1].to, "products.error_tracking.backend.models_pkg");
  EXPECT_TRUE(m.module_moves()[1].implied);
  EXPECT_EQ(m.module_moves()[2].from, "posthog.models.error_tracking.error_tracking");
  EXPECT_EQ(m.module_moves()[2].to, "products.error_tracking.backend.models");
  ASSERT_EQ(m.symbol_remaps().size(), 1u);
  EXPECT_EQ(m.symbol_remaps()[0].old_module, "posthog.models");
  EXPECT_EQ(m.symbol_remaps()[0].name, "ErrorTrackingIssue");
  EXPECT_EQ(m.remap_symbol("posthog.models", "ErrorTrackingIssue"), "products.error_tracking.backend.models");
  EXPECT_EQ(m.remap_symbol("posthog.models", "Team"), std::nullopt);
  EXPECT_EQ(m.old_path_of("products/error_tracking/backend/models.py"), "posthog/models/error_tracking/error_tracking.py");
  EXPECT_EQ(m.new_path_of("posthog/models/error_tracking/README.md"), "products/error_tracking/backend/README.md");
  EXPECT_EQ(m.old_path_of("posthog/models/error_tracking/error_tracking.py"), std::nullopt);
}

TEST(MoveSet, LongestPrefixBySegments) {
  MoveSet m = MoveSet::build("", {}, {{"a.b", "x.y"}, {"a.b.c", "z"}, {"q", "r.s"}}, {});
  EXPECT_EQ(m.map_module("a.b"), "x.y");
  EXPECT_EQ(m.map_module("a.b.d.E"), "x.y.d.E");
  EXPECT_EQ(m.map_module("a.b.c"), "z");
  EXPECT_EQ(m.map_module("a.b.c.D"), "z.D");
  EXPECT_EQ(m.map_module("a.bc"), std::nullopt);
  EXPECT_EQ(m.map_module("a"), std::nullopt);
  EXPECT_EQ(m.map_module("q_2"), std::nullopt);
  EXPECT_EQ(m.map_module("q"), "r.s");
  ASSERT_NE(m.match_module("a.b.c.D"), nullptr);
  EXPECT_EQ(m.match_module("a.b.c.D")->from, "a.b.c");
}

TEST(MoveSet, AMoveKeepingTheModuleNameImpliesNothing) {
  MoveSet m = MoveSet::build("", {{"a/b.py", "a/b/__init__.py", 3}}, {}, {});
  EXPECT_TRUE(m.module_moves().empty());
  EXPECT_EQ(m.old_path_of("a/b/__init__.py"), "a/b.py");
}

TEST(MoveSet, ExplicitRestatementOfAnImpliedMoveIsFine) {
  MoveSet m = MoveSet::parse(R"(
[[file_moves]]
from = "a/b/__init__.py"
to = "x/y/__init__.py"
[module_moves]
"a.b" = "x.y"
)",
                             "moves.toml");
  ASSERT_EQ(m.module_moves().size(), 1u);
  EXPECT_FALSE(m.module_moves()[0].implied);
}

TEST(MoveSet, UnknownKeysAndWrongTypes) {
  EXPECT_EQ(problems_of(R"(product = "p"
prodcut = "q"
[[file_moves]]
from = "a.py"
too = "b.py"
[module_moves]
a.b = "c"
"d" = 3
[symbol_remap]
"NoModule" = "x"
)"),
            (Lines{"moves.toml:2: unknown key: prodcut (expected product, import_roots, file_moves, module_moves, symbol_remap)",
                   "moves.toml:5: unknown key in file_moves: too (expected from, to)",
                   "moves.toml:7: module_moves entry a must map to a string (quote dotted keys: \"a.b\" = \"c.d\")",
                   "moves.toml:8: module_moves entry d must map to a string (quote dotted keys: \"a.b\" = \"c.d\")",
                   "moves.toml:10: symbol_remap key must be \"old.module.Name\": NoModule"}));
}

TEST(MoveSet, SyntaxErrorHasTheLine) {
  Lines p = problems_of("product = \"p\"\n[[file_moves]\n");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].rfind("moves.toml:2: ", 0), 0u) << p[0];
}

TEST(MoveSet, MissingFromOrTo) {
  EXPECT_EQ(problems_of("[[file_moves]]\nfrom = \"a.py\"\n[[file_moves]]\nto = \"b.py\"\n"),
            (Lines{"moves.toml:2: file move without to", "moves.toml:3: file move without from"}));
}

TEST(MoveSet, PathsOutsideTheRepository) {
  EXPECT_EQ(problems_of(R"(
[[file_moves]]
from = "/etc/passwd.py"
to = "a.py"
[[file_moves]]
from = "b.py"
to = "../outside/b.py"
[[file_moves]]
from = "c//d.py"
to = "./e.py"
)"),
            (Lines{"moves.toml:3: path is outside the repository (absolute): /etc/passwd.py",
                   "moves.toml:6: path is outside the repository (..): ../outside/b.py",
                   "moves.toml:9: path is not normalized (empty or '.' segment): c//d.py",
                   "moves.toml:9: path is not normalized (empty or '.' segment): ./e.py"}));
}

TEST(MoveSet, SourceMustExistUnlessAlreadyApplied) {
  const std::string text = "[[file_moves]]\nfrom = \"gone.py\"\nto = \"new/gone.py\"\n"
                           "[[file_moves]]\nfrom = \"here.py\"\nto = \"new/here.py\"\n";
  std::set<std::string> files{"here.py", "new/gone.py"};
  MovesCheck check;
  check.exists = [&](const std::string& p) { return files.count(p) > 0; };
  EXPECT_EQ(problems_of(text, check), (Lines{"moves.toml:2: source does not exist: gone.py"}));
  check.allow_applied = true;
  EXPECT_EQ(problems_of(text, check), Lines{});
  files.clear();
  EXPECT_EQ(problems_of(text, check),
            (Lines{"moves.toml:2: source does not exist: gone.py", "moves.toml:5: source does not exist: here.py"}));
}

TEST(MoveSet, TwoMovesToOneDestinationOrFromOneSource) {
  EXPECT_EQ(problems_of(R"(
[[file_moves]]
from = "a/x.py"
to = "n/x.py"
[[file_moves]]
from = "b/x.py"
to = "n/x.py"
[[file_moves]]
from = "a/x.py"
to = "m/x.py"
)"),
            (Lines{"moves.toml:6: two moves to one destination n/x.py (the other at line 3)",
                   "moves.toml:6: two moves to one destination module n.x: a.x (line 3) and b.x",
                   "moves.toml:9: second move of a/x.py (first at line 3)",
                   "moves.toml:9: module a.x moved twice: to n.x (line 3) and to m.x"}));
  EXPECT_EQ(problems_of(R"(
[module_moves]
"a.one" = "n.mod"
"a.two" = "n.mod"
)"),
            (Lines{"moves.toml:4: two moves to one destination module n.mod: a.one (line 3) and a.two"}));
}

TEST(MoveSet, IntoItselfCyclesAndChains) {
  EXPECT_EQ(problems_of("[module_moves]\n\"a.b\" = \"a.b.c\"\n\"d\" = \"d\"\n"),
            (Lines{"moves.toml:2: module a.b mapped into itself (a.b.c)", "moves.toml:3: module d mapped into itself (d)"}));
  EXPECT_EQ(problems_of("[module_moves]\n\"a\" = \"b\"\n\"b\" = \"a\"\n"),
            (Lines{"moves.toml:2: module a is in a cycle of moves (b is moved by line 3)",
                   "moves.toml:3: module b is in a cycle of moves (a is moved by line 2)"}));
  EXPECT_EQ(problems_of("[module_moves]\n\"a\" = \"b.x\"\n\"b\" = \"c\"\n"),
            (Lines{"moves.toml:2: moves chain: destination b.x of a is moved again by line 3; map a to its final place"}));
  EXPECT_EQ(problems_of("[module_moves]\n\"a\" = \"b\"\n[symbol_remap]\n\"m.X\" = \"a.y\"\n\"m.Y\" = \"m\"\n"),
            (Lines{"moves.toml:4: moves chain: destination a.y of symbol X is moved again by line 2",
                   "moves.toml:5: symbol Y remapped to the module it comes from: m"}));
}

TEST(MoveSet, NotDottedNames) {
  EXPECT_EQ(problems_of("[module_moves]\n\"a-b\" = \"c\"\n\"d\" = \"e..f\"\n"),
            (Lines{"moves.toml:2: not a dotted module name: a-b", "moves.toml:3: not a dotted module name: e..f"}));
}

TEST(MoveSet, ErrorMessageJoinsAllProblems) {
  try {
    MoveSet::parse("x = 1\ny = 2\n", "f.toml");
    FAIL();
  } catch (const MovesError& e) {
    EXPECT_STREQ(e.what(),
                 "f.toml:1: unknown key: x (expected product, import_roots, file_moves, module_moves, symbol_remap)\n"
                 "f.toml:2: unknown key: y (expected product, import_roots, file_moves, module_moves, symbol_remap)");
  }
}

}  // namespace
}  // namespace migrate::rewrite
