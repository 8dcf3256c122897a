#include <algorithm>
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

// Without line counts: the same entries as git diff --name-status
// --no-renames (paths, kinds, modes, blobs), every count left at 0.
TEST_F(DiffTest, WithoutLineCountsTheEntriesAreThoseOfGitNameStatus) {
  Repository r = repo();
  const auto counted = r.diff_trees(oid("repo", "HEAD~1^{tree}"), oid("repo", "HEAD^{tree}"), false);
  const auto stats = r.diff_trees(oid("repo", "HEAD~1^{tree}"), oid("repo", "HEAD^{tree}"), false, nullptr, false);
  ASSERT_EQ(stats.size(), counted.size());
  std::string listed;
  for (std::size_t i = 0; i < stats.size(); ++i) {
    const char kind = "ADMRT"[static_cast<int>(stats[i].kind)];
    listed += std::string(1, kind) + "\t" + stats[i].path.str() + "\n";
    EXPECT_EQ(stats[i].kind, counted[i].kind);
    EXPECT_EQ(stats[i].old_oid, counted[i].old_oid);
    EXPECT_EQ(stats[i].new_oid, counted[i].new_oid);
    EXPECT_EQ(stats[i].old_mode, counted[i].old_mode);
    EXPECT_EQ(stats[i].new_mode, counted[i].new_mode);
    EXPECT_EQ(stats[i].added, 0);
    EXPECT_EQ(stats[i].removed, 0);
    EXPECT_FALSE(stats[i].binary);
  }
  EXPECT_EQ(listed, git("repo", {"-c", "core.quotePath=false", "diff", "--name-status", "--no-renames", "HEAD~1", "HEAD"}));
}

TEST_F(DiffTest, IdenticalTreesHaveNoEntries) {
  Repository r = repo();
  EXPECT_TRUE(r.diff_trees(oid("repo", "HEAD"), oid("repo", "HEAD")).empty());
}

// Moves of many unchanged files (the product's main job) next to a few
// edited moves, compared with git under a small diff.renameLimit.
class RenameLimitTest : public RepoTest {
 protected:
  void SetUp() override {
    sb_.init_repo("repo");
    for (int i = 0; i < 300; ++i) sb_.write_file("repo/old/m" + std::to_string(i) + ".py", lines(1, 3, "file" + std::to_string(i)));
    for (int i = 0; i < 3; ++i) sb_.write_file("repo/edit/e" + std::to_string(i) + ".py", lines(1, 40, "edit" + std::to_string(i)));
    for (int i = 0; i < 3; ++i) sb_.write_file("repo/s" + std::to_string(i) + "/same.py", lines(1, 40, "same" + std::to_string(i)));
    sb_.write_file("repo/pkg/__init__.py", "");
    sb_.write_file("repo/other/__init__.py", "");
    sb_.commit_all("repo", "base");
    for (int i = 0; i < 300; ++i) {
      sb_.remove("repo/old/m" + std::to_string(i) + ".py");
      sb_.write_file("repo/new/m" + std::to_string(i) + ".py", lines(1, 3, "file" + std::to_string(i)));
    }
    for (int i = 0; i < 3; ++i) {
      sb_.remove("repo/edit/e" + std::to_string(i) + ".py");
      sb_.write_file("repo/edited/e" + std::to_string(i) + ".py", lines(1, 38, "edit" + std::to_string(i)) + "x\n");
    }
    for (int i = 0; i < 3; ++i) {
      // Moved and edited under one shared file name: only the similarity
      // search can pair them.
      sb_.remove("repo/s" + std::to_string(i) + "/same.py");
      sb_.write_file("repo/t" + std::to_string(i) + "/same.py", lines(1, 36, "same" + std::to_string(i)) + "y\n");
    }
    sb_.remove("repo/pkg/__init__.py");
    sb_.write_file("repo/moved/pkg/__init__.py", "");  // the same empty blob as other/__init__.py
    sb_.commit_all("repo", "move");
  }
  std::vector<FileStat> sorted(std::vector<FileStat> v) {
    std::sort(v.begin(), v.end(), [](const FileStat& a, const FileStat& b) { return a.path < b.path; });
    return v;
  }
};

TEST_F(RenameLimitTest, ExactRenamesHaveNoLimitAndTheSimilaritySearchRunsWithinIt) {
  Repository r = repo();
  RenameDetection detection;
  const auto stats = r.diff_trees(oid("repo", "HEAD~1^{tree}"), oid("repo", "HEAD^{tree}"), true, &detection);
  std::size_t renamed = 0;
  for (const auto& s : stats) renamed += s.kind == FileStat::Kind::kRenamed;
  EXPECT_EQ(renamed, 307u);  // 300 + pkg/__init__.py + the 3 edited files + the 3 edited same.py
  EXPECT_EQ(stats.size(), 307u);
  EXPECT_EQ(detection.exact, 301u);
  EXPECT_EQ(detection.by_name, 3u);
  EXPECT_FALSE(detection.similarity_skipped);
  EXPECT_EQ(detection.sources, 3u);
  EXPECT_EQ(detection.destinations, 3u);
  for (const auto& s : stats) {
    if (s.path.str() == "moved/pkg/__init__.py") {
      EXPECT_EQ(s.old_path->str(), "pkg/__init__.py");
    }
    if (s.path.str() == "edited/e1.py") {
      EXPECT_EQ(s.old_path->str(), "edit/e1.py");
      EXPECT_EQ(s.added, 1);
      EXPECT_EQ(s.removed, 2);
    }
    if (s.path.str() == "t2/same.py") {
      EXPECT_EQ(s.old_path->str(), "s2/same.py");
      EXPECT_EQ(s.added, 1);
      EXPECT_EQ(s.removed, 4);
    }
  }
}

TEST_F(RenameLimitTest, AboveTheLimitOnlyTheSimilaritySearchIsSkippedAsInGit) {
  git("repo", {"config", "diff.renameLimit", "2"});
  Repository r = repo();
  RenameDetection detection;
  const auto stats = r.diff_trees(oid("repo", "HEAD~1^{tree}"), oid("repo", "HEAD^{tree}"), true, &detection);
  EXPECT_TRUE(detection.similarity_skipped);
  EXPECT_EQ(detection.limit, 2u);
  EXPECT_EQ(detection.exact, 301u);
  EXPECT_EQ(detection.by_name, 3u);
  EXPECT_EQ(detection.similarity_error, "");
  std::string ours;
  for (const auto& s : sorted(stats)) {
    ours += std::to_string(s.added) + "\t" + std::to_string(s.removed) + "\t" +
            (s.old_path ? s.old_path->str() + " => " : "") + s.path.str() + "\n";
  }
  // git -c diff.renameLimit=2 diff -M: exact renames and renames by file
  // name, and the edited same.py files as deletions and additions.
  std::string theirs;
  const std::string raw = git("repo", {"-c", "diff.renameLimit=2", "diff", "--numstat", "-z", "-M", "HEAD~1", "HEAD"});
  std::vector<std::pair<std::string, std::string>> rows;
  for (std::size_t pos = 0; pos < raw.size();) {
    std::size_t end = raw.find('\0', pos);
    std::string head = raw.substr(pos, end - pos);
    pos = end + 1;
    const std::size_t tab2 = head.find('\t', head.find('\t') + 1);
    std::string counts = head.substr(0, tab2 + 1), path = head.substr(tab2 + 1);
    if (path.empty()) {  // rename: old and new path follow
      const std::size_t e1 = raw.find('\0', pos);
      const std::string from = raw.substr(pos, e1 - pos);
      const std::size_t e2 = raw.find('\0', e1 + 1);
      const std::string to = raw.substr(e1 + 1, e2 - e1 - 1);
      pos = e2 + 1;
      rows.push_back({to, counts + from + " => " + to});
    } else {
      rows.push_back({path, counts + path});
    }
  }
  std::sort(rows.begin(), rows.end());
  for (const auto& [path, row] : rows) theirs += row + "\n";
  EXPECT_EQ(ours, theirs);
  std::size_t added = 0;
  for (const auto& s : stats) added += s.kind == FileStat::Kind::kAdded;
  EXPECT_EQ(added, 3u);
}

TEST_F(RenameLimitTest, AMissingBlobLeavesTheDiffStandingWithTheEntryUnreadable) {
  // The old version of edit/e0.py disappears from the object database (a
  // partial clone, a damaged repository).
  const std::string blob = trim(git("repo", {"rev-parse", "HEAD~1:edit/e0.py"}));
  fs::remove(sb_.path("repo/.git/objects/" + blob.substr(0, 2) + "/" + blob.substr(2)));
  Repository r = repo();
  RenameDetection detection;
  std::vector<FileStat> stats;
  ASSERT_NO_THROW(stats = r.diff_trees(oid("repo", "HEAD~1^{tree}"), oid("repo", "HEAD^{tree}"), true, &detection));
  EXPECT_EQ(detection.exact, 301u);
  EXPECT_EQ(detection.by_name, 2u);  // e1, e2; e0's old blob cannot be read
  EXPECT_TRUE(detection.similarity_skipped);
  EXPECT_NE(detection.similarity_error, "");
  std::vector<std::string> unreadable;
  for (const auto& s : stats) {
    if (s.unreadable) unreadable.push_back(s.path.str());
  }
  EXPECT_EQ(unreadable, std::vector<std::string>{"edit/e0.py"});
  EXPECT_EQ(stats.size(), 311u);  // 303 renames; e0.py and the same.py files deleted and added
}

}  // namespace
}  // namespace migrate::gitops::testing
