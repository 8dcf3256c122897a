// git-migrate-check with a blob missing from the object database (a partial
// clone without it, a damaged repository): the rules that needed the file
// report it, everything else is still audited. Whole outputs are compared.
#include <filesystem>

#include <gtest/gtest.h>

#include "tests/e2e/check_fixture.h"
#include "tests/harness/sandbox.h"

namespace migrate::testing::check {
namespace {

TEST(CheckMissing, AMissingBlobIsReportedAndTheOtherRulesStillRun) {
  Sandbox sb;
  sb.init_repo("r");
  sb.write_file("r/shop/__init__.py", "");
  sb.write_file("r/shop/models.py", "def total(order):\n    return order.sum\n\n\ndef tax(order):\n    return 0\n");
  sb.write_file("r/docs/guide.txt", numbered_lines(80));
  sb.write_file("r/alembic.ini", "[alembic]\nscript_location = alembic\n");
  sb.write_file("r/alembic/env.py", "from alembic import context\n");
  sb.write_file("r/alembic/versions/a1_users.py",
                "revision = \"a1\"\ndown_revision = None\n\n\ndef upgrade():\n    op.create_table(\"users\")\n");
  sb.commit_all("r", "master");
  sb.git("r", {"checkout", "-q", "-b", "feature"});
  sb.write_file("r/shop/models.py", "def total(order):\n    return order.sum\n");
  sb.remove("r/docs/guide.txt");
  sb.write_file("r/alembic/versions/b2_orders.py",
                "revision = \"b2\"\ndown_revision = \"a1\"\n\n\ndef upgrade():\n"
                "    op.create_foreign_key(\"fk\", \"orders\", \"users\", [\"user_id\"], [\"id\"])\n");
  const std::string c = sb.commit_all("r", "orders");
  // The master version of shop/models.py leaves the object database.
  const std::string blob = sb.rev_parse("r", "master:shop/models.py");
  std::filesystem::remove(sb.path("r/.git/objects/" + blob.substr(0, 2) + "/" + blob.substr(2)));

  RunResult r = sb.migrate("check", {}, "r");
  const std::string b = blob.substr(0, 10);
  EXPECT_EQ(r.out,
            "shop/models.py\n"
            "  warning: its lines could not be counted: a blob of this file is missing from the object database (a "
            "partial clone or a damaged repository); fetch it (git fetch) and check again [large-deletion]\n"
            "  warning: could not be read: blob " + b + " is missing from the object database (a partial clone or a "
            "damaged repository), so this rule did not check it; fetch the object (git fetch) or repair the "
            "repository (git fsck), then check again [vanished-definition]\n"
            "docs/guide.txt\n"
            "  warning: deleted with 80 lines; check that no code was lost [large-deletion]\n"
            "alembic/versions/b2_orders.py\n"
            "  6: warning: op.create_foreign_key(...) has no ondelete=; state what deleting the referenced row does "
            "(CASCADE, SET NULL, RESTRICT) [al-fk-no-ondelete] (" + short_id(c) + ")\n"
            "\n"
            "0 errors, 4 warnings, 0 infos in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.err, "git-migrate-check: error: the audit is incomplete: 1 blob is missing from the object database "
                   "(shop/models.py: " + blob + ")\n"
                   "hint: repair the repository (git fsck names what is damaged), or check in a fresh clone\n");
  EXPECT_EQ(r.exit_code, 128);
}

// A blob missing at the END of the range, of a file the range did not touch:
// the rules that read every Python file of the end tree (vanished-definition's
// search for importers) report that file, and the audit of everything else
// goes on. It used to end the whole audit with "object not found".
TEST(CheckMissing, AMissingBlobInTheEndTreeIsReportedByTheRuleThatReadsIt) {
  Sandbox sb;
  sb.init_repo("r");
  sb.write_file("r/shop/__init__.py", "");
  sb.write_file("r/shop/models.py", "def total(order):\n    return order.sum\n\n\ndef tax(order):\n    return 0\n");
  sb.write_file("r/shop/views.py", "from shop.models import tax\n\n\ndef show(order):\n    return tax(order)\n");
  sb.write_file("r/shop/admin.py", "from shop.models import total\n");
  sb.commit_all("r", "master");
  sb.git("r", {"checkout", "-q", "-b", "feature"});
  sb.write_file("r/shop/models.py", "def total(order):\n    return order.sum\n");
  const std::string c = sb.commit_all("r", "tax goes");
  // shop/admin.py, unchanged in the range, leaves the object database.
  const std::string blob = sb.rev_parse("r", "feature:shop/admin.py");
  std::filesystem::remove(sb.path("r/.git/objects/" + blob.substr(0, 2) + "/" + blob.substr(2)));
  sb.remove("r/shop/admin.py");

  RunResult r = sb.migrate("check", {}, "r");
  const std::string b = blob.substr(0, 10);
  EXPECT_EQ(r.out,
            "shop/models.py\n"
            "  5: error: function tax (was at shop/models.py:5) is defined nowhere at the end of the range "
            "[vanished-definition] (" + short_id(c) + ")\n"
            "shop/admin.py\n"
            "  warning: could not be read: blob " + b + " is missing from the object database (a partial clone or a "
            "damaged repository), so this rule did not check it; fetch the object (git fetch) or repair the "
            "repository (git fsck), then check again [vanished-definition]\n"
            "\n"
            "1 error, 1 warning, 0 infos in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.err, "git-migrate-check: error: the audit is incomplete: 1 blob is missing from the object database "
                   "(shop/admin.py: " + blob + ")\n"
                   "hint: repair the repository (git fsck names what is damaged), or check in a fresh clone\n");
  EXPECT_EQ(r.exit_code, 128);
}

// An added file whose blob is missing, which no rule reads (a large JSON
// schema left out of a partial clone): nothing was left unaudited, so the
// audit is complete. It used to exit 128 with "no problems" on standard
// output and no finding naming the file.
TEST(CheckMissing, AnAddedFileNoRuleReadsIsNotMissed) {
  Sandbox sb;
  sb.init_repo("r");
  sb.write_file("r/shop/__init__.py", "");
  sb.commit_all("r", "master");
  sb.git("r", {"checkout", "-q", "-b", "feature"});
  sb.write_file("r/shop/schema.json", numbered_lines(300));
  sb.write_file("r/shop/models.py", "def total(order):\n    return order.sum\n");
  sb.commit_all("r", "schema");
  const std::string blob = sb.rev_parse("r", "feature:shop/schema.json");
  std::filesystem::remove(sb.path("r/.git/objects/" + blob.substr(0, 2) + "/" + blob.substr(2)));
  sb.remove("r/shop/schema.json");

  RunResult r = sb.migrate("check", {}, "r");
  EXPECT_EQ(r.out, "no problems in 1 commit (master..HEAD)\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.exit_code, 0);
}

}  // namespace
}  // namespace migrate::testing::check
