#include <filesystem>
#include <sstream>

#include "gitops/repo_fixture.h"

namespace migrate::gitops::testing {
namespace {

class TreeTest : public RepoTest {
 protected:
  void SetUp() override {
    sb_.init_repo("repo");
    sb_.write_file("repo/README.md", "readme\n");
    sb_.write_file("repo/model_migration/moves.toml", "x = 1\n");
    sb_.write_file("repo/model_migration/tools/run.py", "print()\n");
    sb_.write_file("repo/posthog/models/a.py", "a = 1\n");
    sb_.write_file("repo/posthog/models/b.py", "b = 1\n");
    sb_.write_file("repo/posthog/x-y.py", "dash\n");
    sb_.write_file("repo/dir with space/naïve.py", "unicode\n");
    sb_.write_file("repo/bin/tool", "#!/bin/sh\n");
    std::filesystem::permissions(sb_.path("repo/bin/tool"), std::filesystem::perms::owner_exec,
                                 std::filesystem::perm_options::add);
    std::filesystem::create_symlink("../README.md", sb_.path("repo/bin/link"));
    // A submodule entry whose module is not checked out (an empty folder).
    std::filesystem::create_directories(sb_.path("repo/vendor/lib"));
    git("repo", {"update-index", "--add", "--cacheinfo", "160000," + std::string(40, 'a') + ",vendor/lib"});
    head_ = sb_.commit_all("repo", "base");
    tree_ = oid("repo", "HEAD^{tree}");
  }
  // The tree git writes after removing `paths` from HEAD's index.
  std::string git_tree_without(const std::vector<std::string>& paths) {
    std::vector<std::string> args = {"rm", "-r", "-q", "--cached", "--ignore-unmatch"};
    args.insert(args.end(), paths.begin(), paths.end());
    git("repo", args);
    const std::string t = trim(git("repo", {"write-tree"}));
    git("repo", {"reset", "-q"});
    return t;
  }
  std::string head_;
  Oid tree_;
};

TEST_F(TreeTest, ListFilesInGitOrder) {
  Repository r = repo();
  std::string listed;
  for (const auto& e : r.list_files(tree_)) {
    listed += std::to_string(static_cast<unsigned>(e.mode)) + " " + e.oid.hex() + "\t" + e.path.str() + "\n";
  }
  std::string expected;
  std::istringstream in(git("repo", {"-c", "core.quotepath=false", "ls-tree", "-r", "HEAD"}));
  std::string line;
  while (std::getline(in, line)) {
    // "<mode> <type> <oid>\t<path>" -> "<mode as number> <oid>\t<path>"
    const auto sp1 = line.find(' '), sp2 = line.find(' ', sp1 + 1);
    expected += std::to_string(std::stoul(line.substr(0, sp1), nullptr, 8)) + " " + line.substr(sp2 + 1) + "\n";
  }
  EXPECT_EQ(listed, expected);
  const auto under = r.list_files(tree_, P("posthog/models"));
  ASSERT_EQ(under.size(), 2u);
  EXPECT_EQ(under[0].path.str(), "posthog/models/a.py");
  EXPECT_EQ(under[1].path.str(), "posthog/models/b.py");
  EXPECT_TRUE(r.list_files(tree_, P("nothing/here")).empty());
  // A commit id works as a tree-ish.
  EXPECT_EQ(r.list_files(*Oid::from_hex(head_)).size(), r.list_files(tree_).size());
}

TEST_F(TreeTest, TreeEntriesAndBlobs) {
  Repository r = repo();
  const auto tool = r.tree_entry(tree_, P("bin/tool"));
  ASSERT_TRUE(tool);
  EXPECT_EQ(tool->mode, FileMode::kExecutable);
  EXPECT_EQ(r.tree_entry(tree_, P("bin/link"))->mode, FileMode::kLink);
  ASSERT_TRUE(r.tree_entry(tree_, P("vendor/lib")));
  EXPECT_EQ(r.tree_entry(tree_, P("vendor/lib"))->mode, FileMode::kCommit);
  EXPECT_EQ(r.tree_entry(tree_, P("posthog"))->mode, FileMode::kTree);
  EXPECT_EQ(r.tree_entry(tree_, P("posthog"))->oid.hex(), trim(git("repo", {"rev-parse", "HEAD:posthog"})));
  EXPECT_FALSE(r.tree_entry(tree_, P("posthog/nope.py")));
  EXPECT_EQ(*r.read_blob_at(tree_, P("dir with space/naïve.py")), "unicode\n");
  EXPECT_EQ(*r.read_blob_at(tree_, P("bin/link")), "../README.md");
  EXPECT_FALSE(r.read_blob_at(tree_, P("posthog")));
  EXPECT_FALSE(r.read_blob_at(tree_, P("vendor/lib")));
  EXPECT_FALSE(r.read_blob_at(tree_, P("missing")));
  const Oid blob = r.write_blob(std::string("bytes\0with nul", 14));
  EXPECT_EQ(r.read_blob(blob), std::string("bytes\0with nul", 14));
  sb_.write_file("hashme", std::string("bytes\0with nul", 14));
  EXPECT_EQ(blob.hex(), trim(git("repo", {"hash-object", sb_.path("hashme")})));
}

TEST_F(TreeTest, RemoveFolderMatchesGitRm) {
  Repository r = repo();
  Repository::TreeEditor ed(r, tree_);
  EXPECT_TRUE(ed.remove(P("model_migration")));
  EXPECT_FALSE(ed.remove(P("model_migration")));
  EXPECT_FALSE(ed.remove(P("model_migration/moves.toml")));
  EXPECT_FALSE(ed.remove(P("no/such/path")));
  EXPECT_FALSE(ed.remove(P("README.md/below")));
  EXPECT_EQ(ed.write().hex(), git_tree_without({"model_migration"}));
}

TEST_F(TreeTest, RemoveFilesMatchesGitRm) {
  Repository r = repo();
  Repository::TreeEditor ed(r, tree_);
  EXPECT_TRUE(ed.remove(P("posthog/models/a.py")));
  EXPECT_TRUE(ed.remove(P("posthog/models/b.py")));  // leaves posthog/models empty: it goes
  EXPECT_FALSE(ed.remove(P("posthog/models")));
  EXPECT_TRUE(ed.remove(P("dir with space/naïve.py")));
  EXPECT_TRUE(ed.remove(P("vendor/lib")));
  EXPECT_TRUE(ed.remove(P("bin/link")));
  EXPECT_EQ(ed.write().hex(), git_tree_without({"posthog/models", "dir with space", "vendor/lib", "bin/link"}));
}

TEST_F(TreeTest, UnchangedEditorReturnsBase) {
  Repository r = repo();
  Repository::TreeEditor ed(r, tree_);
  EXPECT_FALSE(ed.remove(P("nothing")));
  EXPECT_EQ(ed.write(), tree_);
  Repository::TreeEditor all(r, tree_);
  EXPECT_TRUE(all.remove(RepoPath()));
  EXPECT_EQ(all.write().hex(), "4b825dc642cb6eb9a060e54bf8d69288fbee4904");  // the empty tree
}

TEST_F(TreeTest, UpsertMatchesGitUpdateIndex) {
  Repository r = repo();
  const Oid blob = r.write_blob("moved = True\n");
  const Oid exe = r.write_blob("#!/bin/sh\nexit 0\n");
  Repository::TreeEditor ed(r, tree_);
  ed.upsert(P("products/data/backend/models/a.py"), blob, FileMode::kBlob);
  ed.upsert(P("README.md"), blob, FileMode::kBlob);
  ed.upsert(P("bin/tool"), exe, FileMode::kExecutable);
  ed.upsert(P("new link"), blob, FileMode::kLink);
  ed.upsert(P("vendor/lib"), *Oid::from_hex(std::string(40, 'b')), FileMode::kCommit);
  EXPECT_TRUE(ed.remove(P("posthog/models/a.py")));
  const Oid edited = ed.write();

  git("repo", {"update-index", "--add", "--cacheinfo", "100644," + blob.hex() + ",products/data/backend/models/a.py"});
  git("repo", {"update-index", "--cacheinfo", "100644," + blob.hex() + ",README.md"});
  git("repo", {"update-index", "--cacheinfo", "100755," + exe.hex() + ",bin/tool"});
  git("repo", {"update-index", "--add", "--cacheinfo", "120000," + blob.hex() + ",new link"});
  git("repo", {"update-index", "--cacheinfo", "160000," + std::string(40, 'b') + ",vendor/lib"});
  git("repo", {"rm", "-q", "--cached", "posthog/models/a.py"});
  EXPECT_EQ(edited.hex(), trim(git("repo", {"write-tree"})));
  // Untouched folders keep their ids.
  EXPECT_EQ(r.tree_entry(edited, P("model_migration"))->oid, r.tree_entry(tree_, P("model_migration"))->oid);
}

TEST_F(TreeTest, UpsertReplacesFileWithFolderAndBack) {
  Repository r = repo();
  const Oid blob = r.write_blob("x\n");
  Repository::TreeEditor ed(r, tree_);
  ed.upsert(P("README.md/inner.txt"), blob, FileMode::kBlob);  // a file in the way becomes a folder
  ed.upsert(P("posthog"), blob, FileMode::kBlob);              // a folder replaced by a file
  const Oid t = ed.write();
  EXPECT_EQ(r.tree_entry(t, P("README.md"))->mode, FileMode::kTree);
  EXPECT_EQ(*r.read_blob_at(t, P("README.md/inner.txt")), "x\n");
  EXPECT_EQ(r.tree_entry(t, P("posthog"))->mode, FileMode::kBlob);
  EXPECT_FALSE(r.tree_entry(t, P("posthog/models/a.py")));
  // Moving a subtree: upsert a tree entry, remove the old one.
  Repository::TreeEditor mv(r, tree_);
  const auto models = r.tree_entry(tree_, P("posthog/models"));
  mv.upsert(P("products/models"), models->oid, FileMode::kTree);
  EXPECT_TRUE(mv.remove(P("posthog/models")));
  const Oid moved = mv.write();
  EXPECT_EQ(r.tree_entry(moved, P("products/models"))->oid, models->oid);
  EXPECT_FALSE(r.tree_entry(moved, P("posthog/models")));
  EXPECT_TRUE(r.tree_entry(moved, P("posthog/x-y.py")));
}

TEST_F(TreeTest, RemoveAfterUpsert) {
  Repository r = repo();
  const Oid blob = r.write_blob("x\n");
  Repository::TreeEditor ed(r, tree_);
  ed.upsert(P("new/dir/f.txt"), blob, FileMode::kBlob);
  EXPECT_TRUE(ed.remove(P("new")));
  EXPECT_EQ(ed.write(), tree_);
}

}  // namespace
}  // namespace migrate::gitops::testing

namespace migrate::gitops::testing {
namespace {

// Names whose order differs between "as files" and "as folders" ("a-b" <
// "a.b" < "a/" < "a0" in git's tree order).
TEST_F(TreeTest, TrickyNamesMatchGit) {
  Repository r = repo();
  const Oid blob = r.write_blob("t\n");
  Repository::TreeEditor ed(r, tree_);
  for (const char* p : {"t/a-b", "t/a.b", "t/a/x", "t/a0", "t/a/y-z", "t/a/y/z", "t/é", "t/Z", "t/ b"}) {
    ed.upsert(P(p), blob, FileMode::kBlob);
    git("repo", {"update-index", "--add", "--cacheinfo", "100644," + blob.hex() + "," + p});
  }
  const Oid edited = ed.write();
  EXPECT_EQ(edited.hex(), trim(git("repo", {"write-tree"})));
  std::string listed;
  for (const auto& e : r.list_files(edited, P("t"))) listed += e.path.str() + "\n";
  git("repo", {"reset", "-q"});
  EXPECT_EQ(listed, git("repo", {"-c", "core.quotepath=false", "ls-tree", "-r", "--name-only", edited.hex(), "t"}));
}

}  // namespace
}  // namespace migrate::gitops::testing
