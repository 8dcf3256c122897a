// Unit tests of the phase table (cmd/fresh/phases.h): the lists of phases,
// names and pause points every part of the pipeline reads from it.
#include "cmd/fresh/phases.h"

#include <gtest/gtest.h>

namespace migrate::cmd {
namespace {

TEST(FreshPhaseTable, TheRunsAndTheirPhasesInOrder) {
  EXPECT_EQ(phases_of_run(false), (std::vector<std::string>{"branch", "configure", "prepare", "move", "rewrite", "validate",
                                                            "generate", "commit"}));
  EXPECT_EQ(phases_of_run(true),
            (std::vector<std::string>{"branch", "configure", "prepare", "run", "validate", "generate", "commit"}));
  EXPECT_EQ(all_phase_names(), (std::vector<std::string>{"branch", "configure", "prepare", "move", "rewrite", "run",
                                                         "validate", "generate", "commit"}));
  EXPECT_EQ(phase_name_list(), "branch, configure, prepare, move, rewrite, run, validate, generate, commit");
  EXPECT_EQ(phase_overview(), "branch, configure, prepare, move, rewrite (or run), validate, generate, commit");
}

TEST(FreshPhaseTable, EveryRowCanRunAndDescribe) {
  for (const PhaseDef& d : phase_table()) {
    EXPECT_NE(d.run, nullptr) << d.name;
    EXPECT_NE(d.describe, nullptr) << d.name;
    EXPECT_EQ(find_phase(d.name), &d);
  }
  EXPECT_EQ(find_phase("init"), nullptr);  // an alias, not a row
  EXPECT_EQ(find_phase("deploy"), nullptr);
}

TEST(FreshPhaseTable, AliasesAndTheRowThatStartsARun) {
  EXPECT_EQ(canonical_phase("init"), "branch");
  EXPECT_EQ(canonical_phase("move"), "move");
  EXPECT_EQ(canonical_phase("deploy"), "deploy");
  std::vector<std::string> starting;
  for (const PhaseDef& d : phase_table())
    if (d.starts_run) starting.emplace_back(d.name);
  EXPECT_EQ(starting, (std::vector<std::string>{"branch"}));
}

TEST(FreshPhaseTable, PausePoints) {
  EXPECT_TRUE(pauses_after("rewrite", "rewrite"));
  EXPECT_FALSE(pauses_after("rewrite", "move"));
  EXPECT_TRUE(pauses_after("init", "branch"));
  // --run's script stands for move and rewrite.
  EXPECT_TRUE(pauses_after("rewrite", "run"));
  EXPECT_TRUE(pauses_after("move", "run"));
  EXPECT_FALSE(pauses_after("prepare", "run"));
  EXPECT_FALSE(pauses_after("none", "rewrite"));
  EXPECT_FALSE(pauses_after("none", "none"));
}

TEST(FreshPhases, AProductMissingFromTheMigrationsList) {
  MigrationsEdit edit;
  edit.outcome = MigrationsEdit::Outcome::kProductMissing;
  edit.names = {"experiments", "error_tracking"};
  const auto [what, hint] = product_missing(edit, "surveys", "model_migration/migration_config.json");
  EXPECT_EQ(what, "surveys is not in the migrations list of model_migration/migration_config.json (listed: "
                  "experiments, error_tracking)");
  EXPECT_EQ(hint, "add an entry {\"name\": \"surveys\", ...} to it on the baseline, or check the product name");
  edit.names.clear();
  EXPECT_EQ(product_missing(edit, "surveys", "c.json on base").first,
            "surveys is not in the migrations list of c.json on base (listed: none)");
}

}  // namespace
}  // namespace migrate::cmd
