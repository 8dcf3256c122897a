#include "rewrite/engine.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace migrate::rewrite {
namespace {

namespace fs = std::filesystem;

class TempTree {
 public:
  TempTree() {
    char tmpl[] = "/tmp/rewrite-engine-XXXXXX";
    root_ = mkdtemp(tmpl);
  }
  ~TempTree() { fs::remove_all(root_); }
  void write(const std::string& rel, const std::string& content) const {
    fs::create_directories((fs::path(root_) / rel).parent_path());
    std::ofstream(fs::path(root_) / rel, std::ios::binary) << content;
  }
  std::string read(const std::string& rel) const {
    std::ifstream in(fs::path(root_) / rel, std::ios::binary);
    std::ostringstream os;
    os << in.rdbuf();
    return os.str();
  }
  const std::string& root() const { return root_; }

 private:
  std::string root_;
};

MoveSet moves() {
  return MoveSet::build("p",
                        {{"posthog/models/error_tracking/__init__.py", "products/et/backend/models/__init__.py", 1},
                         {"posthog/models/error_tracking/sql.py", "products/et/backend/models/sql.py", 2}},
                        {}, {{"posthog.models", "ErrorTrackingIssue", "products.et.backend.models", 3}});
}

TEST(Prefilter, TextNeedlesAndPaths) {
  MoveSet m = moves();
  Prefilter p(m);
  // posthog.models.error_tracking.sql needs no needle: its parent moves too.
  EXPECT_EQ(p.needles(), (std::vector<std::string>{"ErrorTrackingIssue", "error_tracking"}));
  EXPECT_TRUE(p.by_text("from posthog.models import error_tracking"));
  EXPECT_TRUE(p.by_text("x = ErrorTrackingIssue"));
  EXPECT_FALSE(p.by_text("import os\nfrom posthog.models import Team\n"));
  EXPECT_TRUE(p.by_path("products/et/backend/models/sql.py"));    // a moved file
  EXPECT_TRUE(p.by_path("posthog/models/error_tracking/left.py"));  // in a moved package
  EXPECT_TRUE(p.by_path("posthog/models/error_tracking/sub/x.py"));
  EXPECT_FALSE(p.by_path("posthog/models/team.py"));
  EXPECT_FALSE(p.by_path("setup.py"));
}

TEST(Prefilter, ManyNeedlesGoThroughOneRegex) {
  std::vector<ModuleMove> mm;
  for (int i = 0; i < 6; ++i) mm.push_back({"pkg" + std::to_string(i) + ".mod", "new.m" + std::to_string(i), 1u + i, false});
  MoveSet m = MoveSet::build("p", {}, mm, {});
  Prefilter p(m);
  EXPECT_EQ(p.needles().size(), 1u);  // every module's last segment is "mod"
  EXPECT_TRUE(p.by_text("from pkg5 import mod\n"));
  EXPECT_FALSE(p.by_text("import os\n"));
  mm.clear();
  for (int i = 0; i < 6; ++i) mm.push_back({"pkg.m" + std::to_string(i), "new.m" + std::to_string(i), 1u + i, false});
  MoveSet many = MoveSet::build("p", {}, mm, {});
  Prefilter q(many);
  EXPECT_EQ(q.needles().size(), 6u);
  EXPECT_TRUE(q.by_text("x = 1\nfrom pkg import m4\n"));
  EXPECT_FALSE(q.by_text("from pkg import m9\n"));
}

TEST(Prefilter, NeedlesAreWholeWordsOutsideTheNewNames) {
  MoveSet m = MoveSet::build("giftcard", {}, {{"saleor.giftcard", "products.giftcard.backend", 1, false}}, {});
  Prefilter p(m);
  EXPECT_EQ(p.needles(), (std::vector<std::string>{"giftcard"}));
  EXPECT_TRUE(p.by_text("from saleor.giftcard import utils\n"));
  EXPECT_TRUE(p.by_text("from saleor import giftcard\n"));
  EXPECT_TRUE(p.by_text("from .. import giftcard\n"));
  EXPECT_TRUE(p.by_text("x = \"saleor.giftcard.models.GiftCard\"\n"));
  EXPECT_TRUE(p.by_text("import saleor\nsaleor.giftcard.utils.f()\n"));
  // Part of another identifier: not the module.
  EXPECT_FALSE(p.by_text("giftcard_events = 1\nfrom saleor.order import mygiftcard\n"));
  // The new name only.
  EXPECT_FALSE(p.by_text("from products.giftcard.backend import utils\nimport products.giftcard.backend.models\n"));
  EXPECT_FALSE(p.by_text("x = \"products.giftcard.backend.models.GiftCard\"\n"));
  // ... unless a relative import or another package spells it,
  EXPECT_TRUE(p.by_text("from .products.giftcard import x\n"));
  EXPECT_TRUE(p.by_text("from products.giftcard.backend import u\nfrom saleor.giftcard import v\n"));
  // or the file binds the root name to something else.
  EXPECT_TRUE(p.by_text("import saleor as products\nproducts.giftcard.backend.x()\n"));
  EXPECT_TRUE(p.by_text("from saleor import products\nproducts.giftcard.x()\n"));
  // Non-ASCII bytes around a needle count as word boundaries (never a miss).
  EXPECT_TRUE(p.by_text("x = \"\xc3\xa9giftcard\"\n"));
  // A destination prefix that is itself an old name (a remapped symbol) is
  // not a new name.
  MoveSet remap = MoveSet::build("g", {}, {{"saleor.giftcard", "products.giftcard.backend", 1, false}},
                                 {{"products", "giftcard", "elsewhere", 2}});
  Prefilter q(remap);
  EXPECT_TRUE(q.by_text("import products.giftcard.backend\n"));
}

TEST(Prefilter, LongestNeedleDecidesTheWord) {
  std::vector<ModuleMove> mm;
  for (const char* name : {"mod", "module", "m1", "m2", "m3", "m4"}) mm.push_back({std::string("pkg.") + name, std::string("new.") + name, 1, false});
  MoveSet m = MoveSet::build("p", {}, mm, {});
  Prefilter p(m);
  ASSERT_EQ(p.needles().size(), 6u);  // through the regex
  EXPECT_TRUE(p.by_text("from pkg import module\n"));
  EXPECT_FALSE(p.by_text("modules = 1\n"));
  EXPECT_FALSE(p.by_text("import new.module\n"));
}

TEST(Prefilter, RelativeImportText) {
  EXPECT_TRUE(has_relative_import("from . import x\n"));
  EXPECT_TRUE(has_relative_import("from.x import y\n"));
  EXPECT_TRUE(has_relative_import("import os\nfrom \t..pkg import y\n"));
  EXPECT_TRUE(has_relative_import("from \\\n    .x import y\n"));
  EXPECT_TRUE(has_relative_import("from \\\r\n.x import y\r\n"));
  EXPECT_FALSE(has_relative_import("from os import path\n"));
  EXPECT_FALSE(has_relative_import("import x.y\nfrom_.z = 1\n"));
  EXPECT_FALSE(has_relative_import("x = 'from'\n"));
}

TEST(Engine, RewritesWritesAndSummarises) {
  TempTree t;
  t.write("posthog/tasks/a.py", "from posthog.models.error_tracking import X\n");
  t.write("posthog/tasks/b.py", "import os\n");
  t.write("posthog/tasks/c.py", "from posthog.models import ErrorTrackingIssue, Team\n");
  t.write("posthog/tasks/broken.py", "from posthog.models.error_tracking import (X\n");
  t.write("posthog/tasks/latin.py", "# error_tracking caf\xe9\n");
  t.write("products/et/backend/models/sql.py", "from .. import helpers\n");
  // Moved too, but without a relative import or a moved name: not parsed.
  t.write("products/et/backend/models/__init__.py", "import os\n");
  t.write("README.md", "posthog.models.error_tracking\n");
  // What sql.py's relative import names after the move (the engine only
  // rewrites a moved file's relative import whose target exists).
  t.write("posthog/models/team.py", "class Team:\n    pass\n");
  const std::vector<std::string> files = {"README.md", "posthog/models/team.py", "posthog/tasks/a.py", "posthog/tasks/b.py", "posthog/tasks/c.py",
                                          "posthog/tasks/broken.py", "posthog/tasks/gone.py", "posthog/tasks/latin.py",
                                          "products/et/backend/models/__init__.py",
                                          "products/et/backend/models/sql.py"};
  for (unsigned threads : {1u, 4u}) {
    EngineOptions o;
    o.threads = threads;
    o.keep_contents = true;
    RewriteSummary s = rewrite_files(t.root(), files, moves(), o);
    EXPECT_EQ(s.considered, 9u);
    // a, c, broken, sql.py (moved, with a relative import); latin is not
    // UTF-8; b never mentions a move; the moved __init__.py has nothing to change.
    EXPECT_EQ(s.parsed, 4u);
    EXPECT_EQ(s.changed, 3u);
    ASSERT_EQ(s.files.size(), 5u);
    EXPECT_EQ(s.files[0].path, "posthog/tasks/a.py");
    EXPECT_EQ(s.files[0].new_content, "from products.et.backend.models import X\n");
    EXPECT_EQ(s.files[0].old_content, "from posthog.models.error_tracking import X\n");
    // The import itself cannot be parsed: left as it is, a stale reference.
    EXPECT_EQ(s.files[1].path, "posthog/tasks/broken.py");
    EXPECT_EQ(s.files[1].status, FileRewrite::Status::kUnchanged);
    EXPECT_EQ(s.files[1].errors, (std::vector<ErrorRegion>{{1, 0, 44}}));
    EXPECT_EQ(s.files[1].stale_lines, std::vector<unsigned>{1});
    EXPECT_EQ(s.files[2].path, "posthog/tasks/c.py");
    EXPECT_EQ(s.files[3].path, "posthog/tasks/latin.py");
    EXPECT_EQ(s.files[3].reason, "not UTF-8");
    EXPECT_EQ(s.files[3].line, 1u);
    EXPECT_EQ(s.files[4].path, "products/et/backend/models/sql.py");
    EXPECT_EQ(s.files[4].new_content, "from posthog.models import helpers\n");
    EXPECT_EQ(s.skipped(), 1u);
    EXPECT_EQ(s.leftovers(), 2u);
    // Nothing written without `write`.
    EXPECT_EQ(t.read("posthog/tasks/a.py"), "from posthog.models.error_tracking import X\n");
  }
  RewriteSummary s = rewrite_files(t.root(), files, moves(), RewriteOptions{}, /*write=*/true);
  EXPECT_EQ(s.changed, 3u);
  EXPECT_TRUE(s.files[0].new_content.empty());  // contents are not kept unless asked
  EXPECT_EQ(t.read("posthog/tasks/a.py"), "from products.et.backend.models import X\n");
  EXPECT_EQ(t.read("posthog/tasks/c.py"),
            "from products.et.backend.models import ErrorTrackingIssue\nfrom posthog.models import Team\n");
  EXPECT_EQ(t.read("products/et/backend/models/sql.py"), "from posthog.models import helpers\n");
  EXPECT_EQ(t.read("README.md"), "posthog.models.error_tracking\n");
  // A second run changes nothing.
  RewriteSummary again = rewrite_files(t.root(), files, moves(), RewriteOptions{}, /*write=*/true);
  EXPECT_EQ(again.changed, 0u);
}

TEST(Engine, ForceParseParsesEveryPythonFile) {
  TempTree t;
  t.write("a.py", "import os\n");
  t.write("b.py", "x = 1\n");
  EngineOptions o;
  o.force_parse = true;
  RewriteSummary s = rewrite_files(t.root(), {"a.py", "b.py"}, moves(), o);
  EXPECT_EQ(s.parsed, 2u);
  EXPECT_EQ(s.bytes_parsed, 16u);
  EXPECT_EQ(s.changed, 0u);
}

}  // namespace
}  // namespace migrate::rewrite

namespace migrate::rewrite {
namespace {

TEST(Engine, WritingKeepsModeSymlinksAndHardLinks) {
  TempTree t;
  const std::string line = "from posthog.models.error_tracking import X\n";
  const std::string rewritten = "from products.et.backend.models import X\n";
  t.write("bin/tool.py", line);
  fs::permissions(fs::path(t.root()) / "bin/tool.py", fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);
  t.write("shared/real.py", line);
  fs::create_directories(fs::path(t.root()) / "pkg");
  fs::create_symlink("../shared/real.py", fs::path(t.root()) / "pkg/link.py");
  t.write("pkg/a.py", line);
  fs::create_hard_link(fs::path(t.root()) / "pkg/a.py", fs::path(t.root()) / "pkg/b.py");
  RewriteSummary s = rewrite_files(t.root(), {"bin/tool.py", "pkg/link.py", "pkg/a.py"}, moves(), RewriteOptions{},
                                   /*write=*/true);
  EXPECT_EQ(s.changed, 3u);
  EXPECT_EQ(t.read("bin/tool.py"), rewritten);
  EXPECT_EQ(fs::status(fs::path(t.root()) / "bin/tool.py").permissions(),
            fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);
  EXPECT_TRUE(fs::is_symlink(fs::path(t.root()) / "pkg/link.py"));
  EXPECT_EQ(t.read("shared/real.py"), rewritten);
  EXPECT_EQ(t.read("pkg/b.py"), rewritten);  // still the same file as a.py
  EXPECT_EQ(fs::hard_link_count(fs::path(t.root()) / "pkg/a.py"), 2u);
}

}  // namespace
}  // namespace migrate::rewrite
