// git migrate-fresh save-scripts: one linear commit on the baseline, built in
// memory, refused when the baseline moved.
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <algorithm>

#include <gtest/gtest.h>

#include "tests/e2e/fresh_fixture.h"

namespace migrate::testing {
namespace {

constexpr const char* kRunScript =
    "git mv posthog/api/error_tracking.py products/error_tracking/backend/api.py && echo moved";

class FreshSaveScripts : public ::testing::Test {
 protected:
  void SetUp() override {
    make_django_repo(sb, "repo", "");
    const RunResult r = sb.migrate("fresh", {"--run", kRunScript, "--no-pause", "error_tracking"}, "repo");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  RunResult fresh(const std::vector<std::string>& args) const { return sb.migrate("fresh", args, "repo"); }
  // save-scripts run without the power to read a file its mode forbids:
  // root reads any file, so as root the command runs under setpriv with
  // CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH out of its bounding set.
  RunResult save_without_read_override() const {
    std::vector<std::string> argv;
    if (geteuid() == 0) argv = {"setpriv", "--bounding-set=-dac_override,-dac_read_search"};
    argv.push_back(bin_dir() + "/git-migrate-fresh");
    argv.push_back("save-scripts");
    return sb.run(argv, "repo");
  }
  // `git migrate-fresh save-scripts` refuses with exactly `err` (exit 1,
  // nothing on standard output) and changes nothing: refs, HEAD, index,
  // worktree (Sandbox::snapshot).
  void expect_refusal(const std::string& err) const {
    const std::string before = sb.snapshot("repo");
    const RunResult r = fresh({"save-scripts"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, err);
    EXPECT_EQ(sb.snapshot("repo"), before);
  }
  std::string baseline_tree(const std::string& folder) const {
    return sb.git("repo", {"ls-tree", "-r", "chore/model-migration-baseline", folder});
  }
  Sandbox sb;
};

TEST_F(FreshSaveScripts, RefusesAFileItCannotReadAndChangesNothing) {
  // git add says "error: open(...): Permission denied" and adds nothing;
  // save-scripts used to commit the file as an empty blob.
  sb.write_file("repo/model_migration/migrate_models.py", "print(\"migrating, better\")\n");
  sb.write_file("repo/model_migration/secret.py", "TOKEN = 1\n");
  ASSERT_EQ(chmod(sb.path("repo/model_migration/secret.py").c_str(), 0), 0);
  const std::string before = sb.snapshot("repo");
  const std::string objects = sb.git("repo", {"count-objects"});
  const RunResult r = save_without_read_override();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "error: cannot save model_migration/, nothing was saved:\n"
            "  model_migration/secret.py: Permission denied\n"
            "  make it a readable file or a symbolic link, or delete it, then run save-scripts again\n");
  // No ref moved, no backup ref, not even a loose object written.
  EXPECT_EQ(sb.snapshot("repo"), before);
  EXPECT_EQ(sb.git("repo", {"count-objects"}), objects);
  EXPECT_EQ(sb.git("repo", {"for-each-ref", "--format=%(refname)", "refs/migrate/"}), "");
  // Readable again, it is saved with its content.
  ASSERT_EQ(chmod(sb.path("repo/model_migration/secret.py").c_str(), 0644), 0);
  const RunResult saved = save_without_read_override();
  EXPECT_EQ(saved.exit_code, 0) << saved.err;
  EXPECT_EQ(sb.git("repo", {"show", "chore/model-migration-baseline:model_migration/secret.py"}), "TOKEN = 1\n");
}

TEST_F(FreshSaveScripts, RefusesARepositoryOfItsOwnInTheToolingFolder) {
  // git add records a nested repository as a link to its HEAD commit
  // ("adding embedded git repository"), which no colleague can fetch; its
  // files never reach the baseline. save-scripts used to skip it without a
  // word and save the rest.
  sb.write_file("repo/model_migration/migrate_models.py", "print(\"migrating, better\")\n");
  sb.init_repo("repo/model_migration/vendor_tool");
  sb.write_file("repo/model_migration/vendor_tool/tool.py", "print('vendored')\n");
  sb.commit_all("repo/model_migration/vendor_tool", "vendored tool");
  expect_refusal(
      "error: cannot save model_migration/, nothing was saved:\n"
      "  model_migration/vendor_tool: a git repository of its own, of which git would save only a link to "
      "its commit, not its files\n"
      "  move a repository out of model_migration/, or remove its .git to save its files as ordinary files, "
      "then run save-scripts again\n");
  // Its files as ordinary files: saved.
  std::filesystem::remove_all(sb.path("repo/model_migration/vendor_tool/.git"));
  const RunResult r = fresh({"save-scripts"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(sb.git("repo", {"show", "chore/model-migration-baseline:model_migration/vendor_tool/tool.py"}),
            "print('vendored')\n");
}

// A submodule the baseline records in the tooling folder is kept as git
// add -A keeps it: its link unchanged while it is not checked out (an empty
// folder), or moved to the commit its checkout holds. save-scripts used to
// take the empty folder for a deleted file and remove the link.
TEST(FreshSaveScriptsSubmodule, KeepsOrUpdatesTheLinkAsGitAddDoes) {
  Sandbox sb;
  sb.init_repo("tool");
  sb.write_file("tool/tool.py", "print('v1')\n");
  const std::string v1 = sb.commit_all("tool", "v1");
  make_django_repo(sb, "repo", "");
  sb.git("repo", {"checkout", "-q", "chore/model-migration-baseline"});
  sb.git("repo", {"update-index", "--add", "--cacheinfo", "160000," + v1 + ",model_migration/tool"});
  sb.git("repo", {"commit", "-q", "-m", "vendored tool"});
  sb.git("repo", {"checkout", "-q", "master"});
  RunResult r = sb.migrate("fresh", {"--run", kRunScript, "--no-pause", "error_tracking"}, "repo");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto link = [&] {
    return sb.git("repo", {"ls-tree", "chore/model-migration-baseline", "model_migration/tool"});
  };
  ASSERT_EQ(link(), "160000 commit " + v1 + "\tmodel_migration/tool\n");
  // Not checked out: the link stays.
  std::filesystem::create_directories(sb.path("repo/model_migration/tool"));
  sb.write_file("repo/model_migration/migrate_models.py", "print(\"migrating, better\")\n");
  r = sb.migrate("fresh", {"save-scripts"}, "repo");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("tool"), std::string::npos) << r.out;
  EXPECT_EQ(link(), "160000 commit " + v1 + "\tmodel_migration/tool\n");
  // Checked out at another commit: the link follows it.
  std::filesystem::remove(sb.path("repo/model_migration/tool"));
  sb.git("", {"clone", "-q", sb.path("tool"), sb.path("repo/model_migration/tool")});
  sb.write_file("repo/model_migration/tool/tool.py", "print('v2')\n");
  const std::string v2 = sb.commit_all("repo/model_migration/tool", "v2");
  r = sb.migrate("fresh", {"save-scripts", "--force"}, "repo");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(link(), "160000 commit " + v2 + "\tmodel_migration/tool\n");
}

TEST_F(FreshSaveScripts, RefusesAFifoOrSocketWhereAFileWasAndSkipsNewOnesAsGitDoes) {
  // git add: "error: <path>: can only add regular files, symbolic links or
  // git-directories" for a tracked file that became a FIFO; a new FIFO or
  // socket it does not list and does not add. save-scripts used to delete
  // the file from the baseline.
  const auto path = [&](const std::string& rel) { return sb.path("repo/model_migration/" + rel); };
  std::filesystem::remove(path("migrate_models.py"));
  ASSERT_EQ(mkfifo(path("migrate_models.py").c_str(), 0644), 0);
  ASSERT_EQ(mkfifo(path("new.fifo").c_str(), 0644), 0);
  const int sock = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(sock, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  const std::string sock_path = path("new.sock");
  ASSERT_LT(sock_path.size(), sizeof addr.sun_path);
  std::strcpy(addr.sun_path, sock_path.c_str());
  ASSERT_EQ(bind(sock, reinterpret_cast<const sockaddr*>(&addr), sizeof addr), 0);
  close(sock);
  expect_refusal(
      "error: cannot save model_migration/, nothing was saved:\n"
      "  model_migration/migrate_models.py: a FIFO, and git commits only regular files and symbolic links\n"
      "  make it a readable file or a symbolic link, or delete it, then run save-scripts again\n");
  // With the file back, the new FIFO and socket are left out, as git leaves them.
  std::filesystem::remove(path("migrate_models.py"));
  sb.write_file("repo/model_migration/migrate_models.py", "print(\"back\")\n");
  const RunResult r = fresh({"save-scripts"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(sb.git("repo", {"ls-tree", "-r", "--name-only", "chore/model-migration-baseline", "model_migration/"}),
            "model_migration/migrate_models.py\n"
            "model_migration/migration_config.json\n"
            "model_migration/moves.toml\n");
}

TEST_F(FreshSaveScripts, SavesSymlinksAsLinksAndNothingBeyondThem) {
  // As git add -A: a symlink is a link (mode 120000, its target as the
  // blob), dangling or not, and a folder replaced by a symlink loses its
  // files, whatever the link points to.
  sb.write_file("repo/model_migration/lib/helper.py", "HELP = 1\n");
  ASSERT_EQ(fresh({"save-scripts"}).exit_code, 0);
  sb.write_file("shared/helper.py", "SHARED = 1\n");
  sb.write_file("shared/extra.py", "EXTRA = 1\n");
  std::filesystem::remove_all(sb.path("repo/model_migration/lib"));
  std::filesystem::create_directory_symlink("../../shared", sb.path("repo/model_migration/lib"));
  std::filesystem::create_symlink("migrate_models.py", sb.path("repo/model_migration/latest.py"));
  std::filesystem::create_symlink("nowhere.py", sb.path("repo/model_migration/dangling.py"));
  const RunResult r = fresh({"save-scripts"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const std::string head = sb.rev_parse("repo", "chore/model-migration-baseline").substr(0, 10);
  const std::string parent = sb.rev_parse("repo", "chore/model-migration-baseline~1").substr(0, 10);
  EXPECT_EQ(r.out,
            "kept the baseline's model_migration/migration_config.json: its only change is this run's status edit\n"
            "Saved 4 files on chore/model-migration-baseline: " + parent + " -> " + head +
                " (backup: refs/migrate/backup/chore/model-migration-baseline/2)\n"
                "- add model_migration/dangling.py\n"
                "- add model_migration/latest.py\n"
                "- add model_migration/lib\n"
                "- delete model_migration/lib/helper.py\n");
  const auto blob = [&](const std::string& content) {
    return sb.run({"git", "hash-object", "--stdin"}, "repo", content).out.substr(0, 40);
  };
  EXPECT_EQ(baseline_tree("model_migration/"),
            "120000 blob " + blob("nowhere.py") + "\tmodel_migration/dangling.py\n"
            "120000 blob " + blob("migrate_models.py") + "\tmodel_migration/latest.py\n"
            "120000 blob " + blob("../../shared") + "\tmodel_migration/lib\n"
            "100644 blob " + blob("print(\"migrating\")\n") + "\tmodel_migration/migrate_models.py\n" +
            sb.git("repo", {"ls-tree", "chore/model-migration-baseline~2", "model_migration/migration_config.json",
                            "model_migration/moves.toml"}));
}

TEST_F(FreshSaveScripts, RefusalsEscapeControlCharacters) {
  // A refusal that quotes text holding ESC (here a phase name read from the
  // state file) prints it escaped, never as the raw byte that would drive
  // the terminal. The state file is named relative to the worktree root.
  const std::string file = sb.path("repo/.git/migrate/error_tracking.toml");
  std::ifstream in(file);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t at = text.find("name = 'prepare'");
  ASSERT_NE(at, std::string::npos) << text;
  text.replace(at, 16, "name = \"pre\\u001B[31mpare\"");
  sb.write_file("repo/.git/migrate/error_tracking.toml", text);
  const std::string line = std::to_string(std::count(text.begin(), text.begin() + at, '\n') + 1);
  const RunResult r = fresh({"save-scripts", "error_tracking"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "error: the state of error_tracking cannot be read: .git/migrate/error_tracking.toml:" + line +
                ": unknown phase 'pre\\033[31mpare'\n"
                "  forget it with `git migrate-fresh --reset error_tracking`, then save with --baseline <branch>\n");
}

TEST_F(FreshSaveScripts, ABadProductNameIsAUsageError) {
  // As for git migrate-fresh <product>: the name must be a Python package
  // name. It used to be taken as a run that does not exist (and '../x' as a
  // state file outside .git/migrate), and the save went on.
  sb.write_file("repo/model_migration/migrate_models.py", "print(\"mine\")\n");
  const std::string before = sb.snapshot("repo");
  RunResult r = fresh({"save-scripts", "../error_tracking"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "error: '../error_tracking' is not a product name (letters, digits and '_', as in a Python module)\n");
  r = fresh({"save-scripts", "error\033[31m_tracking"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "error: 'error\\033[31m_tracking' is not a product name (letters, digits and '_', as in a Python module)\n");
  EXPECT_EQ(sb.snapshot("repo"), before);
}

TEST_F(FreshSaveScripts, CommitsTheToolingFolderOnTopOfTheBaseline) {
  const std::string baseline = sb.rev_parse("repo", "chore/model-migration-baseline");
  const std::string head = sb.rev_parse("repo", "HEAD");
  sb.write_file("repo/model_migration/migrate_models.py", "print(\"migrating, better\")\n");
  sb.write_file("repo/model_migration/phase_tracker.py", "PHASES = []\n");
  const std::string before_worktree = sb.git("repo", {"status", "--porcelain", "--untracked-files=all"});
  const RunResult r = fresh({"save-scripts"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out,
            "kept the baseline's model_migration/migration_config.json: its only change is this run's status edit\n"
            "Saved 2 files on chore/model-migration-baseline: abda578c45 -> f1217adcff (backup: refs/migrate/backup/chore/model-migration-baseline/1)\n"
            "- update model_migration/migrate_models.py\n"
            "- add model_migration/phase_tracker.py\n");
  // One new commit whose parent is the old baseline; only the scripts changed.
  EXPECT_EQ(sb.rev_parse("repo", "chore/model-migration-baseline~1"), baseline);
  EXPECT_EQ(sb.git("repo", {"diff", "--name-status", baseline, "chore/model-migration-baseline"}),
            "M\tmodel_migration/migrate_models.py\n"
            "A\tmodel_migration/phase_tracker.py\n");
  EXPECT_EQ(sb.git("repo", {"log", "-1", "--format=%B", "chore/model-migration-baseline"}),
            "chore(migration-scripts): save script changes from chore/models-migrations-error_tracking-fresh\n"
            "\n"
            "- update model_migration/migrate_models.py\n"
            "- add model_migration/phase_tracker.py\n"
            "\n");
  EXPECT_EQ(sb.git("repo", {"reflog", "-1", "--format=%gs", "chore/model-migration-baseline"}),
            "migrate-fresh save-scripts: 2 file(s) under model_migration/\n");
  // The fresh branch, index and worktree are untouched.
  EXPECT_EQ(sb.rev_parse("repo", "HEAD"), head);
  EXPECT_EQ(sb.git("repo", {"status", "--porcelain", "--untracked-files=all"}), before_worktree);
  // Saving again has nothing to do.
  EXPECT_EQ(fresh({"save-scripts"}).out,
            "kept the baseline's model_migration/migration_config.json: its only change is this run's status edit\n"
            "Nothing to save: model_migration/ is the same as on chore/model-migration-baseline.\n");
}

TEST_F(FreshSaveScripts, RefusesWhenTheBaselineMovedUnlessForced) {
  // A colleague commits on the baseline meanwhile (in another worktree).
  sb.git("repo", {"worktree", "add", "-q", "../colleague", "chore/model-migration-baseline"});
  sb.write_file("colleague/model_migration/README.md", "colleague's change\n");
  sb.write_file("colleague/model_migration/moves.toml", std::string(kMoves) + "# reviewed\n");
  sb.git("colleague", {"add", "model_migration"});
  sb.git("colleague", {"commit", "-q", "-m", "docs"});
  const std::string moved = sb.rev_parse("colleague", "HEAD");
  sb.git("repo", {"worktree", "remove", "../colleague"});
  sb.write_file("repo/model_migration/migrate_models.py", "print(\"mine\")\n");
  expect_refusal(
      "error: chore/model-migration-baseline moved since chore/models-migrations-error_tracking-fresh was created "
      "(was abda578c45, now 332397e94e)\n"
      "  look at its new commits: git log abda578c45..chore/model-migration-baseline\n"
      "  then save on top of them with --force (a file changed on both sides gets your version)\n");
  RunResult r = fresh({"save-scripts", "--force", "-m", "feat(migration): better messages"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(sb.rev_parse("repo", "chore/model-migration-baseline~1"), moved);
  EXPECT_EQ(sb.git("repo", {"diff", "--name-status", moved, "chore/model-migration-baseline"}),
            "M\tmodel_migration/migrate_models.py\n");
  EXPECT_EQ(r.out,
            "kept the baseline's model_migration/migration_config.json: its only change is this run's status edit\n"
            "Saved 1 file on chore/model-migration-baseline: 332397e94e -> 0431953fcf (backup: refs/migrate/backup/chore/model-migration-baseline/1)\n"
            "- update model_migration/migrate_models.py\n");
  EXPECT_EQ(sb.git("repo", {"log", "-1", "--format=%B", "chore/model-migration-baseline"}),
            "feat(migration): better messages\n"
            "\n"
            "- update model_migration/migrate_models.py\n"
            "\n");
}

}  // namespace
}  // namespace migrate::testing
