// Running the phases of git migrate-fresh (cmd/fresh/run_phases.h).
#include "cmd/fresh/run_phases.h"

#include <unistd.h>

#include <iostream>

#include "common/process.h"
#include "common/test_hook.h"

namespace migrate::cmd {

int run_phases(Context& ctx, const Output& out, std::size_t first, bool single) {
  State& st = ctx.state;
  for (std::size_t i = first; i < st.phases.size(); ++i) {
    const std::string name = st.phases[i].name;
    {
      PhaseRecord& rec = st.phases[i];
      rec.status = PhaseStatus::kInProgress;
      rec.time = ctx.now();
      rec.message.clear();
      rec.output.clear();
      rec.note.clear();
      st.pid = getpid();
      ctx.save();
    }
    test_stop_point(name + ":start");
    auto fail = [&](const std::string& message, std::vector<std::string> output) {
      PhaseRecord& rec = *st.find(name);
      rec.status = PhaseStatus::kFailed;
      rec.time = ctx.now();
      rec.message = message;
      rec.output = std::move(output);
      ctx.save();
    };
    std::string note;
    try {
      note = run_phase(ctx, name);
    } catch (const PhaseFailure& e) {
      fail(e.what(), e.output());
      out.error("phase " + name + " failed: " + e.what());
      if (!e.output().empty()) {
        std::cerr << "last lines of its output:\n";
        for (const auto& l : e.output()) std::cerr << "  | " << l << '\n';
      }
      std::cerr << "fix the problem, then continue with:\n  " << resume_command(st.product) << '\n';
      return kExitRefused;
    } catch (const Interrupted& e) {
      fail(std::string("interrupted (signal ") + std::to_string(e.signal()) + ")", {});
      out.error("interrupted during phase " + name);
      std::cerr << "continue with:\n  " << resume_command(st.product) << '\n';
      return 128 + e.signal();
    } catch (const gitops::GitError& e) {
      fail(e.what(), {});
      std::cerr << "the phase " << name << " was recorded as failed; after fixing the cause, continue with:\n  "
                << resume_command(st.product) << '\n';
      throw;
    } catch (const std::exception& e) {
      fail(e.what(), {});
      out.error("phase " + name + " failed: " + e.what());
      std::cerr << "fix the problem, then continue with:\n  " << resume_command(st.product) << '\n';
      return kExitRefused;
    }
    {
      PhaseRecord& rec = *st.find(name);
      rec.status = PhaseStatus::kCompleted;
      rec.time = ctx.now();
      rec.note = note;
      ctx.save();
    }
    test_stop_point(name + ":done");
    out.phase(name, note);
    if (const int sig = interrupt_signal()) {
      out.error("interrupted after phase " + name);
      std::cerr << "continue with:\n  " << resume_command(st.product) << '\n';
      return 128 + sig;
    }
    if (single) return kExitOk;
    if (i + 1 < st.phases.size() && pauses_after(ctx.settings.pause_after, name)) {
      out.line("");
      out.line("Paused after " + name + ". Review the changes (git status, git diff), fix what needs fixing, then continue with:");
      out.line("  " + resume_command(st.product));
      return kExitOk;
    }
  }
  out.line("");
  out.line("Done: " + st.branch + " holds the migration of " + st.product + " on " + st.base.substr(0, 10) + " (" + st.base_spec + ").");
  out.line("Next: review it, then adopt it on the review branch: git checkout " + ctx.settings.review_branch +
           " && git migrate-replace " + st.branch);
  out.line("Script changes under " + ctx.settings.tooling + "/ go back to the baseline with: git migrate-fresh save-scripts " + st.product);
  return kExitOk;
}

}  // namespace migrate::cmd
