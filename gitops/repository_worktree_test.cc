#include <git2.h>
#include <sys/stat.h>

#include <filesystem>

#include "gitops/repo_fixture.h"

namespace migrate::gitops::testing {
namespace {

namespace fs = std::filesystem;

class WorktreeTest : public RepoTest {
 protected:
  void SetUp() override {
    sb_.init_repo("repo");
    sb_.write_file("repo/.gitignore", "*.log\n");
    sb_.write_file("repo/keep.txt", "keep\n");
    sb_.write_file("repo/change.txt", "old\n");
    sb_.write_file("repo/gone/file.txt", "gone\n");
    sb_.write_file("repo/model_migration/tool.py", "tool\n");
    base_ = sb_.commit_all("repo", "base");
    git("repo", {"checkout", "-q", "-b", "target"});
    sb_.write_file("repo/change.txt", "new\n");
    sb_.remove("repo/gone");
    sb_.write_file("repo/added/dir/new.txt", "added\n");
    sb_.write_file("repo/run.sh", "#!/bin/sh\n");
    fs::permissions(sb_.path("repo/run.sh"), fs::perms::owner_exec, fs::perm_options::add);
    target_ = sb_.commit_all("repo", "target");
    git("repo", {"checkout", "-q", "master"});
  }
  std::string base_, target_;
};

TEST_F(WorktreeTest, CheckoutTreeMovesIndexAndWorktree) {
  Repository r = repo();
  sb_.write_file("repo/debug.log", "ignored, untouched\n");
  sb_.write_file("repo/untracked.txt", "not in the way\n");
  r.checkout_tree(oid("repo", "master^{tree}"), oid("repo", "target^{tree}"));
  EXPECT_EQ(sb_.read_file("repo/change.txt"), "new\n");
  EXPECT_FALSE(sb_.exists("repo/gone"));  // the emptied folder goes too
  EXPECT_EQ(sb_.read_file("repo/added/dir/new.txt"), "added\n");
  EXPECT_TRUE((fs::status(sb_.path("repo/run.sh")).permissions() & fs::perms::owner_exec) != fs::perms::none);
  EXPECT_EQ(sb_.read_file("repo/debug.log"), "ignored, untouched\n");
  EXPECT_EQ(sb_.read_file("repo/untracked.txt"), "not in the way\n");
  EXPECT_EQ(r.index_tree(), oid("repo", "target^{tree}"));
  // Index and worktree agree with the target.
  EXPECT_EQ(git("repo", {"diff", "--name-status", "target"}), "");
  EXPECT_EQ(git("repo", {"diff", "--cached", "--name-status", "target"}), "");
  EXPECT_EQ(git("repo", {"ls-files", "--others", "--exclude-standard"}), "untracked.txt\n");
}

TEST_F(WorktreeTest, CheckoutTouchesOnlyChangedPaths) {
  Repository r = repo();
  const auto before = fs::last_write_time(sb_.path("repo/keep.txt"));
  const auto inode_before = fs::hard_link_count(sb_.path("repo/keep.txt"));
  // An unstaged change to a path the checkout does not touch survives.
  sb_.write_file("repo/model_migration/tool.py", "local edit\n");
  r.checkout_tree(oid("repo", "master^{tree}"), oid("repo", "target^{tree}"));
  EXPECT_EQ(fs::last_write_time(sb_.path("repo/keep.txt")), before);
  EXPECT_EQ(fs::hard_link_count(sb_.path("repo/keep.txt")), inode_before);
  EXPECT_EQ(sb_.read_file("repo/model_migration/tool.py"), "local edit\n");
  EXPECT_EQ(git("repo", {"diff", "--name-status", "target"}), "M\tmodel_migration/tool.py\n");
  EXPECT_EQ(git("repo", {"diff", "--cached", "--name-status", "target"}), "");
}

TEST_F(WorktreeTest, CheckoutRefusesLocalModificationAndWritesNothing) {
  Repository r = repo();
  sb_.write_file("repo/change.txt", "local work\n");
  const std::string before = sb_.snapshot("repo");
  const Oid from = oid("repo", "master^{tree}"), to = oid("repo", "target^{tree}");
  EXPECT_EQ(r.checkout_conflicts(from, to), std::vector<RepoPath>{P("change.txt")});
  try {
    r.checkout_tree(from, to);
    FAIL() << "checkout overwrote a local change";
  } catch (const GitError& e) {
    EXPECT_EQ(e.detail(), "local changes or untracked files would be overwritten: change.txt");
    EXPECT_EQ(e.code(), GIT_ECONFLICT);
  }
  EXPECT_EQ(sb_.snapshot("repo"), before);
}

TEST_F(WorktreeTest, CheckoutRefusesUntrackedCollisionAndWritesNothing) {
  Repository r = repo();
  sb_.write_file("repo/added/dir/new.txt", "mine, untracked\n");
  sb_.write_file("repo/run.sh", "mine too\n");
  const std::string before = sb_.snapshot("repo");
  const Oid from = oid("repo", "master^{tree}"), to = oid("repo", "target^{tree}");
  EXPECT_EQ(r.checkout_conflicts(from, to), (std::vector<RepoPath>{P("added/dir/new.txt"), P("run.sh")}));
  EXPECT_THROW(r.checkout_tree(from, to), GitError);
  EXPECT_EQ(sb_.snapshot("repo"), before);
  // git itself refuses the same checkout.
  EXPECT_NE(sb_.git_result("repo", {"checkout", "-q", "target"}).exit_code, 0);
}

TEST_F(WorktreeTest, CheckoutOverwritesIgnoredFileInTheWay) {
  sb_.write_file("repo/.gitignore", "*.log\nrun.sh\n");
  Repository r = repo();
  sb_.write_file("repo/run.sh", "ignored build output\n");
  EXPECT_TRUE(r.checkout_conflicts(oid("repo", "master^{tree}"), oid("repo", "target^{tree}")).empty());
}

TEST_F(WorktreeTest, ReadTreeIntoIndexLeavesWorktree) {
  Repository r = repo();
  r.read_tree_into_index(oid("repo", "target"));
  EXPECT_EQ(r.index_tree(), oid("repo", "target^{tree}"));
  EXPECT_EQ(sb_.read_file("repo/change.txt"), "old\n");
  EXPECT_EQ(trim(git("repo", {"diff", "--cached", "--name-only", "target"})), "");
}

TEST_F(WorktreeTest, StageAllIsAddAll) {
  Repository r = repo();
  sb_.write_file("repo/change.txt", "edited\n");
  sb_.remove("repo/keep.txt");
  sb_.write_file("repo/brand/new.py", "new\n");
  sb_.write_file("repo/noise.log", "ignored\n");
  const Oid tree = r.stage_all({});
  git("", {"clone", "-q", "repo", "twin"});
  sb_.write_file("twin/change.txt", "edited\n");
  sb_.remove("twin/keep.txt");
  sb_.write_file("twin/brand/new.py", "new\n");
  sb_.write_file("twin/noise.log", "ignored\n");
  git("twin", {"add", "-A"});
  EXPECT_EQ(tree.hex(), trim(git("twin", {"write-tree"})));
  EXPECT_EQ(r.index_tree(), tree);
  EXPECT_EQ(git("repo", {"ls-files", "-s"}), git("twin", {"ls-files", "-s"}));
}

TEST_F(WorktreeTest, StageAllExcludesFolderEvenWhenStagedBefore) {
  Repository r = repo();
  git("", {"clone", "-q", "repo", "twin"});
  // The soft-reset trap: model_migration/ is staged (tracked, and with a new
  // file added to the index); it must end up absent from the index.
  sb_.write_file("repo/model_migration/new_tool.py", "x\n");
  git("repo", {"add", "model_migration/new_tool.py"});
  sb_.write_file("repo/change.txt", "edited\n");
  const Oid tree = r.stage_all({P("model_migration")});
  EXPECT_EQ(trim(git("repo", {"ls-files", "model_migration"})), "");
  EXPECT_FALSE(r.tree_entry(tree, P("model_migration")));
  EXPECT_EQ(*r.read_blob_at(tree, P("change.txt")), "edited\n");
  // The files stay on disk, untracked.
  EXPECT_EQ(sb_.read_file("repo/model_migration/tool.py"), "tool\n");
  EXPECT_EQ(r.status().untracked,
            (std::vector<RepoPath>{P("model_migration/new_tool.py"), P("model_migration/tool.py")}));
  // What git gives for the same recipe.
  sb_.write_file("twin/model_migration/new_tool.py", "x\n");
  git("twin", {"add", "model_migration/new_tool.py"});
  sb_.write_file("twin/change.txt", "edited\n");
  git("twin", {"rm", "-r", "-q", "--cached", "model_migration"});
  git("twin", {"add", "-A", "--", ".", ":!model_migration"});
  EXPECT_EQ(tree.hex(), trim(git("twin", {"write-tree"})));
}

TEST_F(WorktreeTest, MovePathLikeGitMv) {
  Repository r = repo();
  r.move_path(P("gone"), P("products/backend/gone"));
  r.move_path(P("change.txt"), P("products/change.txt"));
  EXPECT_FALSE(sb_.exists("repo/gone"));
  EXPECT_EQ(sb_.read_file("repo/products/backend/gone/file.txt"), "gone\n");
  EXPECT_EQ(git("repo", {"status", "--porcelain"}),
            "R  gone/file.txt -> products/backend/gone/file.txt\nR  change.txt -> products/change.txt\n");
  EXPECT_THROW(r.move_path(P("keep.txt"), P("products/change.txt")), GitError);  // destination exists
  EXPECT_THROW(r.move_path(P("untracked.txt"), P("x.txt")), GitError);           // not tracked
  git("", {"clone", "-q", "repo", "twin"});
  fs::create_directories(sb_.path("twin/products/backend"));
  git("twin", {"mv", "gone", "products/backend/gone"});
  git("twin", {"mv", "change.txt", "products/change.txt"});
  EXPECT_EQ(r.index_tree().hex(), trim(git("twin", {"write-tree"})));
}

TEST_F(WorktreeTest, MoveKeepsUnstagedChanges) {
  Repository r = repo();
  sb_.write_file("repo/change.txt", "unstaged edit\n");
  r.move_path(P("change.txt"), P("moved.txt"));
  EXPECT_EQ(sb_.read_file("repo/moved.txt"), "unstaged edit\n");
  EXPECT_EQ(git("repo", {"status", "--porcelain"}), "RM change.txt -> moved.txt\n");
}

TEST_F(WorktreeTest, StageAndUnstagePaths) {
  Repository r = repo();
  sb_.write_file("repo/change.txt", "edited\n");
  sb_.write_file("repo/new.txt", "new\n");
  sb_.remove("repo/keep.txt");
  r.stage_paths({P("change.txt"), P("new.txt"), P("keep.txt")});
  EXPECT_EQ(git("repo", {"status", "--porcelain"}), "M  change.txt\nD  keep.txt\nA  new.txt\n");
  r.unstage_remove({P("model_migration"), P("new.txt")});
  EXPECT_EQ(git("repo", {"status", "--porcelain"}),
            "M  change.txt\nD  keep.txt\nD  model_migration/tool.py\n?? model_migration/\n?? new.txt\n");
  EXPECT_EQ(r.tracked_files(), (std::vector<RepoPath>{P(".gitignore"), P("change.txt"), P("gone/file.txt")}));
  EXPECT_EQ(r.tracked_files(P("gone")), std::vector<RepoPath>{P("gone/file.txt")});
}

}  // namespace
}  // namespace migrate::gitops::testing

namespace migrate::gitops::testing {
namespace {

class CheckoutKindsTest : public RepoTest {
 protected:
  void SetUp() override {
    sb_.init_repo("repo");
    sb_.write_file("repo/plain.txt", "plain\n");
    sb_.write_file("repo/tool.sh", "#!/bin/sh\n");
    sb_.write_file("repo/dir with space/naïve.py", "v1\n");
    fs::create_symlink("plain.txt", sb_.path("repo/link"));
    fs::create_directories(sb_.path("repo/vendor/lib"));
    git("repo", {"update-index", "--add", "--cacheinfo", "160000," + std::string(40, 'a') + ",vendor/lib"});
    sb_.commit_all("repo", "base");
    git("repo", {"checkout", "-q", "-b", "target"});
    fs::permissions(sb_.path("repo/tool.sh"), fs::perms::owner_exec, fs::perm_options::add);
    sb_.write_file("repo/dir with space/naïve.py", "v2\n");
    sb_.remove("repo/link");
    fs::create_symlink("tool.sh", sb_.path("repo/link"));
    git("repo", {"update-index", "--cacheinfo", "160000," + std::string(40, 'b') + ",vendor/lib"});
    fs::create_directories(sb_.path("repo/vendor/other"));
    git("repo", {"update-index", "--add", "--cacheinfo", "160000," + std::string(40, 'c') + ",vendor/other"});
    sb_.commit_all("repo", "target");
    git("repo", {"checkout", "-q", "master"});
    sb_.remove("repo/vendor/other");
  }
};

TEST_F(CheckoutKindsTest, ExecBitSymlinkUnicodeAndSubmodules) {
  Repository r = repo();
  ASSERT_FALSE(r.status().dirty());
  r.checkout_tree(oid("repo", "master^{tree}"), oid("repo", "target^{tree}"));
  EXPECT_TRUE((fs::status(sb_.path("repo/tool.sh")).permissions() & fs::perms::owner_exec) != fs::perms::none);
  EXPECT_EQ(fs::read_symlink(sb_.path("repo/link")).string(), "tool.sh");
  EXPECT_EQ(sb_.read_file("repo/dir with space/naïve.py"), "v2\n");
  // Submodule entries are exactly the target's in the index.
  EXPECT_EQ(git("repo", {"ls-files", "-s", "vendor"}),
            "160000 " + std::string(40, 'b') + " 0\tvendor/lib\n160000 " + std::string(40, 'c') + " 0\tvendor/other\n");
  EXPECT_EQ(r.index_tree(), oid("repo", "target^{tree}"));
  // And back: the new submodule folder goes away again (it is empty).
  git("repo", {"symbolic-ref", "HEAD", "refs/heads/target"});
  r.checkout_tree(oid("repo", "target^{tree}"), oid("repo", "master^{tree}"));
  EXPECT_EQ(r.index_tree(), oid("repo", "master^{tree}"));
  EXPECT_FALSE((fs::status(sb_.path("repo/tool.sh")).permissions() & fs::perms::owner_exec) != fs::perms::none);
  EXPECT_EQ(fs::read_symlink(sb_.path("repo/link")).string(), "plain.txt");
}

TEST_F(CheckoutKindsTest, CheckoutInLinkedWorktree) {
  git("repo", {"worktree", "add", "-q", "-b", "wtb", sb_.path("wt"), "master"});
  Repository r = repo("wt");
  r.checkout_tree(oid("repo", "master^{tree}"), oid("repo", "target^{tree}"));
  EXPECT_EQ(sb_.read_file("wt/dir with space/naïve.py"), "v2\n");
  EXPECT_EQ(r.index_tree(), oid("repo", "target^{tree}"));
  // The main worktree is untouched.
  EXPECT_EQ(sb_.read_file("repo/dir with space/naïve.py"), "v1\n");
  EXPECT_EQ(trim(git("repo", {"write-tree"})), oid("repo", "master^{tree}").hex());
}

}  // namespace
}  // namespace migrate::gitops::testing

namespace migrate::gitops::testing {
namespace {

class SubmoduleStageTest : public RepoTest {
 protected:
  void SetUp() override {
    sb_.init_repo("sub");
    sb_.write_file("sub/s.txt", "s\n");
    sb_.commit_all("sub", "sub");
    sb_.init_repo("repo");
    sb_.write_file("repo/a.txt", "a\n");
    git("repo", {"-c", "protocol.file.allow=always", "submodule", "add", "-q", sb_.path("sub"), "libs/sub"});
    fs::create_directories(sb_.path("repo/vendor/lib"));
    git("repo", {"update-index", "--add", "--cacheinfo", "160000," + std::string(40, 'a') + ",vendor/lib"});
    sb_.commit_all("repo", "base");
  }
};

TEST_F(SubmoduleStageTest, StageAllKeepsSubmoduleEntries) {
  Repository r = repo();
  sb_.write_file("repo/a.txt", "edited\n");
  const Oid tree = r.stage_all({});
  EXPECT_EQ(git("repo", {"ls-files", "-s", "libs", "vendor"}),
            "160000 " + sb_.rev_parse("sub", "HEAD") + " 0\tlibs/sub\n160000 " + std::string(40, 'a') + " 0\tvendor/lib\n");
  EXPECT_EQ(*r.read_blob_at(tree, P("a.txt")), "edited\n");
  EXPECT_EQ(r.tree_entry(tree, P("libs/sub"))->mode, FileMode::kCommit);
}

TEST_F(SubmoduleStageTest, StageAllRecordsNewSubmoduleCommit) {
  Repository r = repo();
  sb_.write_file("repo/libs/sub/s.txt", "s2\n");
  git("repo/libs/sub", {"commit", "-q", "-am", "moved"});
  const Oid tree = r.stage_all({});
  EXPECT_EQ(r.tree_entry(tree, P("libs/sub"))->oid.hex(), sb_.rev_parse("repo/libs/sub", "HEAD"));
  git("repo", {"add", "-A"});
  EXPECT_EQ(tree.hex(), trim(git("repo", {"write-tree"})));
}

}  // namespace
}  // namespace migrate::gitops::testing

namespace migrate::gitops::testing {
namespace {

class CheckoutRewriteTest : public RepoTest {
 protected:
  void SetUp() override {
    sb_.init_repo("repo");
    for (int i = 0; i < 30; ++i) sb_.write_file("repo/pkg/f" + std::to_string(i) + ".py", "v1 " + std::to_string(i) + "\n");
    sb_.write_file("repo/a", "file a\n");
    sb_.commit_all("repo", "base");
    git("repo", {"checkout", "-q", "-b", "target"});
    for (int i = 0; i < 30; i += 2) sb_.write_file("repo/pkg/f" + std::to_string(i) + ".py", "v2\n");
    // A file becomes a folder.
    sb_.remove("repo/a");
    sb_.write_file("repo/a/inner.txt", "inner\n");
    sb_.commit_all("repo", "target");
    git("repo", {"checkout", "-q", "master"});
  }
};

TEST_F(CheckoutRewriteTest, RewritesOnlyChangedFilesAndMatchesGit) {
  Repository r = repo();
  struct stat before_odd, before_even;
  ASSERT_EQ(stat(sb_.path("repo/pkg/f1.py").c_str(), &before_odd), 0);
  ASSERT_EQ(stat(sb_.path("repo/pkg/f0.py").c_str(), &before_even), 0);
  r.checkout_tree(oid("repo", "master^{tree}"), oid("repo", "target^{tree}"));
  struct stat after_odd, after_even;
  ASSERT_EQ(stat(sb_.path("repo/pkg/f1.py").c_str(), &after_odd), 0);
  ASSERT_EQ(stat(sb_.path("repo/pkg/f0.py").c_str(), &after_even), 0);
  EXPECT_EQ(after_odd.st_ino, before_odd.st_ino);         // untouched
  EXPECT_EQ(after_odd.st_mtim.tv_nsec, before_odd.st_mtim.tv_nsec);
  EXPECT_EQ(sb_.read_file("repo/pkg/f0.py"), "v2\n");     // rewritten
  EXPECT_EQ(sb_.read_file("repo/a/inner.txt"), "inner\n");
  git("repo", {"symbolic-ref", "HEAD", "refs/heads/target"});
  EXPECT_EQ(git("repo", {"status", "--porcelain", "--untracked-files=all"}), "");
}

TEST_F(CheckoutRewriteTest, LocallyDeletedChangedFileIsRefused) {
  Repository r = repo();
  sb_.remove("repo/pkg/f0.py");
  const std::string before = sb_.snapshot("repo");
  EXPECT_THROW(r.checkout_tree(oid("repo", "master^{tree}"), oid("repo", "target^{tree}")), GitError);
  EXPECT_EQ(sb_.snapshot("repo"), before);
}

TEST_F(CheckoutRewriteTest, UntrackedFileInsideNewFolderPath) {
  // The target turns file `a` into folder `a/`; a local change to `a` blocks it.
  Repository r = repo();
  sb_.write_file("repo/a", "edited a\n");
  const std::string before = sb_.snapshot("repo");
  EXPECT_EQ(r.checkout_conflicts(oid("repo", "master^{tree}"), oid("repo", "target^{tree}")),
            std::vector<RepoPath>{P("a")});
  EXPECT_THROW(r.checkout_tree(oid("repo", "master^{tree}"), oid("repo", "target^{tree}")), GitError);
  EXPECT_EQ(sb_.snapshot("repo"), before);
}

}  // namespace
}  // namespace migrate::gitops::testing

namespace migrate::gitops::testing {
namespace {

TEST_F(CheckoutRewriteTest, StagedChangeOnChangedPathIsRefused) {
  Repository r = repo();
  // Staged, then the worktree put back: only the index holds the change.
  sb_.write_file("repo/pkg/f0.py", "staged only\n");
  git("repo", {"add", "pkg/f0.py"});
  sb_.write_file("repo/pkg/f0.py", "v1 0\n");
  // A staged deletion of a file the target changes (the file stays on disk).
  git("repo", {"rm", "-q", "--cached", "pkg/f2.py"});
  const std::string before = sb_.snapshot("repo");
  const Oid from = oid("repo", "master^{tree}"), to = oid("repo", "target^{tree}");
  EXPECT_EQ(r.checkout_conflicts(from, to), (std::vector<RepoPath>{P("pkg/f0.py"), P("pkg/f2.py")}));
  EXPECT_THROW(r.checkout_tree(from, to), GitError);
  EXPECT_EQ(sb_.snapshot("repo"), before);
}

TEST_F(CheckoutRewriteTest, StagedChangeElsewhereSurvives) {
  Repository r = repo();
  sb_.write_file("repo/pkg/f1.py", "staged elsewhere\n");
  git("repo", {"add", "pkg/f1.py"});
  r.checkout_tree(oid("repo", "master^{tree}"), oid("repo", "target^{tree}"));
  EXPECT_EQ(git("repo", {"diff", "--cached", "--name-status", "target"}), "M\tpkg/f1.py\n");
  EXPECT_EQ(git("repo", {"diff", "--name-status"}), "");
}

}  // namespace
}  // namespace migrate::gitops::testing

namespace migrate::gitops::testing {
namespace {

using Guard = Repository::CheckoutGuard;

TEST_F(CheckoutRewriteTest, SeenCleanGuardGivesTheSameCheckout) {
  Repository r = repo();
  r.checkout_tree(oid("repo", "master^{tree}"), oid("repo", "target^{tree}"), Guard::kSeenClean);
  EXPECT_EQ(sb_.read_file("repo/pkg/f0.py"), "v2\n");
  EXPECT_EQ(sb_.read_file("repo/pkg/f1.py"), "v1 1\n");
  EXPECT_EQ(sb_.read_file("repo/a/inner.txt"), "inner\n");
  git("repo", {"symbolic-ref", "HEAD", "refs/heads/target"});
  EXPECT_EQ(git("repo", {"status", "--porcelain", "--untracked-files=all"}), "");
}

// The caller saw a clean worktree, then a change appeared before the
// checkout: libgit2 refuses, and the unmodified files already unlinked for
// rewriting (f0, f2, ...) are put back.
TEST_F(CheckoutRewriteTest, SeenCleanGuardRefusesALaterChangeAndPutsFilesBack) {
  Repository r = repo();
  sb_.write_file("repo/a", "edited a\n");
  const std::string before = sb_.snapshot("repo");
  EXPECT_THROW(r.checkout_tree(oid("repo", "master^{tree}"), oid("repo", "target^{tree}"), Guard::kSeenClean),
               GitError);
  EXPECT_EQ(sb_.snapshot("repo"), before);
  EXPECT_EQ(git("repo", {"status", "--porcelain", "--untracked-files=all"}), " M a\n");
}

}  // namespace
}  // namespace migrate::gitops::testing
