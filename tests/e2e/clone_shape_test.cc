// Shallow and partial clones, which libgit2 cannot complete by itself:
// missing blobs of a partial clone are fetched through git from the promisor
// remote (a local file:// remote here); a shallow clone's missing history is
// explained with the commands to run.
#include <filesystem>

#include <gtest/gtest.h>

#include "tests/e2e/check_fixture.h"
#include "tests/harness/sandbox.h"

namespace migrate::testing::check {
namespace {

class CloneShape : public ::testing::Test {
 protected:
  void SetUp() override {
    sb.init_repo("up");
    sb.git("up", {"config", "uploadpack.allowFilter", "true"});
    sb.write_file("up/docs/guide.txt", numbered_lines(80));
    sb.write_file("up/app/models.py", "x = 1\n");
    base = sb.commit_all("up", "base");
    sb.git("up", {"checkout", "-q", "-b", "feature"});
    sb.write_file("up/docs/guide.txt", numbered_lines(10));
    tip = sb.commit_all("up", "shorten the guide");
    sb.git("up", {"checkout", "-q", "master"});
    // master moves on: a clone that checks out master or feature never
    // needs the base's guide.txt.
    sb.write_file("up/docs/guide.txt", numbered_lines(5, "other"));
    sb.commit_all("up", "master moves on");
    url = "file://" + sb.path("up");
  }

  // The objects `rev` needs that the clone lacks ("?<id>" lines).
  std::string missing(const std::string& repo, const std::string& rev) const {
    return sb.git(repo, {"rev-list", "--objects", "--missing=print", rev, "--", "docs"});
  }

  Sandbox sb;
  std::string base, tip, url;
};

constexpr const char* kFindings =
    "docs/guide.txt\n"
    "  warning: loses 70 lines (70 removed, 0 added); check that no code was removed by mistake [large-deletion]\n"
    "\n"
    "0 errors, 1 warning, 0 infos in 1 commit (HEAD~1..HEAD)\n";

TEST_F(CloneShape, PartialCloneFetchesMissingBlobsThroughGit) {
  sb.git("", {"clone", "-q", "--filter=blob:none", "--no-single-branch", url, "pc"});
  sb.git("pc", {"checkout", "-q", "feature"});
  const std::string old_blob = sb.rev_parse("pc", base + ":docs/guide.txt");
  ASSERT_NE(missing("pc", base).find("?" + old_blob), std::string::npos) << "the test needs a missing blob";
  const RunResult r = sb.migrate("check", {"HEAD~1..HEAD"}, "pc");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out, kFindings);
  EXPECT_EQ(r.exit_code, 0);
  // Fetched and kept, as git's lazy fetch does.
  EXPECT_EQ(missing("pc", base).find("?" + old_blob), std::string::npos);
}

TEST_F(CloneShape, PartialCloneOfflineSaysWhatToRun) {
  sb.git("", {"clone", "-q", "--filter=blob:none", "--no-single-branch", url, "pc"});
  sb.git("pc", {"checkout", "-q", "feature"});
  const std::string old_blob = sb.rev_parse("pc", base + ":docs/guide.txt");
  std::filesystem::rename(sb.path("up"), sb.path("up-gone"));
  const RunResult r = sb.migrate("check", {"HEAD~1..HEAD"}, "pc");
  // Every rule still runs; the file it could not read is named, and the
  // missing object with what to run.
  EXPECT_EQ(r.out,
            "docs/guide.txt\n"
            "  warning: its lines could not be counted: a blob of this file is missing from the object database (a "
            "partial clone or a damaged repository); fetch it (git fetch) and check again [large-deletion]\n"
            "\n"
            "0 errors, 1 warning, 0 infos in 1 commit (HEAD~1..HEAD)\n");
  EXPECT_EQ(r.err,
            "git-migrate-check: error: the audit is incomplete: 1 blob is missing from the object database "
            "(docs/guide.txt: " + old_blob + ")\n"
                "hint: this is a partial clone: its promisor remote origin did not send a missing object (offline, "
                "or the remote does not serve it)\n"
                "hint:   git: fatal: '" + sb.path("up") + "' does not appear to be a git repository\n"
                "hint:   git: fatal: Could not read from remote repository.\n"
                "hint:   git: Please make sure you have the correct access rights\n"
                "hint:   git: and the repository exists.\n"
                "hint:   git: fatal: could not fetch " + old_blob + " from promisor remote\n"
                "hint: fetch it, then run the command again: git -c fetch.negotiationAlgorithm=noop fetch origin " +
                old_blob + "\n"
                "hint: without access to origin, run it in a full clone (git clone without --filter)\n");
  EXPECT_EQ(r.exit_code, 128);
  // The command it names works once the remote is back.
  std::filesystem::rename(sb.path("up-gone"), sb.path("up"));
  sb.git("pc", {"-c", "fetch.negotiationAlgorithm=noop", "fetch", "-q", "origin", old_blob});
  EXPECT_EQ(missing("pc", base).find("?" + old_blob), std::string::npos);
}

TEST_F(CloneShape, ShallowCloneNamesTheBoundaryAndWhatToRun) {
  sb.git("", {"clone", "-q", "--depth", "1", "--no-single-branch", url, "sc"});
  sb.git("sc", {"checkout", "-q", "feature"});
  const std::string master = sb.rev_parse("sc", "master");
  std::string boundary = tip.substr(0, 7) + " (feature, origin/feature), " + master.substr(0, 7) +
                         " (master, origin/HEAD, origin/master)";
  if (master < tip)
    boundary = master.substr(0, 7) + " (master, origin/HEAD, origin/master), " + tip.substr(0, 7) +
               " (feature, origin/feature)";
  const std::string hints =
      "hint: this clone is shallow: its history stops at " + boundary +
      ", and the command needs commits beyond that boundary\n"
      "hint: fetch more history with `git fetch --deepen=<n>` (n more commits), or all of it with "
      "`git fetch --unshallow`\n"
      "hint: in CI, check out the whole history (GitHub actions/checkout: `fetch-depth: 0`)\n";
  const RunResult r = sb.migrate("check", {"HEAD~1..HEAD"}, "sc");
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "git-migrate-check: fatal: resolve revision 'HEAD~1': object not found - no match for id (" +
                       base + ")\n" + hints);
  EXPECT_EQ(r.exit_code, 128);
  // The default range needs the merge base of master and feature.
  const RunResult d = sb.migrate("check", {}, "sc");
  EXPECT_EQ(d.err.substr(d.err.find('\n') + 1), hints);
  EXPECT_EQ(d.err.rfind("git-migrate-check: fatal: find merge base '", 0), 0u) << d.err;
  EXPECT_EQ(d.exit_code, 128);
  // What the hint says to run is enough.
  sb.git("sc", {"fetch", "-q", "--deepen=1"});
  const RunResult deeper = sb.migrate("check", {"HEAD~1..HEAD"}, "sc");
  EXPECT_EQ(deeper.err, "");
  EXPECT_EQ(deeper.out, kFindings);
}

}  // namespace
}  // namespace migrate::testing::check
