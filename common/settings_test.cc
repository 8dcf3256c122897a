#include "common/settings.h"

#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

namespace migrate {
namespace {

Config file(const std::string& toml) { return Config::from_text(toml, ".git-migrate.toml", nullptr); }

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no ConfigError)";
}

TEST(Settings, FlagThenConfiguredThenDefault) {
  const Config cfg = file("baseline = \"team/baseline\"\n");
  const SettingResolver r(cfg);
  EXPECT_EQ(r.string("baseline", std::string("mine")), "mine");
  EXPECT_EQ(r.string("baseline"), "team/baseline");
  EXPECT_EQ(r.string("replace.message"), "merge: adopt fresh migration validation branch");
  EXPECT_EQ(r.string("fresh.settings_file"), "");
  EXPECT_EQ(r.integer("deletion_threshold"), 50);
  EXPECT_EQ(r.integer("deletion_threshold", 7), 7);
  EXPECT_TRUE(r.boolean("fresh.django_app"));
  EXPECT_FALSE(r.boolean("check.alembic_allow_labelled_heads"));
  EXPECT_EQ(r.strings("fresh.validate"), std::vector<std::string>{});
  EXPECT_EQ(r.strings("check.artifact_patterns").size(), 4u);
  EXPECT_EQ(r.origin("baseline", false, "--baseline"), ".git-migrate.toml:1");
  EXPECT_EQ(r.origin("baseline", true, "--baseline"), "--baseline");
  EXPECT_EQ(r.origin("moves", false, "--moves"), "default");
}

TEST(Settings, DefaultsFollowTheToolingFolder) {
  const Config cfg = file("tooling = \"tools/migration/\"\n");
  const SettingResolver r(cfg);
  EXPECT_EQ(r.tooling(), "tools/migration");
  EXPECT_EQ(r.string("moves"), "tools/migration/moves.toml");
  EXPECT_EQ(r.string("fresh.config_json"), "tools/migration/migration_config.json");
  EXPECT_EQ(r.strings("exclude"), std::vector<std::string>{"tools/migration/"});
  const SettingResolver flagged(cfg, std::string("other"));
  EXPECT_EQ(flagged.string("moves"), "other/moves.toml");
  ASSERT_EQ(flagged.excludes({}).size(), 1u);
  EXPECT_EQ(flagged.excludes({})[0].str(), "other");
}

TEST(Settings, ExcludesAreRepositoryPathsWithTheProductReplaced) {
  const Config cfg = file("exclude = [\"model_migration/\", \"tmp/{product}/\"]\n");
  const SettingResolver r(cfg);
  std::vector<std::string> got;
  for (const auto& p : r.excludes({}, "billing")) got.push_back(p.str());
  EXPECT_EQ(got, (std::vector<std::string>{"model_migration", "tmp/billing"}));
  EXPECT_EQ(error_of([&] { r.excludes({"../up"}); }),
            "--exclude: excluded folder '../up' is not a path relative to the repository root");
  const Config bad = file("exclude = [\"/abs\"]\n");
  EXPECT_EQ(error_of([&] { SettingResolver(bad).excludes({}); }),
            ".git-migrate.toml:1: excluded folder '/abs' is not a path relative to the repository root");
}

TEST(Settings, NegativeDeletionThresholdNamesItsOrigin) {
  const Config cfg = file("deletion_threshold = -3\n");
  EXPECT_EQ(error_of([&] { SettingResolver(cfg).deletion_threshold(std::nullopt); }),
            ".git-migrate.toml:1: deletion_threshold must not be negative");
  EXPECT_EQ(error_of([&] { SettingResolver(cfg).deletion_threshold(-1); }),
            "--deletion-threshold: deletion_threshold must not be negative");
  EXPECT_EQ(SettingResolver(cfg).deletion_threshold(10), 10);
}

// The keys a man page's CONFIGURATION section describes: the bold words of
// the tag line after each .TP (".B key", ".BR key \" (git config ...)\"",
// ".BR a \", \" b", ".B [check.rules.\fIid\fB]", ".B [[check.ignore]]").
std::set<std::string> man_page_keys(const std::string& page) {
  std::ifstream in(std::string(GIT_MIGRATE_SOURCE_DIR) + "/man/" + page);
  EXPECT_TRUE(in) << page;
  std::set<std::string> keys;
  bool in_section = false, tag = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(".SH", 0) == 0) {
      in_section = line == ".SH CONFIGURATION";
      continue;
    }
    if (!in_section) continue;
    if (line == ".TP") {
      tag = true;
      continue;
    }
    if (!tag) continue;
    tag = false;
    const bool alternating = line.rfind(".BR ", 0) == 0;
    if (!alternating && line.rfind(".B ", 0) != 0) continue;
    // Words, quoted strings as one word; with .BR every other one is bold.
    std::vector<std::string> words;
    for (std::size_t i = line.find(' ') + 1; i < line.size();) {
      if (line[i] == ' ') { ++i; continue; }
      const bool quoted = line[i] == '"';
      const std::size_t end = quoted ? line.find('"', i + 1) : line.find(' ', i);
      words.push_back(line.substr(i + quoted, (end == std::string::npos ? line.size() : end) - i - quoted));
      i = end == std::string::npos ? line.size() : end + 1;
    }
    // A tag names one key, or several separated by ", " (.BR a ", " b); the
    // rest of the line is the key's git config name and type.
    for (std::size_t w = 0; w < words.size(); w += alternating ? 2 : 1) {
      if (w > 0 && !(alternating && words[w - 1] == ", ")) break;
      std::string k = words[w];
      if (k.rfind("[check.rules.", 0) == 0) k = "check.rules";
      if (k == "[[check.ignore]]") k = "check.ignore";
      keys.insert(k);
    }
  }
  return keys;
}

TEST(Settings, ManPagesListTheKeysEachCommandReads) {
  for (auto [page, command] : {std::pair{"git-migrate-fresh.1", kFresh}, std::pair{"git-migrate-replace.1", kReplace},
                               std::pair{"git-migrate-check.1", kCheck}}) {
    std::set<std::string> expected;
    for (const ConfigKey& k : config_schema())
      if (k.readers & command) expected.insert(std::string(k.key));
    EXPECT_EQ(man_page_keys(page), expected) << page;
  }
}

}  // namespace
}  // namespace migrate
