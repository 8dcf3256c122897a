// git-migrate-check's stale-import rule (docs/workflow.md, trap 4 and step
// 6): imports and use sites that still name a moved module, with the moves
// file read from the worktree or the baseline branch. Whole outputs are
// compared.
#include <gtest/gtest.h>

#include "tests/e2e/check_fixture.h"
#include "tests/harness/sandbox.h"

namespace migrate::testing::check {
namespace {

class CheckStaleImport : public ::testing::Test {
 protected:
  void SetUp() override {
    sb.init_repo("r");
    sb.write_file("r/posthog/__init__.py", "");
    sb.write_file("r/posthog/models/__init__.py", "");
    sb.write_file("r/posthog/models/error_tracking.py",
                  "from django.db import models\n\n\nclass ErrorTrackingIssue(models.Model):\n    pass\n");
    sb.write_file("r/posthog/tasks/email.py",
                  "from posthog.models.error_tracking import ErrorTrackingIssue\n\n\ndef send(i: ErrorTrackingIssue):\n"
                  "    return i\n");
    sb.write_file("r/posthog/api/issues.py", "from posthog.models.error_tracking import ErrorTrackingIssue\n");
    sb.write_file("r/posthog/settings/web.py", "ISSUE_MODEL = \"posthog.models.error_tracking.ErrorTrackingIssue\"\n");
    sb.commit_all("r", "master");
    // The baseline branch carries the tooling folder with the moves file.
    sb.git("r", {"checkout", "-q", "-b", "chore/model-migration-baseline"});
    sb.write_file("r/model_migration/moves.toml", kMoves);
    sb.commit_all("r", "baseline");
    sb.git("r", {"checkout", "-q", "-b", "chore/models-migrations-error_tracking", "master"});
    sb.write_file("r/products/__init__.py", "");
    sb.write_file("r/products/error_tracking/__init__.py", "");
    sb.write_file("r/products/error_tracking/backend/__init__.py", "");
    sb.git("r", {"mv", "posthog/models/error_tracking.py", "products/error_tracking/backend/models.py"});
    sb.write_file("r/posthog/api/issues.py", "from products.error_tracking.backend.models import ErrorTrackingIssue\n");
    sb.commit_all("r", "move");
  }

  static constexpr const char* kMoves =
      "product = \"error_tracking\"\n"
      "\n"
      "[[file_moves]]\n"
      "from = \"posthog/models/error_tracking.py\"\n"
      "to = \"products/error_tracking/backend/models.py\"\n";

  RunResult check(const std::vector<std::string>& args = {}) const { return sb.migrate("check", args, "r"); }

  Sandbox sb;
};

TEST_F(CheckStaleImport, MovesFileReadFromTheBaselineBranch) {
  RunResult r = check();
  EXPECT_EQ(r.out,
            "posthog/settings/web.py\n"
            "  1: error: names posthog.models.error_tracking in a string, which moved: use "
            "products.error_tracking.backend.models (moves file "
            "chore/model-migration-baseline:model_migration/moves.toml) [stale-import]\n"
            "posthog/tasks/email.py\n"
            "  1: error: imports posthog.models.error_tracking, which moved: use "
            "products.error_tracking.backend.models (moves file "
            "chore/model-migration-baseline:model_migration/moves.toml) [stale-import]\n"
            "\n"
            "2 errors, 0 warnings, 0 infos in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(CheckStaleImport, MovesFileFromTheWorktreeFirst) {
  // The soft-reset technique leaves model_migration/ in the worktree.
  sb.write_file("r/model_migration/moves.toml",
                "product = \"error_tracking\"\n\n[module_moves]\n"
                "\"posthog.models.error_tracking\" = \"products.error_tracking.models\"\n");
  RunResult r = check();
  EXPECT_EQ(r.out,
            "posthog/settings/web.py\n"
            "  1: error: names posthog.models.error_tracking in a string, which moved: use "
            "products.error_tracking.models (moves file model_migration/moves.toml) [stale-import]\n"
            "posthog/tasks/email.py\n"
            "  1: error: imports posthog.models.error_tracking, which moved: use "
            "products.error_tracking.models (moves file model_migration/moves.toml) [stale-import]\n"
            "\n"
            "2 errors, 0 warnings, 0 infos in 1 commit (master..HEAD)\n");
}

TEST_F(CheckStaleImport, EverythingUpdatedOrNoMovesFile) {
  sb.write_file("r/posthog/tasks/email.py",
                "from products.error_tracking.backend.models import ErrorTrackingIssue\n\n\n"
                "def send(i: ErrorTrackingIssue):\n    return i\n");
  sb.write_file("r/posthog/settings/web.py",
                "ISSUE_MODEL = \"products.error_tracking.backend.models.ErrorTrackingIssue\"\n");
  sb.commit_all("r", "fix imports");
  EXPECT_EQ(check().out, "no problems in 2 commits (master..HEAD)\n");
  sb.git("r", {"checkout", "-q", "HEAD~1"});
  EXPECT_EQ(check({"--baseline", "nope"}).out, "no problems in 1 commit (master..HEAD)\n");
}

TEST_F(CheckStaleImport, OnlyMovesThisBranchHasMadeCount) {
  // A branch of master that has not moved the module: its imports are fine.
  sb.git("r", {"checkout", "-q", "-b", "unrelated", "master"});
  sb.write_file("r/posthog/tasks/other.py", "from posthog.models.error_tracking import ErrorTrackingIssue\n");
  sb.commit_all("r", "unrelated work");
  EXPECT_EQ(check().out, "no problems in 1 commit (master..HEAD)\n");
}

TEST_F(CheckStaleImport, UseSitesThroughImportedPackages) {
  sb.write_file("r/posthog/tasks/email.py",
                "from products.error_tracking.backend.models import ErrorTrackingIssue\n\n\n"
                "def send(i: ErrorTrackingIssue):\n    return i\n");
  sb.write_file("r/posthog/settings/web.py",
                "ISSUE_MODEL = \"products.error_tracking.backend.models.ErrorTrackingIssue\"\n");
  // The root of a plain import, and a package bound by a from-import (the
  // file never spells posthog.models).
  sb.write_file("r/posthog/tasks/digest.py",
                "import posthog\n\n\ndef run():\n    return posthog.models.error_tracking.ErrorTrackingIssue\n");
  sb.write_file("r/posthog/tasks/weekly.py",
                "from posthog import models\n\n\ndef run():\n    return models.error_tracking.ErrorTrackingIssue\n");
  // Rebound by another import: nothing to say for sure.
  sb.write_file("r/posthog/tasks/other.py",
                "from posthog import models\nfrom django.db import models\n\nx = models.error_tracking\n");
  sb.commit_all("r", "use sites");
  // Audited from the next commit, which leaves those files alone: they are
  // read from the final tree only if the text filter lets them through.
  sb.write_file("r/README.md", "docs\n");
  sb.commit_all("r", "docs");
  RunResult r = check({"HEAD~1..HEAD"});
  EXPECT_EQ(r.out,
            "posthog/tasks/digest.py\n"
            "  5: error: uses posthog.models.error_tracking, which moved: use "
            "products.error_tracking.backend.models (moves file "
            "chore/model-migration-baseline:model_migration/moves.toml) [stale-import]\n"
            "posthog/tasks/weekly.py\n"
            "  5: error: uses posthog.models.error_tracking, which moved: use "
            "products.error_tracking.backend.models (moves file "
            "chore/model-migration-baseline:model_migration/moves.toml) [stale-import]\n"
            "\n"
            "2 errors, 0 warnings, 0 infos in 1 commit (HEAD~1..HEAD)\n");
  EXPECT_EQ(r.exit_code, 1);
}

TEST_F(CheckStaleImport, InvalidMovesFileIsAFinding) {
  sb.write_file("r/model_migration/moves.toml", "product = \"x\"\nunknown = 1\n");
  RunResult r = check();
  EXPECT_EQ(r.out,
            "(no file)\n"
            "  error: the moves file is invalid: model_migration/moves.toml:2: unknown key: unknown (expected "
            "product, import_roots, file_moves, module_moves, symbol_remap) "
            "[stale-import]\n"
            "\n"
            "1 error, 0 warnings, 0 infos in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.exit_code, 1);
}

// A moved file's relative import is read from where the file was: one that
// named an existing module there and names a missing one here was broken
// by the move (the rewrite spells it for the new place). Explicit file
// moves, and the files of a package moved by a module move.
TEST_F(CheckStaleImport, RelativeImportsOfMovedFilesReadFromTheirOldPlace) {
  sb.git("r", {"checkout", "-q", "master"});
  sb.write_file("r/posthog/models/team.py", "class Team:\n    pass\n");
  sb.write_file("r/posthog/utils.py", "def helper():\n    return 1\n");
  sb.write_file("r/posthog/billing/__init__.py", "");
  sb.write_file("r/posthog/billing/models.py", "class Invoice:\n    pass\n");
  sb.write_file("r/posthog/billing/views.py",
                "from .models import Invoice\nfrom ..utils import helper\nfrom posthog.billing import models\n");
  sb.write_file("r/posthog/models/error_tracking.py", "from .team import Team\n\n\nclass ErrorTrackingIssue:\n    pass\n");
  sb.commit_all("r", "master grows");
  sb.git("r", {"checkout", "-q", "chore/models-migrations-error_tracking"});
  sb.git("r", {"rebase", "-q", "master"});
  sb.run({"mkdir", "-p", "products/billing"}, "r");
  sb.git("r", {"mv", "posthog/billing", "products/billing/backend"});
  sb.write_file("r/products/billing/__init__.py", "");
  sb.write_file("r/posthog/tasks/email.py",
                "from products.error_tracking.backend.models import ErrorTrackingIssue\n\n\ndef send(i: ErrorTrackingIssue):\n"
                "    return i\n");
  sb.write_file("r/posthog/settings/web.py", "ISSUE_MODEL = \"products.error_tracking.backend.models.ErrorTrackingIssue\"\n");
  sb.write_file("r/products/billing/backend/views.py",
                "from .models import Invoice\nfrom ..utils import helper\nfrom products.billing.backend import models\n");
  sb.commit_all("r", "move billing");
  sb.write_file("r/model_migration/moves.toml",
                std::string(kMoves) + "\n[module_moves]\n\"posthog.billing\" = \"products.billing.backend\"\n");
  RunResult r = check({"HEAD~1..HEAD"});
  EXPECT_EQ(r.out,
            "products/billing/backend/views.py\n"
            "  2: error: relative import ..utils named posthog.utils before the file moved; here it names "
            "products.billing.utils, which does not exist: use posthog.utils (moves file model_migration/moves.toml) "
            "[stale-import]\n"
            "products/error_tracking/backend/models.py\n"
            "  1: error: relative import .team named posthog.models.team before the file moved; here it names "
            "products.error_tracking.backend.team, which does not exist: use posthog.models.team (moves file "
            "model_migration/moves.toml) [stale-import]\n"
            "\n"
            "2 errors, 0 warnings, 0 infos in 1 commit (HEAD~1..HEAD)\n");
  EXPECT_EQ(r.exit_code, 1);
  // Spelled for the new place: nothing to say.
  sb.write_file("r/products/billing/backend/views.py",
                "from .models import Invoice\nfrom posthog.utils import helper\nfrom products.billing.backend import models\n");
  sb.write_file("r/products/error_tracking/backend/models.py",
                "from posthog.models.team import Team\n\n\nclass ErrorTrackingIssue:\n    pass\n");
  sb.git("r", {"commit", "-q", "-am", "fix relative imports"});
  EXPECT_EQ(check({"HEAD~1..HEAD"}).out, "no problems in 1 commit (HEAD~1..HEAD)\n");
}

}  // namespace
}  // namespace migrate::testing::check
