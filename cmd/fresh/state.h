// The run's state, $GIT_DIR/migrate/<product>.toml: the pinned base id, the
// branch names, where the user started, the files that were untracked before
// the run, and each phase's status, time and failure. It lives in the git
// directory, never in the worktree, and is written atomically (temporary
// file, fsync, rename), so an interrupted run leaves the old or the new
// state, never half of one.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace migrate::cmd {

enum class PhaseStatus { kPending, kInProgress, kCompleted, kFailed };
std::string_view status_name(PhaseStatus s);

struct PhaseRecord {
  std::string name;
  PhaseStatus status = PhaseStatus::kPending;
  std::int64_t time = 0;            // seconds since the epoch of the last change
  std::string message;              // failure message
  std::string note;                 // what the phase did, or why it was skipped
  std::vector<std::string> output;  // a failed command's last lines
};

struct State {
  static constexpr int kVersion = 1;
  std::string product;
  std::string base;            // pinned base commit id (hex)
  std::string base_spec;       // what it was resolved from ("origin/master")
  std::string baseline;        // baseline branch (short name)
  std::string baseline_id;     // the baseline's commit when the fresh branch was made
  std::string branch;          // fresh branch (short name)
  std::string start_branch;    // the branch the user was on (short name)
  std::string start_id;        // its commit then
  std::string replaced;        // --force: the old fresh branch id it replaces ("" if none)
  std::string run;             // --run command replacing move and rewrite ("" if none)
  std::vector<std::string> untracked;  // untracked before the run: never committed
  // While phases run: the git-migrate-fresh process running them, and the
  // process group of the command it runs (--run, validate, generate); 0 when
  // none. A later --resume or --abort finds them gone after a crash (or stops
  // a group a crash left running) and clears what they left behind.
  std::int64_t pid = 0;
  std::int64_t child = 0;
  // --no-pause / --pause-after given when the run started ("none" or a
  // phase; "" when not given): --resume keeps it unless given again.
  std::string pause_after;
  std::vector<PhaseRecord> phases;

  PhaseRecord* find(std::string_view phase);
  const PhaseRecord* find(std::string_view phase) const;
  // The first phase that is not completed; nullptr when all are.
  const PhaseRecord* next() const;
};

// A state file that cannot be read: the message names the file and the
// problem; the caller adds the recovery command.
class StateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string state_path(const std::string& git_dir, std::string_view product);
std::string serialize_state(const State& s);
// Throws StateError on TOML syntax errors, missing or mistyped fields,
// unknown phase names or statuses. `label` names the file in messages.
State parse_state(std::string_view text, const std::string& label,
                  const std::vector<std::string>& known_phases);
// `label` names the file in messages (the path itself when empty).
std::optional<State> load_state(const std::string& path, const std::vector<std::string>& known_phases,
                                const std::string& label = {});
// A state file's path as messages show it: relative to the worktree root
// `workdir` when it lies below it (".git/migrate/x.toml"), else as it is
// (a linked worktree's git dir is elsewhere).
std::string state_label(const std::string& state_file, const std::string& workdir);
// Atomic (common/fs.h write_file_atomic): writes path.tmp-<pid>, fsyncs,
// renames over `path`; creates the folder.
void save_state(const std::string& path, const State& s);
// Products with a state file, sorted.
std::vector<std::string> products_with_state(const std::string& git_dir);

// "2005-04-07 22:13:13 UTC"
std::string format_time(std::int64_t t);

}  // namespace migrate::cmd
