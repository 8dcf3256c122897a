// The phase table and what reads it (cmd/fresh/phases.h), the Context's
// helpers, and the helpers the phases share (phase_steps.h). The phases'
// own work is in phases_git.cc, phases_files.cc, phases_commands.cc and
// rewrite_phase.cc.
#include "cmd/fresh/phases.h"

#include <algorithm>
#include <ctime>

#include "cmd/fresh/phase_steps.h"
#include "cmd/fresh/rewrite_phase.h"
#include "cmd/fresh/subcommands.h"
#include "common/fs.h"
#include "common/process.h"

namespace migrate::cmd {

std::string read_text(const std::string& path) {
  std::optional<std::string> text = read_file(path);
  if (!text) throw PhaseFailure("cannot read " + path);
  return std::move(*text);
}

Oid oid_of(const std::string& hex) {
  auto o = Oid::from_hex(hex);
  if (!o) throw PhaseFailure("the state holds a bad commit id '" + hex + "'");
  return *o;
}

RepoPath repo_path(std::string_view s, std::string_view what) {
  auto p = RepoPath::parse(s);
  if (!p) throw PhaseFailure(std::string(what) + " '" + std::string(s) + "' is not a path inside the repository");
  return *p;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    if (&item != &items.front()) out += separator;
    out += item;
  }
  return out;
}

rewrite::MoveSet parse_moves(const Context& ctx, const std::string& text, const rewrite::MovesCheck& check) {
  try {
    return rewrite::MoveSet::parse(text, ctx.settings.moves, check, worktree_roots(ctx));
  } catch (const rewrite::MovesError& e) {
    throw PhaseFailure("the moves file is not valid:\n" + join(e.problems(), "\n"));
  }
}

// The table. Adding a phase: a row here (in running order), its functions,
// the man page's PHASES and the completions' phase lists.
const std::vector<PhaseDef>& phase_table() {
  using In = PhaseDef::In;
  static const std::vector<PhaseDef> k = {
      {"branch", In::kEvery, phase_branch, describe_branch, {}, {"init"}, true},
      {"configure", In::kEvery, phase_configure, describe_configure},
      {"prepare", In::kEvery, phase_prepare, describe_prepare},
      {"move", In::kBuiltin, phase_move, describe_move},
      {"rewrite", In::kBuiltin, run_rewrite_phase,
       [](const Context& c) { return "rewrite imports of the moved modules (" + c.settings.moves + ")"; }},
      {"run", In::kScript, phase_run, [](const Context& c) { return "$ " + c.state.run; }, {"move", "rewrite"}},
      {"validate", In::kEvery, [](Context& c) { return phase_commands(c, "validate", c.settings.validate); },
       [](const Context& c) { return describe_commands("validate", c.settings.validate); }},
      {"generate", In::kEvery, [](Context& c) { return phase_commands(c, "generate", c.settings.generate); },
       [](const Context& c) { return describe_commands("generate", c.settings.generate); }},
      {"commit", In::kEvery, phase_commit, describe_commit},
  };
  return k;
}

const PhaseDef* find_phase(std::string_view name) {
  for (const PhaseDef& d : phase_table())
    if (d.name == name) return &d;
  return nullptr;
}

std::vector<std::string> phases_of_run(bool with_script) {
  std::vector<std::string> out;
  for (const PhaseDef& d : phase_table())
    if (d.in == PhaseDef::In::kEvery || d.in == (with_script ? PhaseDef::In::kScript : PhaseDef::In::kBuiltin))
      out.emplace_back(d.name);
  return out;
}

const std::vector<std::string>& all_phase_names() {
  static const std::vector<std::string> k = [] {
    std::vector<std::string> names;
    for (const PhaseDef& d : phase_table()) names.emplace_back(d.name);
    return names;
  }();
  return k;
}

std::string canonical_phase(std::string_view name) {
  for (const PhaseDef& d : phase_table())
    if (std::find(d.aliases.begin(), d.aliases.end(), name) != d.aliases.end()) return std::string(d.name);
  return std::string(name);
}

std::string phase_name_list() { return join(all_phase_names(), ", "); }

std::string phase_overview() {
  std::string out;
  for (const PhaseDef& d : phase_table()) {
    if (d.in == PhaseDef::In::kScript) continue;
    out += (out.empty() ? "" : ", ") + std::string(d.name);
    // A script phase is named after the last phase it stands for.
    for (const PhaseDef& s : phase_table())
      if (s.in == PhaseDef::In::kScript && !s.stands_for.empty() && s.stands_for.back() == d.name)
        out += " (or " + std::string(s.name) + ")";
  }
  return out;
}

bool pauses_after(std::string_view pause_after, std::string_view phase) {
  if (pause_after == "none") return false;
  const std::string p = canonical_phase(pause_after);
  if (p == phase) return true;
  const PhaseDef* d = find_phase(phase);
  return d && std::find(d->stands_for.begin(), d->stands_for.end(), p) != d->stands_for.end();
}

std::int64_t Context::now() const {
  try {
    return repo.committer_signature().time;  // honours GIT_COMMITTER_DATE
  } catch (const gitops::GitError&) {
    return static_cast<std::int64_t>(std::time(nullptr));
  }
}

rewrite::ImportRoots worktree_roots(const Context& ctx) {
  std::vector<std::string> tracked;
  for (const RepoPath& p : ctx.repo.tracked_files()) tracked.push_back(p.str());
  return worktree_import_roots(ctx.repo.workdir(), tracked, ctx.settings.import_roots);
}

std::optional<std::string> target_module(const Context& ctx, std::string* why) {
  const rewrite::ImportRoots roots = worktree_roots(ctx);
  const std::string& target = ctx.settings.target;
  const std::string& root = roots.root_of(target);
  if (target == root) {
    if (why) *why = "it is an import root, not a package";
    return std::nullopt;
  }
  const std::string below = root.empty() ? target : target.substr(root.size() + 1);
  if (std::string r = rewrite::unimportable_reason(below, '/'); !r.empty()) {
    if (why) *why = r;
    return std::nullopt;
  }
  return roots.module_of_folder(target);
}

void check_interrupt() {
  if (const int sig = interrupt_signal()) throw Interrupted(sig);
}

std::string run_phase(Context& ctx, const std::string& phase) {
  if (const PhaseDef* d = find_phase(phase)) return d->run(ctx);
  throw PhaseFailure("unknown phase " + phase);
}

std::string describe_phase(const Context& ctx, const std::string& phase) {
  if (const PhaseDef* d = find_phase(phase)) return d->describe(ctx);
  return phase;
}

}  // namespace migrate::cmd
