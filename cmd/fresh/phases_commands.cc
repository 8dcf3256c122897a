// The phases that run the team's commands: run (--run's script in place of
// move and rewrite), validate and generate (fresh.validate, fresh.generate).
// Each command runs in its own process group, recorded in the state while
// it runs, its output streamed to standard output.
#include <cstdio>

#include "cmd/fresh/phase_steps.h"
#include "common/process.h"
#include "common/test_hook.h"

namespace migrate::cmd {

namespace {

void stream_out(std::string_view s) {
  std::fwrite(s.data(), 1, s.size(), stdout);
  std::fflush(stdout);
}

std::string run_commands(Context& ctx, const std::string& phase, const std::vector<std::string>& commands,
                         const std::string& origin) {
  for (const auto& c : commands) {
    ctx.say(phase, "$ " + c + (origin.empty() ? "" : "    (" + origin + ")"));
    // The command's process group is recorded while it runs: after a crash
    // of this process, --resume and --abort stop what is left of it.
    const ProcessResult r = run_shell(c, ctx.repo.workdir(), stream_out, 20, [&](int pgid) {
      ctx.state.child = pgid;
      ctx.save();
      test_stop_point(phase + ":command-started");
    });
    ctx.state.child = 0;
    ctx.save();
    if (r.interrupted) throw Interrupted(interrupt_signal());
    if (!r.ok()) throw PhaseFailure("`" + c + "` " + r.describe(), r.tail);
  }
  return std::to_string(commands.size()) + (commands.size() == 1 ? " command" : " commands") + " passed";
}

}  // namespace

std::string phase_commands(Context& ctx, const std::string& phase, const std::vector<std::string>& commands) {
  if (commands.empty()) return "skipped: no commands configured (fresh." + phase + ")";
  return run_commands(ctx, phase, commands, ctx.settings.origin[phase]);
}

std::string describe_commands(const std::string& phase, const std::vector<std::string>& commands) {
  if (commands.empty()) return "skipped: no commands configured (fresh." + phase + ")";
  std::string d;
  for (const auto& c : commands) d += (d.empty() ? "$ " : "\n$ ") + c;
  return d;
}

std::string phase_run(Context& ctx) {
  return run_commands(ctx, "run", {ctx.state.run}, ctx.settings.origin.count("run") ? ctx.settings.origin["run"] : "");
}

}  // namespace migrate::cmd
