// What git migrate-fresh prints about a run (cmd/fresh/run_output.h).
#include "cmd/fresh/run_output.h"

#include <algorithm>

#include "rewrite/modules.h"

namespace migrate::cmd {

std::string short_list(const std::vector<gitops::RepoPath>& paths, std::size_t max) {
  std::string s;
  for (std::size_t i = 0; i < paths.size() && i < max; ++i) s += "\n  " + quote_path(paths[i].str());
  if (paths.size() > max) s += "\n  ... and " + std::to_string(paths.size() - max) + " more";
  return s;
}

bool check_product_name(const std::string& product) {
  // ASCII only: the name becomes a folder, a module and an AppConfig class.
  const bool ascii_identifier = !product.empty() && !(product[0] >= '0' && product[0] <= '9') &&
                                std::all_of(product.begin(), product.end(), [](char c) {
                                  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
                                });
  if (ascii_identifier && !rewrite::is_python_keyword(product)) return true;
  std::cerr << "error: '" << escape_controls(product) << "' is not a product name (letters, digits and '_', as in a Python module"
            << (rewrite::is_python_keyword(product) ? "; it is a Python keyword" : "") << ")\n";
  return false;
}

std::string resume_command(const std::string& product) { return "git migrate-fresh --resume " + product; }

void print_status(const State& st, const Output& out, bool running) {
  const Palette& p = out.out();
  out.line(st.product + ": " + st.branch);
  out.line("  base      " + st.base.substr(0, 10) + " (" + st.base_spec + ")");
  out.line("  baseline  " + st.baseline + " at " + st.baseline_id.substr(0, 10));
  out.line("  started   on " + st.start_branch + " at " + st.start_id.substr(0, 10));
  if (!st.run.empty()) out.line("  run       " + st.run);
  out.line("");
  for (const auto& ph : st.phases) {
    std::string status(status_name(ph.status));
    std::string_view colour = ph.status == PhaseStatus::kCompleted ? p.green()
                              : ph.status == PhaseStatus::kFailed  ? p.red()
                              : ph.status == PhaseStatus::kInProgress ? p.yellow() : std::string_view();
    std::string line = "  " + ph.name + std::string(11 - std::min<std::size_t>(ph.name.size(), 10), ' ') +
                       std::string(colour) + status + std::string(colour.empty() ? "" : p.reset()) +
                       std::string(13 - std::min<std::size_t>(status.size(), 12), ' ') +
                       (ph.time ? format_time(ph.time) : std::string());
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out.line(line);
    const std::string text = ph.status == PhaseStatus::kFailed ? ph.message : ph.note;
    std::istringstream lines(text);
    for (std::string l; std::getline(lines, l);) out.line(std::string(13, ' ') + l);
    for (const auto& l : ph.output) out.line(std::string(13, ' ') + "| " + l);
  }
  out.line("");
  const PhaseRecord* next = st.next();
  if (!next) out.line("All phases completed.");
  else if (next->status == PhaseStatus::kInProgress && running)
    out.line("The phase " + next->name + " is running (process " + std::to_string(st.pid) + "); wait for it to finish.");
  else if (next->status == PhaseStatus::kInProgress)
    out.line("The phase " + next->name + " was interrupted; run it again with: " + resume_command(st.product));
  else out.line("Next: " + resume_command(st.product) + " (from " + next->name + ")");
}

int print_plan(Context& ctx, const Output& out, std::size_t first, bool single, const std::vector<std::string>& warnings) {
  const State& st = ctx.state;
  out.line("Plan for " + st.product + " (dry run: nothing is written)");
  out.line("  base      " + st.base.substr(0, 10) + " (" + st.base_spec + ")");
  out.line("  baseline  " + st.baseline + " at " + st.baseline_id.substr(0, 10));
  out.line("  branch    " + st.branch + (st.replaced.empty() ? "" : " (replacing the existing one, backup kept)"));
  out.line("  start     " + st.start_branch);
  for (const auto& w : warnings) out.warning(w);
  out.line("");
  for (std::size_t i = first; i < st.phases.size(); ++i) {
    const std::string& name = st.phases[i].name;
    out.phase(name, describe_phase(ctx, name));
    if (single) break;
    if (i + 1 < st.phases.size() && pauses_after(ctx.settings.pause_after, name)) out.line("-- pause --");
  }
  return kExitOk;
}

}  // namespace migrate::cmd
