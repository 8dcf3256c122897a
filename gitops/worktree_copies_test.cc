#include "gitops/worktree_copies.h"

#include <filesystem>

#include "gitops/repo_fixture.h"

namespace migrate::gitops::testing {
namespace {

namespace fs = std::filesystem;

class WorktreeCopiesTest : public RepoTest {
 protected:
  void SetUp() override {
    sb_.init_repo("repo");
    sb_.write_file("repo/a.py", "import os\n");
    sb_.write_file("repo/pkg/b.py", "x = 1\n");
    sb_.write_file("repo/notes.txt", "text\n");
    sb_.commit_all("repo", "base");
    settle();
  }
  // Every file's mtime well before the index's, and the index's stat data
  // refreshed: no entry is racily clean.
  void settle() {
    for (const char* f : {"repo/a.py", "repo/pkg/b.py", "repo/notes.txt"}) {
      if (fs::exists(sb_.path(f))) fs::last_write_time(sb_.path(f), fs::file_time_type::clock::now() - std::chrono::seconds(30));
    }
    git("repo", {"update-index", "-q", "--refresh"});
  }
  Oid blob(const std::string& path) { return oid("repo", "HEAD:" + path); }
};

TEST_F(WorktreeCopiesTest, CleanFileIsReadFromTheWorktree) {
  const WorktreeCopies copies(repo(), ".py");
  EXPECT_EQ(copies.size(), 2u);
  EXPECT_EQ(copies.read("a.py", blob("a.py")), std::optional<std::string>("import os\n"));
  EXPECT_EQ(copies.read("pkg/b.py", blob("pkg/b.py")), std::optional<std::string>("x = 1\n"));
  // Not a Python file, or another blob at that path: not known.
  EXPECT_EQ(copies.read("notes.txt", blob("notes.txt")), std::nullopt);
  EXPECT_EQ(copies.read("a.py", blob("pkg/b.py")), std::nullopt);
  EXPECT_EQ(copies.read("missing.py", blob("a.py")), std::nullopt);
}

TEST_F(WorktreeCopiesTest, ReadIntoReplacesTheBuffersContent) {
  const WorktreeCopies copies(repo(), ".py");
  std::string buffer = "a longer text left from the file before\n";
  ASSERT_TRUE(copies.read_into("a.py", blob("a.py"), buffer));
  EXPECT_EQ(buffer, "import os\n");
  ASSERT_TRUE(copies.read_into("pkg/b.py", blob("pkg/b.py"), buffer));
  EXPECT_EQ(buffer, "x = 1\n");
  EXPECT_FALSE(copies.read_into("a.py", blob("pkg/b.py"), buffer));
  EXPECT_FALSE(copies.read_into("notes.txt", blob("notes.txt"), buffer));
}

TEST_F(WorktreeCopiesTest, ModifiedFileIsNotACopy) {
  // Same size, other content, other mtime: the stat data no longer matches.
  sb_.write_file("repo/a.py", "import io\n");
  const WorktreeCopies copies(repo(), ".py");
  EXPECT_EQ(copies.read("a.py", blob("a.py")), std::nullopt);
  EXPECT_EQ(copies.read("pkg/b.py", blob("pkg/b.py")), std::optional<std::string>("x = 1\n"));
}

TEST_F(WorktreeCopiesTest, RacilyCleanEntryIsNotACopy) {
  // A file whose mtime is not older than the index may have changed after
  // the index recorded it.
  fs::last_write_time(sb_.path("repo/a.py"), fs::file_time_type::clock::now() + std::chrono::seconds(60));
  git("repo", {"update-index", "-q", "--refresh"});
  const WorktreeCopies copies(repo(), ".py");
  EXPECT_EQ(copies.read("a.py", blob("a.py")), std::nullopt);
  EXPECT_EQ(copies.read("pkg/b.py", blob("pkg/b.py")), std::optional<std::string>("x = 1\n"));
}

TEST_F(WorktreeCopiesTest, AutocrlfTurnsTheWorktreeOff) {
  git("repo", {"config", "core.autocrlf", "true"});
  EXPECT_EQ(WorktreeCopies(repo(), ".py").size(), 0u);
  git("repo", {"config", "core.autocrlf", "input"});
  EXPECT_EQ(WorktreeCopies(repo(), ".py").size(), 2u);
}

TEST_F(WorktreeCopiesTest, ConversionAttributesThatMayMatchTurnTheWorktreeOff) {
  struct Case {
    const char* attributes;
    std::size_t copies;
  };
  const Case cases[] = {
      {"*.lock linguist-generated -merge\n*_auto_*.py linguist-generated\n", 2},  // no conversion
      {"*.sh text eol=lf\ndist/*.css binary\n", 2},                                // no pattern matches .py
      {"*.py text eol=crlf\n", 0},
      {"* text=auto\n", 0},
      {"pkg/** filter=lfs\n", 0},
      {"*.p? ident\n", 0},
      {"[attr]converted text eol=crlf\n*.py converted\n", 0},  // through a macro
      {"# *.py text\n", 2},                                    // a comment
  };
  for (const Case& c : cases) {
    sb_.write_file("repo/.gitattributes", c.attributes);
    git("repo", {"add", ".gitattributes"});
    EXPECT_EQ(WorktreeCopies(repo(), ".py").size(), c.copies) << c.attributes;
  }
  // $GIT_DIR/info/attributes counts too.
  sb_.write_file("repo/.gitattributes", "");
  git("repo", {"add", ".gitattributes"});
  sb_.write_file("repo/.git/info/attributes", "*.py working-tree-encoding=UTF-16\n");
  EXPECT_EQ(WorktreeCopies(repo(), ".py").size(), 0u);
}

}  // namespace
}  // namespace migrate::gitops::testing
