#include <filesystem>
#include <sstream>

#include "gitops/repo_fixture.h"

namespace migrate::gitops::testing {
namespace {

namespace fs = std::filesystem;

std::string lines(int from, int to, const std::string& tag = "line") {
  std::string s;
  for (int i = from; i <= to; ++i) s += tag + " " + std::to_string(i) + "\n";
  return s;
}

class DiffTest : public RepoTest {
 protected:
  void SetUp() override {
    sb_.init_repo("repo");
    sb_.write_file("repo/text.py", lines(1, 20));
    sb_.write_file("repo/old/place.py", lines(1, 30, "keep"));
    sb_.write_file("repo/moved/pure.py", lines(1, 10, "pure"));
    sb_.write_file("repo/image.bin", std::string("PNG\0\x01\x02", 6) + lines(1, 3));
    sb_.write_file("repo/deleted.txt", lines(1, 7));
    sb_.write_file("repo/script.sh", "#!/bin/sh\necho hi\n");
    sb_.write_file("repo/dir with space/naïve file.py", lines(1, 4));
    sb_.write_file("repo/becomes_link", "plain\ncontent\n");
    fs::create_symlink("text.py", sb_.path("repo/link"));
    fs::create_directories(sb_.path("repo/vendor/lib"));
    git("repo", {"update-index", "--add", "--cacheinfo", "160000," + std::string(40, 'a') + ",vendor/lib"});
    sb_.commit_all("repo", "base");

    sb_.write_file("repo/text.py", lines(1, 5) + "inserted\n" + lines(9, 20) + "tail\n");
    sb_.remove("repo/old/place.py");
    sb_.write_file("repo/new/place.py", lines(1, 28, "keep") + "changed\n");
    sb_.remove("repo/moved/pure.py");
    sb_.write_file("repo/moved/again/pure.py", lines(1, 10, "pure"));
    sb_.write_file("repo/image.bin", std::string("PNG\0\x03\x04", 6) + lines(1, 4));
    sb_.write_file("repo/added.bin", std::string("\0\0\0", 3));
    sb_.remove("repo/deleted.txt");
    sb_.write_file("repo/added.txt", lines(1, 3));
    fs::permissions(sb_.path("repo/script.sh"), fs::perms::owner_exec, fs::perm_options::add);
    sb_.write_file("repo/dir with space/naïve file.py", lines(1, 2) + "ünïcode\n");
    sb_.remove("repo/link");
    fs::create_symlink("added.txt", sb_.path("repo/link"));
    sb_.remove("repo/becomes_link");
    fs::create_symlink("text.py", sb_.path("repo/becomes_link"));
    git("repo", {"update-index", "--cacheinfo", "160000," + std::string(40, 'b') + ",vendor/lib"});
    sb_.commit_all("repo", "change");
  }

  // `git diff --numstat -M` as "added\tremoved\t[old => ]new" lines.
  std::string git_numstat(const std::vector<std::string>& extra = {"-M"}) {
    std::vector<std::string> args = {"diff", "--numstat", "-z"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back("HEAD~1");
    args.push_back("HEAD");
    const std::string raw = git("repo", args);
    std::string out;
    std::size_t i = 0;
    while (i < raw.size()) {
      const std::size_t end = raw.find('\0', i);
      std::string rec = raw.substr(i, end - i);
      i = end + 1;
      if (!rec.empty() && rec.back() == '\t') {  // a rename: old and new follow
        const std::size_t e1 = raw.find('\0', i);
        const std::string old_path = raw.substr(i, e1 - i);
        const std::size_t e2 = raw.find('\0', e1 + 1);
        const std::string new_path = raw.substr(e1 + 1, e2 - e1 - 1);
        i = e2 + 1;
        rec += old_path + " => " + new_path;
      }
      out += rec + "\n";
    }
    return out;
  }

  static std::string format(const std::vector<FileStat>& stats) {
    std::string out;
    for (const auto& s : stats) {
      if (s.binary) out += "-\t-\t";
      else out += std::to_string(s.added) + "\t" + std::to_string(s.removed) + "\t";
      if (s.old_path) out += s.old_path->str() + " => ";
      out += s.path.str() + "\n";
    }
    return out;
  }
};

TEST_F(DiffTest, NumstatEqualsGitWithRenames) {
  Repository r = repo();
  const auto stats = r.diff_trees(oid("repo", "HEAD~1^{tree}"), oid("repo", "HEAD^{tree}"));
  EXPECT_EQ(format(stats), git_numstat());
}

TEST_F(DiffTest, NumstatEqualsGitWithoutRenames) {
  Repository r = repo();
  const auto stats = r.diff_trees(oid("repo", "HEAD~1"), oid("repo", "HEAD"), false);
  EXPECT_EQ(format(stats), git_numstat({"--no-renames"}));
}

TEST_F(DiffTest, DetailsOfEntries) {
  Repository r = repo();
  const auto stats = r.diff_trees(oid("repo", "HEAD~1^{tree}"), oid("repo", "HEAD^{tree}"));
  auto find = [&](const std::string& path) -> const FileStat& {
    for (const auto& s : stats) {
      if (s.path.str() == path) return s;
    }
    ADD_FAILURE() << "no entry for " << path;
    return stats.front();
  };
  const FileStat& renamed = find("new/place.py");
  EXPECT_EQ(renamed.kind, FileStat::Kind::kRenamed);
  EXPECT_EQ(renamed.old_path->str(), "old/place.py");
  EXPECT_EQ(renamed.added, 1);
  EXPECT_EQ(renamed.removed, 2);
  const FileStat& exec = find("script.sh");
  EXPECT_EQ(exec.kind, FileStat::Kind::kModified);
  EXPECT_EQ(exec.old_mode, FileMode::kBlob);
  EXPECT_EQ(exec.new_mode, FileMode::kExecutable);
  EXPECT_EQ(exec.old_oid, exec.new_oid);
  const FileStat& bin = find("image.bin");
  EXPECT_TRUE(bin.binary);
  EXPECT_EQ(bin.added, 0);
  const FileStat& deleted = find("deleted.txt");
  EXPECT_EQ(deleted.kind, FileStat::Kind::kDeleted);
  EXPECT_EQ(deleted.removed, 7);
  EXPECT_TRUE(deleted.new_oid.is_zero());
  EXPECT_EQ(find("added.txt").kind, FileStat::Kind::kAdded);
  EXPECT_EQ(find("vendor/lib").new_mode, FileMode::kCommit);
  EXPECT_EQ(find("link").new_mode, FileMode::kLink);
}

TEST_F(DiffTest, IdenticalTreesHaveNoEntries) {
  Repository r = repo();
  EXPECT_TRUE(r.diff_trees(oid("repo", "HEAD"), oid("repo", "HEAD")).empty());
}

}  // namespace
}  // namespace migrate::gitops::testing
