// `git migrate-fresh rewrite` in sandbox repositories: whole outputs, whole
// files, exit codes, and nothing written by --dry-run and --diff.
#include <gtest/gtest.h>

#include "tests/harness/sandbox.h"

namespace migrate::testing {
namespace {

constexpr const char* kMoves = R"(product = "error_tracking"

[[file_moves]]
from = "posthog/models/error_tracking/__init__.py"
to = "products/error_tracking/backend/models/__init__.py"

[[file_moves]]
from = "posthog/models/error_tracking/sql.py"
to = "products/error_tracking/backend/models/sql.py"

[symbol_remap]
"posthog.models.ErrorTrackingIssue" = "products.error_tracking.backend.models"
)";

class RewriteCmdTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sb.init_repo("repo");
    sb.write_file("repo/posthog/__init__.py", "");
    sb.write_file("repo/posthog/models/__init__.py",
                  "from .team import Team\nfrom .error_tracking import ErrorTrackingIssue\n");
    sb.write_file("repo/posthog/models/team.py", "class Team:\n    pass\n");
    sb.write_file("repo/posthog/models/error_tracking/__init__.py",
                  "from .sql import TABLE\nfrom ..team import Team\n\n\nclass ErrorTrackingIssue(Team):\n    pass\n");
    sb.write_file("repo/posthog/models/error_tracking/sql.py", "TABLE = 'error_tracking'\n");
    sb.write_file("repo/posthog/tasks/email.py",
                  "from posthog.models import (\n    Team,\n    ErrorTrackingIssue,\n)\n\n\n"
                  "def send_discussions_mentioned(issue: ErrorTrackingIssue) -> None:\n    pass\n");
    sb.write_file("repo/posthog/tasks/test_email.py",
                  "from unittest import mock\n\n\n@mock.patch(\"posthog.models.error_tracking.sql.TABLE\")\n"
                  "def test_send(m):\n    pass\n");
    sb.write_file("repo/posthog/tasks/other.py", "import os\n");
    sb.write_file("repo/README.md", "posthog.models.error_tracking\n");
    sb.write_file("repo/model_migration/moves.toml", kMoves);
    sb.commit_all("repo", "initial");
  }

  // The move phase, by hand.
  void move_package() {
    sb.run({"mkdir", "-p", "products/error_tracking/backend"}, "repo");
    sb.git("repo", {"mv", "posthog/models/error_tracking", "products/error_tracking/backend/models"});
  }

  Sandbox sb;
};

const char* const kEmailAfter =
    "from posthog.models import (\n    Team,\n)\nfrom products.error_tracking.backend.models import ErrorTrackingIssue\n\n\n"
    "def send_discussions_mentioned(issue: ErrorTrackingIssue) -> None:\n    pass\n";
const char* const kTestEmailAfter =
    "from unittest import mock\n\n\n@mock.patch(\"products.error_tracking.backend.models.sql.TABLE\")\n"
    "def test_send(m):\n    pass\n";
const char* const kInitAfter =
    "from .sql import TABLE\nfrom posthog.models.team import Team\n\n\nclass ErrorTrackingIssue(Team):\n    pass\n";
const char* const kModelsInitAfter =
    "from .team import Team\nfrom products.error_tracking.backend.models import ErrorTrackingIssue\n";

TEST_F(RewriteCmdTest, RewritesTheWorktreeAndSummarises) {
  move_package();
  RunResult r = sb.migrate("fresh", {"rewrite"}, "repo");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out,
            "changed: posthog/models/__init__.py\n"
            "changed: posthog/tasks/email.py\n"
            "changed: posthog/tasks/test_email.py\n"
            "changed: products/error_tracking/backend/models/__init__.py\n"
            "8 Python files considered, 5 parsed, 4 changed, 0 left untouched\n");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(sb.read_file("repo/posthog/tasks/email.py"), kEmailAfter);
  EXPECT_EQ(sb.read_file("repo/posthog/tasks/test_email.py"), kTestEmailAfter);
  EXPECT_EQ(sb.read_file("repo/products/error_tracking/backend/models/__init__.py"), kInitAfter);
  EXPECT_EQ(sb.read_file("repo/posthog/models/__init__.py"), kModelsInitAfter);
  EXPECT_EQ(sb.read_file("repo/products/error_tracking/backend/models/sql.py"), "TABLE = 'error_tracking'\n");
  EXPECT_EQ(sb.read_file("repo/README.md"), "posthog.models.error_tracking\n");
  // Idempotent. The rewritten importers now name only the new module: the
  // prefilter no longer lets them through.
  RunResult again = sb.migrate("fresh", {"rewrite"}, "repo");
  EXPECT_EQ(again.out, "8 Python files considered, 4 parsed, 0 changed, 0 left untouched\n");
  EXPECT_EQ(again.exit_code, 0);
}

TEST_F(RewriteCmdTest, DryRunWritesNothing) {
  move_package();
  const std::string before = sb.snapshot("repo");
  RunResult r = sb.migrate("fresh", {"rewrite", "-n"}, "repo");
  EXPECT_EQ(r.out,
            "would change: posthog/models/__init__.py\n"
            "would change: posthog/tasks/email.py\n"
            "would change: posthog/tasks/test_email.py\n"
            "would change: products/error_tracking/backend/models/__init__.py\n"
            "8 Python files considered, 5 parsed, 4 would change, 0 left untouched\n");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(sb.snapshot("repo"), before);
}

TEST_F(RewriteCmdTest, DiffPrintsAPatchThatGitApplies) {
  move_package();
  const std::string before = sb.snapshot("repo");
  RunResult r = sb.migrate("fresh", {"rewrite", "--diff", "posthog/tasks"}, "repo");
  EXPECT_EQ(r.out,
            "diff --git a/posthog/tasks/email.py b/posthog/tasks/email.py\n"
            "--- a/posthog/tasks/email.py\n"
            "+++ b/posthog/tasks/email.py\n"
            "@@ -1,7 +1,7 @@\n"
            " from posthog.models import (\n"
            "     Team,\n"
            "-    ErrorTrackingIssue,\n"
            " )\n"
            "+from products.error_tracking.backend.models import ErrorTrackingIssue\n"
            " \n"
            " \n"
            " def send_discussions_mentioned(issue: ErrorTrackingIssue) -> None:\n"
            "diff --git a/posthog/tasks/test_email.py b/posthog/tasks/test_email.py\n"
            "--- a/posthog/tasks/test_email.py\n"
            "+++ b/posthog/tasks/test_email.py\n"
            "@@ -1,6 +1,6 @@\n"
            " from unittest import mock\n"
            " \n"
            " \n"
            "-@mock.patch(\"posthog.models.error_tracking.sql.TABLE\")\n"
            "+@mock.patch(\"products.error_tracking.backend.models.sql.TABLE\")\n"
            " def test_send(m):\n"
            "     pass\n");
  EXPECT_EQ(r.err, "3 Python files considered, 2 parsed, 2 would change, 0 left untouched\n");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(sb.snapshot("repo"), before);
  sb.write_file("patch.diff", r.out);
  sb.git("repo", {"apply", "../patch.diff"});
  EXPECT_EQ(sb.read_file("repo/posthog/tasks/email.py"), kEmailAfter);
  EXPECT_EQ(sb.read_file("repo/posthog/tasks/test_email.py"), kTestEmailAfter);
}

TEST_F(RewriteCmdTest, PathsAreRelativeToTheCurrentDirectory) {
  move_package();
  RunResult r = sb.migrate("fresh", {"rewrite", "tasks/email.py", "../products"}, "repo/posthog");
  EXPECT_EQ(r.out,
            "changed: posthog/tasks/email.py\n"
            "changed: products/error_tracking/backend/models/__init__.py\n"
            "3 Python files considered, 3 parsed, 2 changed, 0 left untouched\n");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(sb.read_file("repo/posthog/tasks/test_email.py"),
            "from unittest import mock\n\n\n@mock.patch(\"posthog.models.error_tracking.sql.TABLE\")\n"
            "def test_send(m):\n    pass\n");
  RunResult bad = sb.migrate("fresh", {"rewrite", "nope"}, "repo/posthog");
  EXPECT_EQ(bad.err, "git-migrate-fresh rewrite: error: nope matches no tracked file\n");
  EXPECT_EQ(bad.exit_code, 2);
}

TEST_F(RewriteCmdTest, NoStringsFlagAndConfig) {
  move_package();
  RunResult r = sb.migrate("fresh", {"rewrite", "--no-strings", "posthog/tasks/test_email.py"}, "repo");
  EXPECT_EQ(r.out, "1 Python files considered, 1 parsed, 0 changed, 0 left untouched\n");
  sb.git("repo", {"config", "migrate.rewrite.strings", "false"});
  r = sb.migrate("fresh", {"rewrite", "posthog/tasks/test_email.py"}, "repo");
  EXPECT_EQ(r.out, "1 Python files considered, 1 parsed, 0 changed, 0 left untouched\n");
  r = sb.migrate("fresh", {"rewrite", "--strings", "posthog/tasks/test_email.py"}, "repo");
  EXPECT_EQ(r.out,
            "changed: posthog/tasks/test_email.py\n1 Python files considered, 1 parsed, 1 changed, 0 left untouched\n");
  EXPECT_EQ(sb.read_file("repo/posthog/tasks/test_email.py"), kTestEmailAfter);
}

// Issue 10: a file with a syntax error is rewritten around its error
// regions (a warning names each); a region that still names a moved module,
// and a file that cannot be read as UTF-8, are stale references left behind:
// listed, exit 1.
TEST_F(RewriteCmdTest, FilesThatCannotBeRewrittenAreReportedWithExit1) {
  move_package();
  sb.write_file("repo/posthog/tasks/broken.py", "from posthog.models import ErrorTrackingIssue\n\ndef f(:\n    pass\n");
  sb.write_file("repo/posthog/tasks/cut.py",
                "from posthog.models import ErrorTrackingIssue\nfrom posthog.models.error_tracking.sql import (TABLE,\n");
  sb.write_file("repo/posthog/tasks/latin1.py", "# ErrorTrackingIssue caf\xe9\n");
  sb.git("repo", {"add", "posthog/tasks"});
  RunResult r = sb.migrate("fresh", {"rewrite", "posthog/tasks"}, "repo");
  EXPECT_EQ(r.out,
            "changed: posthog/tasks/broken.py\n"
            "changed: posthog/tasks/cut.py\n"
            "changed: posthog/tasks/email.py\n"
            "changed: posthog/tasks/test_email.py\n"
            "left untouched: posthog/tasks/latin1.py:1: not UTF-8\n"
            "left with a stale reference: posthog/tasks/cut.py:2: the grammar cannot parse this statement and it "
            "names a moved module; rewrite it by hand\n"
            "6 Python files considered, 4 parsed, 4 changed, 1 left untouched, 1 with stale references in code the "
            "grammar cannot parse\n");
  EXPECT_EQ(r.err,
            "warning: posthog/tasks/broken.py:3: the grammar cannot parse this statement; it was left as it is and the "
            "rest of the file rewritten\n"
            "git-migrate-fresh rewrite: error: 2 file(s) may still refer to a moved module (listed above); fix them, "
            "then run the rewrite again\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(sb.read_file("repo/posthog/tasks/broken.py"),
            "from products.error_tracking.backend.models import ErrorTrackingIssue\n\ndef f(:\n    pass\n");
  EXPECT_EQ(sb.read_file("repo/posthog/tasks/cut.py"),
            "from products.error_tracking.backend.models import ErrorTrackingIssue\n"
            "from posthog.models.error_tracking.sql import (TABLE,\n");
  EXPECT_EQ(sb.read_file("repo/posthog/tasks/email.py"), kEmailAfter);
}

TEST_F(RewriteCmdTest, MovesFileProblemsAreUsageErrors) {
  move_package();
  sb.write_file("repo/model_migration/moves.toml",
                "product = \"x\"\nprodcut = \"y\"\n[[file_moves]]\nfrom = \"../etc/a.py\"\nto = \"b.py\"\n"
                "[[file_moves]]\nfrom = \"nowhere/a.py\"\nto = \"nowhere/b.py\"\n");
  const std::string before = sb.snapshot("repo");
  RunResult r = sb.migrate("fresh", {"rewrite"}, "repo");
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "git-migrate-fresh rewrite: error: model_migration/moves.toml:2: unknown key: prodcut (expected product, "
            "import_roots, file_moves, module_moves, symbol_remap)\n"
            "git-migrate-fresh rewrite: error: model_migration/moves.toml:4: path is outside the repository (..): ../etc/a.py\n"
            "git-migrate-fresh rewrite: error: model_migration/moves.toml:7: source does not exist: nowhere/a.py\n");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(sb.snapshot("repo"), before);

  sb.remove("repo/model_migration/moves.toml");
  r = sb.migrate("fresh", {"rewrite"}, "repo");
  EXPECT_EQ(r.err,
            "git-migrate-fresh rewrite: error: cannot read the moves file model_migration/moves.toml; write one with "
            "`git migrate-fresh scan` or name it with --moves\n");
  EXPECT_EQ(r.exit_code, 2);
}

TEST_F(RewriteCmdTest, MovesOptionAndConfigKey) {
  move_package();
  sb.write_file("repo/elsewhere.toml", kMoves);
  sb.remove("repo/model_migration/moves.toml");
  RunResult r = sb.migrate("fresh", {"rewrite", "-n", "--moves", "../elsewhere.toml", "tasks/email.py"}, "repo/posthog");
  EXPECT_EQ(r.out, "would change: posthog/tasks/email.py\n1 Python files considered, 1 parsed, 1 would change, 0 left untouched\n");
  EXPECT_EQ(r.exit_code, 0);
  sb.write_file("repo/.git-migrate.toml", "moves = \"elsewhere.toml\"\n");
  r = sb.migrate("fresh", {"rewrite", "-n", "posthog/tasks/email.py"}, "repo");
  EXPECT_EQ(r.out, "would change: posthog/tasks/email.py\n1 Python files considered, 1 parsed, 1 would change, 0 left untouched\n");
}

// Issue 10: module moves imply file moves. With only a module move in the
// moves file, the package moved by hand (git mv) has its relative imports
// rewritten as with file moves: `from ..team import Team` read against the
// old package, written for the new one.
TEST_F(RewriteCmdTest, ModuleOnlyMovesFileAfterGitMv) {
  move_package();
  sb.write_file("repo/model_migration/moves.toml",
                "product = \"error_tracking\"\n"
                "\n"
                "[module_moves]\n"
                "\"posthog.models.error_tracking\" = \"products.error_tracking.backend.models\"\n"
                "\n"
                "[symbol_remap]\n"
                "\"posthog.models.ErrorTrackingIssue\" = \"products.error_tracking.backend.models\"\n");
  RunResult r = sb.migrate("fresh", {"rewrite"}, "repo");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out,
            "changed: posthog/models/__init__.py\n"
            "changed: posthog/tasks/email.py\n"
            "changed: posthog/tasks/test_email.py\n"
            "changed: products/error_tracking/backend/models/__init__.py\n"
            "8 Python files considered, 5 parsed, 4 changed, 0 left untouched\n");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(sb.read_file("repo/products/error_tracking/backend/models/__init__.py"), kInitAfter);
  EXPECT_EQ(sb.read_file("repo/posthog/models/__init__.py"), kModelsInitAfter);
  EXPECT_EQ(sb.read_file("repo/posthog/tasks/email.py"), kEmailAfter);
  RunResult again = sb.migrate("fresh", {"rewrite"}, "repo");
  EXPECT_EQ(again.out, "8 Python files considered, 4 parsed, 0 changed, 0 left untouched\n");
  EXPECT_EQ(again.exit_code, 0);
}

// A module move whose source is still there implies nothing: the files of
// its destination keep their relative imports.
TEST_F(RewriteCmdTest, ModuleMoveWhoseSourceIsStillThereImpliesNothing) {
  sb.write_file("repo/products/error_tracking/__init__.py", "from ..team import Team\n");
  sb.write_file("repo/model_migration/moves.toml",
                "[module_moves]\n\"posthog.models.error_tracking\" = \"products.error_tracking\"\n");
  sb.git("repo", {"add", "."});
  RunResult r = sb.migrate("fresh", {"rewrite", "-n", "products"}, "repo");
  EXPECT_EQ(r.out, "1 Python files considered, 0 parsed, 0 would change, 0 left untouched\n");
  EXPECT_EQ(r.exit_code, 0);
}

// A file of a moved package whose old location cannot be derived (its place
// below the source would lie in a deeper import root, where it is another
// module) is named with the moves file's line; the others are rewritten;
// exit 1. A file move for it settles it.
TEST_F(RewriteCmdTest, OldLocationThatCannotBeDerivedIsReportedPerFileWithExit1) {
  sb.write_file("repo/apps/api/manage.py", "import sys\n");
  sb.write_file("repo/apps/api/tracker/__init__.py", "");
  sb.write_file("repo/apps/api/tracker/views.py", "from ..other import x\n");
  sb.write_file("repo/apps/api/tracker/urls.py", "from .views import x\n");
  sb.commit_all("repo", "an api project");
  sb.run({"mkdir", "-p", "products"}, "repo");
  sb.git("repo", {"mv", "apps/api/tracker", "products/tracker"});
  const std::string moves = "[module_moves]\n\"apps.api.tracker\" = \"products.tracker\"\n";
  sb.write_file("repo/model_migration/moves.toml", moves);
  RunResult r = sb.migrate("fresh", {"rewrite", "products"}, "repo");
  const std::string why = " cannot be derived: apps/api/tracker/";
  EXPECT_EQ(r.out,
            "not rewritten as moved: products/tracker/__init__.py: where it was before the move of apps.api.tracker to "
            "products.tracker (model_migration/moves.toml:2)" + why + "__init__.py would lie in the import root "
            "apps/api, where it is not module apps.api.tracker or below it; add a [[file_moves]] entry for it\n"
            "not rewritten as moved: products/tracker/urls.py: where it was before the move of apps.api.tracker to "
            "products.tracker (model_migration/moves.toml:2)" + why + "urls.py would lie in the import root "
            "apps/api, where it is not module apps.api.tracker or below it; add a [[file_moves]] entry for it\n"
            "not rewritten as moved: products/tracker/views.py: where it was before the move of apps.api.tracker to "
            "products.tracker (model_migration/moves.toml:2)" + why + "views.py would lie in the import root "
            "apps/api, where it is not module apps.api.tracker or below it; add a [[file_moves]] entry for it\n"
            "3 Python files considered, 0 parsed, 0 changed, 0 left untouched\n");
  EXPECT_EQ(r.err,
            "git-migrate-fresh rewrite: error: 3 moved file(s) whose old location cannot be derived (listed above): "
            "their relative imports were not rewritten; add [[file_moves]] entries for them, then run the rewrite "
            "again\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(sb.read_file("repo/products/tracker/views.py"), "from ..other import x\n");

  // Named by the mapping (apps/api is the root), the move is derived.
  sb.write_file("repo/model_migration/moves.toml", "[module_moves]\n\"tracker\" = \"products.tracker\"\n");
  r = sb.migrate("fresh", {"rewrite", "products"}, "repo");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out, "3 Python files considered, 2 parsed, 0 changed, 0 left untouched\n");
  EXPECT_EQ(r.exit_code, 0);
}

TEST_F(RewriteCmdTest, DryRunAndDiffExcludeEachOther) {
  RunResult r = sb.migrate("fresh", {"rewrite", "-n", "--diff"}, "repo");
  EXPECT_EQ(r.exit_code, 2);
}

// Issue 10's minimal reproducer: a src/ layout that hatch declares. Module
// names are relative to src/ (detected, no option), for scan and rewrite.
TEST(RewriteImportRoots, SrcLayoutScanThenRewriteWithoutOptions) {
  Sandbox sb;
  sb.init_repo("repo");
  sb.write_file("repo/pyproject.toml",
                "[project]\nname = \"pkg\"\n\n[tool.hatch.build.targets.wheel]\npackages = [\"src/pkg\"]\n");
  sb.write_file("repo/src/pkg/__init__.py", "");
  sb.write_file("repo/src/pkg/util.py", "x = 1\n");
  sb.write_file("repo/src/pkg/a/__init__.py", "");
  sb.write_file("repo/src/pkg/a/mod.py", "from ..util import x\n");
  sb.write_file("repo/src/pkg/user.py", "from .a.mod import x\nimport pkg.a.mod\n\nprint(pkg.a.mod.x, x)\n");
  sb.commit_all("repo", "initial");

  RunResult scan = sb.migrate("fresh", {"scan", "--from", "src/pkg/a", "--to", "src/pkg/b/a", "--dry-run"}, "repo");
  EXPECT_EQ(scan.err, "");
  EXPECT_EQ(scan.out,
            "# Generated by git migrate-fresh scan --from src/pkg/a --to src/pkg/b/a\n"
            "# 2 file moves, 1 module moves, 0 symbol remaps\n"
            "product = \"a\"\n"
            "# import root src (pyproject.toml: [tool.hatch.build.targets.wheel] packages)\n"
            "import_roots = [\"src\"]\n"
            "\n[[file_moves]]\nfrom = \"src/pkg/a/__init__.py\"\nto = \"src/pkg/b/a/__init__.py\"\n"
            "\n[[file_moves]]\nfrom = \"src/pkg/a/mod.py\"\nto = \"src/pkg/b/a/mod.py\"\n"
            "\n[module_moves]\n\"pkg.a\" = \"pkg.b.a\"\n"
            "\n[symbol_remap]\n");
  EXPECT_EQ(scan.exit_code, 0);

  RunResult wrote = sb.migrate("fresh", {"scan", "--from", "src/pkg/a", "--to", "src/pkg/b/a"}, "repo");
  EXPECT_EQ(wrote.exit_code, 0) << wrote.err;
  sb.run({"mkdir", "-p", "src/pkg/b"}, "repo");
  sb.git("repo", {"mv", "src/pkg/a", "src/pkg/b/a"});
  RunResult r = sb.migrate("fresh", {"rewrite"}, "repo");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out,
            "changed: src/pkg/b/a/mod.py\n"
            "changed: src/pkg/user.py\n"
            "5 Python files considered, 2 parsed, 2 changed, 0 left untouched\n");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(sb.read_file("repo/src/pkg/b/a/mod.py"), "from ...util import x\n");
  EXPECT_EQ(sb.read_file("repo/src/pkg/user.py"),
            "from .b.a.mod import x\nimport pkg.b.a.mod\n\nprint(pkg.b.a.mod.x, x)\n");
  // Rewriting again changes nothing.
  RunResult again = sb.migrate("fresh", {"rewrite"}, "repo");
  EXPECT_EQ(again.out, "5 Python files considered, 2 parsed, 0 changed, 0 left untouched\n");
  EXPECT_EQ(again.exit_code, 0);
}

}  // namespace
}  // namespace migrate::testing
