#include "gitops/repository.h"

#include <git2.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

#include "gitops/repo_fixture.h"

namespace migrate::gitops::testing {
namespace {

namespace fs = std::filesystem;

class RepositoryTest : public RepoTest {
 protected:
  void SetUp() override {
    sb_.init_repo("repo");
    sb_.write_file("repo/a.txt", "a\n");
    sb_.write_file("repo/src/pkg/mod.py", "x = 1\n");
    c1_ = sb_.commit_all("repo", "first");
    sb_.write_file("repo/a.txt", "a\nb\n");
    c2_ = sb_.commit_all("repo", "second\n\nbody line");
  }
  std::string c1_, c2_;
};

TEST_F(RepositoryTest, DiscoversFromSubdirectoryWithPrefix) {
  Repository r = repo("repo/src/pkg");
  EXPECT_EQ(r.workdir(), sb_.path("repo") + "/");
  EXPECT_EQ(r.git_dir(), sb_.path("repo/.git") + "/");
  EXPECT_EQ(r.common_dir(), sb_.path("repo/.git") + "/");
  {
    ScopedCwd cwd(sb_.path("repo/src/pkg"));
    EXPECT_EQ(r.prefix(), "src/pkg");
    Repository here = Repository::discover();
    EXPECT_EQ(here.workdir(), sb_.path("repo") + "/");
  }
  ScopedCwd cwd(sb_.path("repo"));
  EXPECT_EQ(r.prefix(), "");
}

TEST_F(RepositoryTest, DiscoversLinkedWorktree) {
  git("repo", {"worktree", "add", "-q", "-b", "side", sb_.path("wt"), "HEAD~1"});
  sb_.write_file("wt/deep/er/f.txt", "f\n");
  Repository r = repo("wt/deep/er");
  EXPECT_EQ(r.workdir(), sb_.path("wt") + "/");
  EXPECT_EQ(r.git_dir(), sb_.path("repo/.git/worktrees/wt") + "/");
  EXPECT_EQ(r.common_dir(), sb_.path("repo/.git") + "/");
  EXPECT_EQ(r.current_branch()->full(), "refs/heads/side");
  EXPECT_EQ(r.head_commit()->hex(), c1_);
  // The main worktree's branch is visible and unchanged.
  EXPECT_EQ(r.ref_target(RefName::branch("master"))->hex(), c2_);
  EXPECT_EQ(r.status().untracked, std::vector<RepoPath>{P("deep/er/f.txt")});
}

TEST_F(RepositoryTest, OpenRequiresTheRoot) {
  EXPECT_EQ(Repository::open(sb_.path("repo")).workdir(), sb_.path("repo") + "/");
  EXPECT_THROW(Repository::open(sb_.path("repo/src")), GitError);
}

TEST_F(RepositoryTest, RefusesBareRepository) {
  git("", {"clone", "-q", "--bare", "repo", "bare.git"});
  try {
    Repository::discover(sb_.path("bare.git"));
    FAIL() << "bare repository opened";
  } catch (const GitError& e) {
    EXPECT_EQ(e.operation(), "open repository");
    EXPECT_EQ(e.detail(), "this is a bare repository; git-migrate needs a worktree (run it in a clone or a linked worktree)");
  }
}

TEST_F(RepositoryTest, NotARepository) {
  sb_.write_file("plain/x.txt", "x");
  // Stop the search at the sandbox so a repository around it does not count.
  env_.set("GIT_CEILING_DIRECTORIES", sb_.root());
  try {
    Repository::discover(sb_.path("plain"));
    FAIL() << "opened a repository";
  } catch (const GitError& e) {
    EXPECT_EQ(e.detail(), "not a git repository (or any of the parent directories)");
    EXPECT_EQ(e.code(), GIT_ENOTFOUND);
  }
}

TEST_F(RepositoryTest, RefusesSha256Repository) {
  sb_.init_repo("sha", "master", {"--object-format=sha256"});
  sb_.write_file("sha/sub/f.txt", "f\n");
  sb_.commit_all("sha", "one");
  for (const char* where : {"sha", "sha/sub"}) {
    try {
      Repository::discover(sb_.path(where));
      FAIL() << "opened a SHA-256 repository from " << where;
    } catch (const GitError& e) {
      EXPECT_EQ(e.detail(), "this repository uses SHA-256 object ids, which libgit2 1.5 cannot read") << where;
      EXPECT_EQ(e.operation(), "open repository");
    }
  }
}

TEST_F(RepositoryTest, ResolvesRevisions) {
  Repository r = repo();
  EXPECT_EQ(r.resolve_commit("HEAD").hex(), c2_);
  EXPECT_EQ(r.resolve_commit("master~1").hex(), c1_);
  EXPECT_EQ(r.resolve_commit(c1_.substr(0, 8)).hex(), c1_);
  EXPECT_EQ(r.resolve_tree("HEAD").hex(), trim(git("repo", {"rev-parse", "HEAD^{tree}"})));
  EXPECT_EQ(r.resolve_tree(c2_).hex(), trim(git("repo", {"rev-parse", "HEAD^{tree}"})));
  EXPECT_FALSE(r.try_resolve_commit("nope"));
  try {
    r.resolve_commit("nope");
    FAIL();
  } catch (const GitError& e) {
    EXPECT_EQ(e.operation(), "resolve revision");
    EXPECT_EQ(e.subject(), "nope");
  }
  // A tree is not a commit.
  const std::string tree = trim(git("repo", {"rev-parse", "HEAD^{tree}"}));
  EXPECT_FALSE(r.try_resolve_commit(tree));
  try {
    r.resolve_commit(tree);
    FAIL();
  } catch (const GitError& e) {
    EXPECT_EQ(e.detail(), "not a commit (it names a tree)");
  }
  // An annotated tag peels to its commit.
  git("repo", {"tag", "-a", "-m", "v1", "v1", c1_});
  EXPECT_EQ(r.resolve_commit("v1").hex(), c1_);
}

TEST_F(RepositoryTest, ReadsCommits) {
  Repository r = repo();
  const CommitInfo c = r.commit(*Oid::from_hex(c2_));
  EXPECT_EQ(c.id.hex(), c2_);
  EXPECT_EQ(c.parents, std::vector<Oid>{*Oid::from_hex(c1_)});
  EXPECT_EQ(c.tree.hex(), trim(git("repo", {"rev-parse", "HEAD^{tree}"})));
  EXPECT_EQ(c.message, "second\n\nbody line\n");
  EXPECT_EQ(c.summary, "second");
  EXPECT_EQ(c.author.name, "Test Author");
  EXPECT_EQ(c.author.email, "author@example.com");
  EXPECT_EQ(c.author.time, 1112911993 + 120);
  EXPECT_EQ(c.author.offset_minutes, 0);
  EXPECT_EQ(c.committer.name, "Test Committer");
}

TEST_F(RepositoryTest, AncestryAndRevList) {
  // master: c1 - c2 - c3 ; side: c1 - s1 - s2 ; merge m = c3 + s2
  git("repo", {"branch", "side", c1_});
  sb_.write_file("repo/m.txt", "m\n");
  const std::string c3 = sb_.commit_all("repo", "third");
  git("repo", {"checkout", "-q", "side"});
  sb_.write_file("repo/s.txt", "s\n");
  const std::string s1 = sb_.commit_all("repo", "s1");
  sb_.write_file("repo/s.txt", "s2\n");
  const std::string s2 = sb_.commit_all("repo", "s2");
  Repository r = repo();
  const Oid o1 = *Oid::from_hex(c1_), o2 = *Oid::from_hex(c2_), o3 = *Oid::from_hex(c3);
  const Oid os1 = *Oid::from_hex(s1), os2 = *Oid::from_hex(s2);
  EXPECT_EQ(r.merge_base(o3, os2), o1);
  EXPECT_TRUE(r.is_ancestor(o1, o3));
  EXPECT_TRUE(r.is_ancestor(o3, o3));
  EXPECT_FALSE(r.is_ancestor(o3, o1));
  EXPECT_FALSE(r.is_ancestor(os1, o3));
  EXPECT_EQ(r.rev_list({o3}, {o1}), (std::vector<Oid>{o2, o3}));
  EXPECT_EQ(r.rev_list({os2}, {o3}), (std::vector<Oid>{os1, os2}));
  // An unrelated root commit has no merge base.
  git("repo", {"checkout", "-q", "--orphan", "lonely"});
  const std::string lonely = sb_.commit_all("repo", "lonely");
  EXPECT_FALSE(r.merge_base(o3, *Oid::from_hex(lonely)));
  // Oldest first, parents before children, matching git rev-list --topo-order --reverse.
  git("repo", {"checkout", "-q", "master"});
  git("repo", {"merge", "-q", "--no-edit", "side"});
  const Oid merge = oid("repo", "HEAD");
  std::vector<Oid> expected;
  std::istringstream lines(git("repo", {"rev-list", "--topo-order", "--reverse", "HEAD"}));
  std::string line;
  while (std::getline(lines, line)) expected.push_back(*Oid::from_hex(line));
  const auto got = r.rev_list({merge}, {});
  ASSERT_EQ(got.size(), 6u);
  EXPECT_EQ(got.front(), o1);
  EXPECT_EQ(got.back(), merge);
  EXPECT_EQ(std::set<Oid>(got.begin(), got.end()), std::set<Oid>(expected.begin(), expected.end()));
  for (std::size_t i = 0; i < got.size(); ++i) {
    for (const Oid& p : r.commit(got[i]).parents) {
      const auto pos = std::find(got.begin(), got.end(), p) - got.begin();
      EXPECT_LT(static_cast<std::size_t>(pos), i) << "parent after child";
    }
  }
}

TEST_F(RepositoryTest, HeadAndBranches) {
  Repository r = repo();
  EXPECT_EQ(r.current_branch()->full(), "refs/heads/master");
  EXPECT_EQ(r.head_commit()->hex(), c2_);
  git("repo", {"checkout", "-q", "--detach", c1_});
  EXPECT_FALSE(r.current_branch());
  EXPECT_EQ(r.head_commit()->hex(), c1_);
  git("repo", {"checkout", "-q", "--orphan", "unborn"});
  EXPECT_EQ(r.current_branch()->full(), "refs/heads/unborn");
  EXPECT_FALSE(r.head_commit());
}

TEST_F(RepositoryTest, FindsBranchesDwim) {
  git("", {"clone", "-q", "repo", "clone"});
  git("clone", {"branch", "feature/x", "HEAD~1"});
  Repository r = repo("clone");
  EXPECT_EQ(r.find_branch("master")->full(), "refs/heads/master");
  EXPECT_EQ(r.find_branch("feature/x")->full(), "refs/heads/feature/x");
  EXPECT_EQ(r.find_branch("origin/master")->full(), "refs/remotes/origin/master");
  EXPECT_EQ(r.find_branch("refs/remotes/origin/master")->full(), "refs/remotes/origin/master");
  EXPECT_FALSE(r.find_branch("nope"));
  EXPECT_FALSE(r.find_branch("bad..name"));
  EXPECT_EQ(r.ref_target(RefName("refs/remotes/origin/HEAD"))->hex(), c2_);
  const auto refs = r.refs_with_prefix("refs/remotes/");
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[0].first.full(), "refs/remotes/origin/HEAD");
  EXPECT_EQ(refs[1].first.full(), "refs/remotes/origin/master");
  EXPECT_EQ(refs[1].second.hex(), c2_);
  const auto heads = r.refs_with_prefix("refs/heads/");
  ASSERT_EQ(heads.size(), 2u);
  EXPECT_EQ(heads[0].first.full(), "refs/heads/feature/x");
  EXPECT_EQ(heads[0].second.hex(), c1_);
  EXPECT_EQ(heads[1].first.full(), "refs/heads/master");
}

TEST_F(RepositoryTest, UpdateRefIsCompareAndSwap) {
  Repository r = repo();
  const Oid o1 = *Oid::from_hex(c1_), o2 = *Oid::from_hex(c2_);
  const RefName backup("refs/migrate/backup/master");
  // Create: must not exist yet.
  r.update_ref(backup, o2, std::nullopt, "git-migrate-replace: backup");
  EXPECT_EQ(trim(git("repo", {"rev-parse", "refs/migrate/backup/master"})), c2_);
  try {
    r.update_ref(backup, o1, std::nullopt, "again");
    FAIL();
  } catch (const GitError& e) {
    EXPECT_EQ(e.code(), GIT_EMODIFIED);
  }
  EXPECT_EQ(r.ref_target(backup), o2);
  // Move with the right old value.
  r.update_ref(RefName::branch("master"), o1, o2, "git-migrate-replace: test move");
  EXPECT_EQ(trim(git("repo", {"rev-parse", "master"})), c1_);
  EXPECT_EQ(trim(git("repo", {"reflog", "-1", "--format=%gs", "master"})), "git-migrate-replace: test move");
  // Under the committer identity, as git writes it.
  EXPECT_EQ(trim(git("repo", {"reflog", "-1", "--format=%gn <%ge>", "master"})), "Test Committer <committer@example.com>");
  // HEAD's reflog records the move of the checked-out branch too.
  EXPECT_EQ(trim(git("repo", {"reflog", "-1", "--format=%gs", "HEAD"})), "git-migrate-replace: test move");
  // A stale old value fails and leaves the ref alone.
  try {
    r.update_ref(RefName::branch("master"), o2, o2, "stale");
    FAIL();
  } catch (const GitError& e) {
    EXPECT_EQ(e.code(), GIT_EMODIFIED);
    EXPECT_EQ(e.subject(), "refs/heads/master");
    EXPECT_EQ(e.detail(), "it moved: expected " + c2_ + ", found " + c1_);
  }
  EXPECT_EQ(trim(git("repo", {"rev-parse", "master"})), c1_);
  // An expected value for a ref that does not exist fails too.
  try {
    r.update_ref(RefName::branch("ghost"), o2, o1, "ghost");
    FAIL();
  } catch (const GitError& e) {
    EXPECT_EQ(e.code(), GIT_EMODIFIED);
  }
  EXPECT_FALSE(r.ref_target(RefName::branch("ghost")));
}

TEST_F(RepositoryTest, DeleteRefIsCompareAndSwap) {
  Repository r = repo();
  const Oid o1 = *Oid::from_hex(c1_), o2 = *Oid::from_hex(c2_);
  const RefName backup("refs/migrate/backup/master");
  r.update_ref(backup, o2, std::nullopt, "backup");
  try {
    r.delete_ref(backup, o1, "delete");
    FAIL();
  } catch (const GitError& e) {
    EXPECT_EQ(e.code(), GIT_EMODIFIED);
  }
  EXPECT_EQ(r.ref_target(backup), o2);
  r.delete_ref(backup, o2, "delete");
  EXPECT_FALSE(r.ref_target(backup));
  EXPECT_EQ(sb_.git_result("repo", {"rev-parse", "--verify", "-q", "refs/migrate/backup/master"}).exit_code, 1);
  EXPECT_THROW(r.delete_ref(backup, o2, "delete"), GitError);
}

TEST_F(RepositoryTest, KeepReflogLogsARefOutsideRefsHeads) {
  Repository r = repo();
  const Oid o1 = *Oid::from_hex(c1_), o2 = *Oid::from_hex(c2_);
  const RefName plain("refs/migrate/plain/master"), kept("refs/migrate/backup/master");
  r.update_ref(plain, o1, std::nullopt, "first");
  r.update_ref(plain, o2, o1, "second");
  // git logs only branches, remote-tracking refs, notes and HEAD by default.
  EXPECT_EQ(trim(git("repo", {"reflog", "--format=%gs", plain.full()})), "");
  r.keep_reflog(kept);
  r.update_ref(kept, o1, std::nullopt, "first");
  r.update_ref(kept, o2, o1, "second");
  EXPECT_EQ(trim(git("repo", {"reflog", "--format=%gs", kept.full()})), "second\nfirst");
}

TEST_F(RepositoryTest, SetHead) {
  git("repo", {"branch", "other", c1_});
  Repository r = repo();
  r.set_head(RefName::branch("other"), "git-migrate-fresh: switch");
  EXPECT_EQ(trim(git("repo", {"symbolic-ref", "HEAD"})), "refs/heads/other");
  EXPECT_EQ(trim(git("repo", {"reflog", "-1", "--format=%gs", "HEAD"})), "git-migrate-fresh: switch");
  // Index and worktree untouched: the worktree still has master's content.
  EXPECT_EQ(sb_.read_file("repo/a.txt"), "a\nb\n");
}

TEST_F(RepositoryTest, WorktreeUsingBranch) {
  git("repo", {"branch", "free", c1_});
  git("repo", {"worktree", "add", "-q", "-b", "side", sb_.path("wt"), c1_});
  git("repo", {"worktree", "add", "-q", "--detach", sb_.path("detached"), c1_});
  Repository main = repo();
  EXPECT_EQ(main.worktree_using_branch(RefName::branch("side")), sb_.path("wt") + "/");
  EXPECT_FALSE(main.worktree_using_branch(RefName::branch("master")));  // this worktree
  EXPECT_FALSE(main.worktree_using_branch(RefName::branch("free")));
  Repository linked = repo("wt");
  EXPECT_EQ(linked.worktree_using_branch(RefName::branch("master")), sb_.path("repo") + "/");
  EXPECT_FALSE(linked.worktree_using_branch(RefName::branch("side")));
  EXPECT_FALSE(linked.worktree_using_branch(RefName::branch("free")));
  // An unborn branch checked out in a linked worktree counts too.
  git("wt", {"checkout", "-q", "--orphan", "newborn"});
  EXPECT_EQ(main.worktree_using_branch(RefName::branch("newborn")), sb_.path("wt") + "/");
}

TEST_F(RepositoryTest, ShortIdAndIgnore) {
  Repository r = repo();
  EXPECT_EQ(r.short_id(*Oid::from_hex(c2_)), trim(git("repo", {"rev-parse", "--short", c2_})));
  sb_.write_file("repo/.gitignore", "*.log\nbuild/\n");
  EXPECT_TRUE(r.is_ignored(P("x.log")));
  EXPECT_TRUE(r.is_ignored(P("src/deep/y.log")));
  EXPECT_TRUE(r.is_ignored(P("build/out.o")));
  EXPECT_FALSE(r.is_ignored(P("src/pkg/mod.py")));
}

TEST_F(RepositoryTest, OperationNames) {
  EXPECT_STREQ(operation_name(Operation::kMerge), "merge");
  EXPECT_STREQ(operation_name(Operation::kRebase), "rebase");
  EXPECT_STREQ(operation_name(Operation::kCherryPick), "cherry-pick");
  EXPECT_STREQ(operation_name(Operation::kRevert), "revert");
  EXPECT_STREQ(operation_name(Operation::kBisect), "bisect");
  EXPECT_STREQ(operation_name(Operation::kApplyMailbox), "am");
  EXPECT_STREQ(operation_abort_hint(Operation::kMerge), "git merge --abort");
  EXPECT_STREQ(operation_abort_hint(Operation::kRebase), "git rebase --abort");
  EXPECT_STREQ(operation_abort_hint(Operation::kCherryPick), "git cherry-pick --abort");
  EXPECT_STREQ(operation_abort_hint(Operation::kRevert), "git revert --abort");
  EXPECT_STREQ(operation_abort_hint(Operation::kBisect), "git bisect reset");
  EXPECT_STREQ(operation_abort_hint(Operation::kApplyMailbox), "git am --abort");
}

TEST_F(RepositoryTest, DetectsMergeConflict) {
  git("repo", {"branch", "side", c1_});
  git("repo", {"checkout", "-q", "side"});
  sb_.write_file("repo/a.txt", "a\nside\n");
  sb_.commit_all("repo", "side change");
  git("repo", {"checkout", "-q", "master"});
  Repository r = repo();
  EXPECT_EQ(r.operation_in_progress(), Operation::kNone);
  EXPECT_NE(sb_.git_result("repo", {"merge", "-q", "side"}).exit_code, 0);
  EXPECT_EQ(r.operation_in_progress(), Operation::kMerge);
  const WorktreeStatus st = r.status();
  EXPECT_EQ(st.conflicted, std::vector<RepoPath>{P("a.txt")});
  EXPECT_TRUE(st.dirty());
  git("repo", {"merge", "--abort"});
  EXPECT_EQ(r.operation_in_progress(), Operation::kNone);
}

TEST_F(RepositoryTest, DetectsOtherOperations) {
  git("repo", {"branch", "side", c1_});
  git("repo", {"checkout", "-q", "side"});
  sb_.write_file("repo/a.txt", "a\nside\n");
  const std::string side = sb_.commit_all("repo", "side change");
  Repository r = repo();
  EXPECT_NE(sb_.git_result("repo", {"rebase", "master"}).exit_code, 0);
  EXPECT_EQ(r.operation_in_progress(), Operation::kRebase);
  git("repo", {"rebase", "--abort"});
  EXPECT_NE(sb_.git_result("repo", {"rebase", "--apply", "master"}).exit_code, 0);
  EXPECT_EQ(r.operation_in_progress(), Operation::kRebase);
  git("repo", {"rebase", "--abort"});
  git("repo", {"checkout", "-q", "master"});
  EXPECT_NE(sb_.git_result("repo", {"cherry-pick", side}).exit_code, 0);
  EXPECT_EQ(r.operation_in_progress(), Operation::kCherryPick);
  git("repo", {"cherry-pick", "--abort"});
  git("repo", {"checkout", "-q", "side"});
  EXPECT_NE(sb_.git_result("repo", {"revert", "--no-edit", side + "~1"}).exit_code, 0);
  EXPECT_EQ(r.operation_in_progress(), Operation::kRevert);
  git("repo", {"revert", "--abort"});
  // git am of a patch that does not apply.
  git("repo", {"format-patch", "-1", "-o", sb_.path("patches"), side});
  git("repo", {"checkout", "-q", "master"});
  EXPECT_NE(sb_.git_result("repo", {"am", sb_.path("patches/0001-side-change.patch")}).exit_code, 0);
  EXPECT_EQ(r.operation_in_progress(), Operation::kApplyMailbox);
  git("repo", {"am", "--abort"});
  git("repo", {"bisect", "start"});
  EXPECT_EQ(r.operation_in_progress(), Operation::kBisect);
  git("repo", {"bisect", "reset"});
  EXPECT_EQ(r.operation_in_progress(), Operation::kNone);
}

TEST_F(RepositoryTest, StatusSeparatesKindsAndSkipsIgnored) {
  sb_.write_file("repo/.gitignore", "*.log\nbuild/\n");
  sb_.commit_all("repo", "ignore");
  Repository r = repo();
  EXPECT_FALSE(r.status().dirty());
  EXPECT_TRUE(r.status().untracked.empty());
  sb_.write_file("repo/debug.log", "ignored\n");
  sb_.write_file("repo/build/out.o", "ignored\n");
  EXPECT_FALSE(r.status().dirty());
  EXPECT_TRUE(r.status().untracked.empty());
  sb_.write_file("repo/new/deep/file.txt", "n\n");
  const WorktreeStatus u = r.status();
  EXPECT_FALSE(u.dirty());  // untracked files alone are not dirty
  EXPECT_EQ(u.untracked, std::vector<RepoPath>{P("new/deep/file.txt")});
  sb_.write_file("repo/a.txt", "changed\n");
  sb_.write_file("repo/src/pkg/mod.py", "x = 2\n");
  git("repo", {"add", "src/pkg/mod.py"});
  sb_.remove("repo/src/pkg");
  const WorktreeStatus s = r.status();
  EXPECT_TRUE(s.dirty());
  EXPECT_EQ(s.staged, std::vector<RepoPath>{P("src/pkg/mod.py")});
  EXPECT_EQ(s.unstaged, (std::vector<RepoPath>{P("a.txt"), P("src/pkg/mod.py")}));
  EXPECT_EQ(s.untracked, std::vector<RepoPath>{P("new/deep/file.txt")});
  EXPECT_TRUE(s.conflicted.empty());
}

TEST_F(RepositoryTest, CleanSubmoduleIsNotDirty) {
  sb_.init_repo("sub");
  sb_.write_file("sub/s.txt", "s\n");
  sb_.commit_all("sub", "sub");
  git("repo", {"-c", "protocol.file.allow=always", "submodule", "add", "-q", sb_.path("sub"), "libs/sub"});
  sb_.commit_all("repo", "add submodule");
  Repository r = repo();
  WorktreeStatus st = r.status();
  EXPECT_FALSE(st.dirty());
  EXPECT_TRUE(st.untracked.empty());
  // A new commit checked out in the submodule is a change, as in git status.
  sb_.write_file("repo/libs/sub/s.txt", "s2\n");
  git("repo/libs/sub", {"commit", "-q", "-am", "moved"});
  st = r.status();
  EXPECT_EQ(st.unstaged, std::vector<RepoPath>{P("libs/sub")});
}

TEST_F(RepositoryTest, UninitialisedSubmoduleIsNotDirty) {
  const std::string fake = std::string(40, '1');
  git("repo", {"update-index", "--add", "--cacheinfo", "160000," + fake + ",vendor/lib"});
  sb_.write_file("repo/.gitmodules", "[submodule \"vendor/lib\"]\n\tpath = vendor/lib\n\turl = ./nowhere\n");
  git("repo", {"add", ".gitmodules"});
  git("repo", {"commit", "-q", "-m", "gitlink"});
  fs::create_directories(sb_.path("repo/vendor/lib"));
  Repository r = repo();
  const WorktreeStatus st = r.status();
  EXPECT_FALSE(st.dirty()) << (st.unstaged.empty() ? "" : st.unstaged[0].str());
  EXPECT_TRUE(st.untracked.empty());
  EXPECT_EQ(trim(git("repo", {"status", "--porcelain"})), "");
}

TEST_F(RepositoryTest, LibraryHonoursNoSystemConfig) {
  // The sandbox sets GIT_CONFIG_NOSYSTEM; the system level must be empty.
  git_buf buf = GIT_BUF_INIT;
  ASSERT_EQ(git_libgit2_opts(GIT_OPT_GET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, &buf), 0);
  EXPECT_EQ(std::string(buf.ptr ? buf.ptr : ""), "");
  git_buf_dispose(&buf);
  ASSERT_EQ(git_libgit2_opts(GIT_OPT_GET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, &buf), 0);
  EXPECT_EQ(std::string(buf.ptr ? buf.ptr : ""), sb_.path("home"));
  git_buf_dispose(&buf);
}

}  // namespace
}  // namespace migrate::gitops::testing
