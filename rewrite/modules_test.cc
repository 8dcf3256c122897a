#include "rewrite/modules.h"

#include <gtest/gtest.h>

#include <map>

namespace migrate::rewrite {
namespace {

using Files = std::map<std::string, std::string>;

ImportRoots detect(const Files& files) {
  std::vector<std::string> paths;
  for (const auto& [p, _] : files) paths.push_back(p);
  return detect_import_roots(paths, [&](const std::string& p) -> std::optional<std::string> {
    auto it = files.find(p);
    if (it == files.end()) return std::nullopt;
    return it->second;
  });
}

using Folders = std::vector<std::string>;

TEST(ImportRoots, RepositoryRootAlone) {
  const ImportRoots r;
  EXPECT_EQ(r.folders(), Folders{""});
  EXPECT_EQ(r.module_of("a/b/c.py"), "a.b.c");
  EXPECT_EQ(r.module_of("a/b/__init__.py"), "a.b");
  EXPECT_EQ(r.module_of("__init__.py"), std::nullopt);
  EXPECT_EQ(r.module_of("a/class/c.py"), std::nullopt);
  EXPECT_EQ(r.package_of("setup.py"), "");
}

TEST(ImportRoots, DeepestRootHoldsThePath) {
  const ImportRoots r(Folders{"./src/", "apps/api", "apps/api/src", "../x"});
  EXPECT_EQ(r.folders(), (Folders{"apps/api/src", "apps/api", "src", ""}));
  EXPECT_EQ(r.module_of("src/pkg/util.py"), "pkg.util");
  EXPECT_EQ(r.module_of("apps/api/tracker/models.py"), "tracker.models");
  EXPECT_EQ(r.module_of("apps/api/src/core/__init__.py"), "core");
  EXPECT_EQ(r.module_of("apps/api/__init__.py"), std::nullopt);
  EXPECT_EQ(r.module_of("tests/test_x.py"), "tests.test_x");
  EXPECT_EQ(r.package_of("src/pkg/a/mod.py"), "pkg.a");
  EXPECT_EQ(r.package_of("src/setup.py"), "");
  EXPECT_EQ(r.module_of_folder("apps/api/tracker/db"), "tracker.db");
  EXPECT_EQ(r.explicit_folders(), (Folders{"apps/api/src", "apps/api", "src"}));
}

TEST(ImportRoots, Keywords) {
  EXPECT_FALSE(is_identifier("class"));
  EXPECT_TRUE(is_identifier("match"));
  EXPECT_TRUE(is_identifier("type"));
  EXPECT_EQ(unimportable_reason("products.class.models"), "'class' is a Python keyword");
  EXPECT_EQ(unimportable_reason("products/my-backend", '/'), "'my-backend' is not a Python identifier");
  EXPECT_EQ(unimportable_reason("products.billing"), "");
}

TEST(RelativeImports, ResolveAndSpell) {
  EXPECT_EQ(resolve_relative("pkg.a", 2, "util"), "pkg.util");
  EXPECT_EQ(resolve_relative("pkg.a", 1, ""), "pkg.a");
  EXPECT_EQ(resolve_relative("pkg.a", 3, "util"), std::nullopt);  // beyond the top-level package
  EXPECT_EQ(resolve_relative("", 1, "x"), std::nullopt);
  EXPECT_EQ(relative_spelling("pkg.b.a", "pkg.util"), "...util");
  EXPECT_EQ(relative_spelling("pkg", "pkg.b.a.mod"), ".b.a.mod");
  EXPECT_EQ(relative_spelling("pkg.b", "pkg.b"), ".");
  EXPECT_EQ(relative_spelling("pkg.b.c", "pkg"), "...");
  EXPECT_EQ(relative_spelling("products.x", "posthog.models"), std::nullopt);
  EXPECT_EQ(relative_spelling("", "pkg"), std::nullopt);
}

TEST(DetectImportRoots, HatchPackagesAndSources) {
  EXPECT_EQ(detect({{"pyproject.toml", "[tool.hatch.build.targets.wheel]\npackages = [\"src/flow\"]\n"},
                    {"src/flow/__init__.py", ""}})
                .folders(),
            (Folders{"src", ""}));
  EXPECT_EQ(detect({{"pyproject.toml", "[tool.hatch.build.targets.wheel.sources]\n\"lib\" = \"\"\n"},
                    {"lib/flow/__init__.py", ""}})
                .folders(),
            (Folders{"lib", ""}));
}

TEST(DetectImportRoots, SetuptoolsPoetryPytestSetupCfg) {
  EXPECT_EQ(detect({{"pyproject.toml", "[tool.setuptools]\npackage-dir = {\"\" = \"lib\"}\n"}, {"lib/p/x.py", ""}})
                .folders(),
            (Folders{"lib", ""}));
  EXPECT_EQ(detect({{"pyproject.toml", "[tool.setuptools.packages.find]\nwhere = [\"code\"]\n"}, {"code/p/x.py", ""}})
                .folders(),
            (Folders{"code", ""}));
  EXPECT_EQ(detect({{"pyproject.toml", "[tool.poetry]\npackages = [{include = \"p\", from = \"source\"}]\n"},
                    {"source/p/x.py", ""}})
                .folders(),
            (Folders{"source", ""}));
  EXPECT_EQ(detect({{"pyproject.toml", "[tool.pytest.ini_options]\npythonpath = [\"server\", \".\"]\n"},
                    {"server/p/x.py", ""}})
                .folders(),
            (Folders{"server", ""}));
  EXPECT_EQ(detect({{"setup.cfg", "[metadata]\nname = p\n\n[options]\npackage_dir =\n    =pysrc\n"},
                    {"pysrc/p/x.py", ""}})
                .folders(),
            (Folders{"pysrc", ""}));
}

TEST(DetectImportRoots, SrcLayoutNestedProjectAndManagePy) {
  const ImportRoots r = detect({{"src/pkg/__init__.py", ""},
                                {"services/billing/pyproject.toml", "[project]\nname = \"billing\"\n"},
                                {"services/billing/src/billing/__init__.py", ""},
                                {"apps/api/manage.py", ""},
                                {"apps/api/tracker/models.py", ""},
                                {"docs/src/readme.txt", ""}});
  EXPECT_EQ(r.folders(), (Folders{"services/billing/src", "apps/api", "src", ""}));
  EXPECT_EQ(r.origins(), (Folders{"services/billing/src (services/billing/src/: a src layout)",
                                  "apps/api (apps/api/manage.py: Django's manage.py)", "src (src/: a src layout)"}));
  EXPECT_EQ(r.module_of("apps/api/tracker/models.py"), "tracker.models");
}

TEST(DetectImportRoots, DeclaredFoldersWithoutPythonAreIgnored) {
  EXPECT_EQ(detect({{"pyproject.toml", "[tool.setuptools.packages.find]\nwhere = [\"nothing\"]\n"}, {"a/x.py", ""}})
                .folders(),
            Folders{""});
  EXPECT_EQ(detect({{"pyproject.toml", "not toml ["}, {"src/a/x.py", ""}}).folders(), (Folders{"src", ""}));
}

}  // namespace
}  // namespace migrate::rewrite
