// Unit tests of the fresh run's state file (cmd/fresh/state.h), linked
// against the command's library (migrate_fresh).
#include "cmd/fresh/state.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace migrate::cmd {
namespace {

const std::vector<std::string> kPhases = {"branch", "move", "rewrite", "commit"};
const std::string kA(40, 'a'), kB(40, 'b'), kC(40, 'c');

State sample() {
  State s;
  s.product = "billing";
  s.base = kA;
  s.base_spec = "origin/main";
  s.baseline = "chore/model-migration-baseline";
  s.baseline_id = kB;
  s.branch = "fresh/billing";
  s.start_branch = "main";
  s.start_id = kC;
  s.untracked = {"notes.txt"};
  s.pause_after = "none";
  s.pid = 4242;
  s.phases = {{"branch", PhaseStatus::kCompleted, 1112911993, "", "pinned origin/main", {}},
              {"move", PhaseStatus::kFailed, 1112912000, "git mv failed", "", {"fatal: bad source", "exit 128"}},
              {"rewrite", PhaseStatus::kPending, 0, "", "", {}},
              {"commit", PhaseStatus::kPending, 0, "", "", {}}};
  return s;
}

TEST(FreshState, SerializesWholeFile) {
  EXPECT_EQ(serialize_state(sample()),
            "# git migrate-fresh state (see git-migrate-fresh(1)); written by the command.\n"
            "base = '" + kA + "'\n"
            "base_spec = 'origin/main'\n"
            "baseline = 'chore/model-migration-baseline'\n"
            "baseline_id = '" + kB + "'\n"
            "branch = 'fresh/billing'\n"
            "pause_after = 'none'\n"
            "pid = 4242\n"
            "product = 'billing'\n"
            "start_branch = 'main'\n"
            "start_id = '" + kC + "'\n"
            "untracked = [ 'notes.txt' ]\n"
            "version = 1\n"
            "\n"
            "[[phases]]\n"
            "name = 'branch'\n"
            "note = 'pinned origin/main'\n"
            "status = 'completed'\n"
            "timestamp = '2005-04-07T22:13:13Z'\n"
            "\n"
            "[[phases]]\n"
            "message = 'git mv failed'\n"
            "name = 'move'\n"
            "output = [ 'fatal: bad source', 'exit 128' ]\n"
            "status = 'failed'\n"
            "timestamp = '2005-04-07T22:13:20Z'\n"
            "\n"
            "[[phases]]\n"
            "name = 'rewrite'\n"
            "status = 'pending'\n"
            "\n"
            "[[phases]]\n"
            "name = 'commit'\n"
            "status = 'pending'\n");
}

TEST(FreshState, ParsesWhatItWrites) {
  const State s = parse_state(serialize_state(sample()), "st.toml", kPhases);
  EXPECT_EQ(serialize_state(s), serialize_state(sample()));
  ASSERT_NE(s.next(), nullptr);
  EXPECT_EQ(s.next()->name, "move");
  EXPECT_EQ(s.find("move")->output, (std::vector<std::string>{"fatal: bad source", "exit 128"}));
}

std::string error_of(const std::string& text) {
  try {
    parse_state(text, "st.toml", kPhases);
  } catch (const StateError& e) {
    return e.what();
  }
  return "(parsed)";
}

std::string with(const std::string& from, const std::string& to) {
  std::string text = serialize_state(sample());
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

TEST(FreshState, NamesWhatIsWrong) {
  EXPECT_EQ(error_of(with("version = 1\n", "version = '1'\n")),
            "st.toml:13: 'version' is not an integer (this git-migrate-fresh writes version 1)");
  EXPECT_EQ(error_of(with("version = 1\n", "version = 2\n")),
            "st.toml:13: version 2 is not known to this git-migrate-fresh (it writes version 1)");
  EXPECT_EQ(error_of(with("version = 1\n", "")), "st.toml: missing 'version'");
  // An unknown phase or status is named at its own line.
  const std::string text = serialize_state(sample());
  const auto line_of = [&text](const std::string& s) {
    return std::to_string(std::count(text.begin(), text.begin() + text.find(s), '\n') + 1);
  };
  EXPECT_EQ(error_of(with("name = 'rewrite'", "name = 'deploy'")),
            "st.toml:" + line_of("name = 'rewrite'") + ": unknown phase 'deploy'");
  EXPECT_EQ(error_of(with("status = 'pending'", "status = 'paused'")),
            "st.toml:" + line_of("status = 'pending'") + ": unknown status 'paused'");
  EXPECT_EQ(error_of(with("pid = 4242", "pid = -1")), "st.toml:8: 'pid' is not a process id");
  EXPECT_EQ(error_of(with("start_id = '" + kC + "'", "start_id = 'c0ffee'")),
            "st.toml: 'c0ffee' is not a full commit id");
  EXPECT_EQ(error_of(with("branch = 'fresh/billing'", "branch = ''")), "st.toml:6: 'branch' is empty");
}

}  // namespace
}  // namespace migrate::cmd
