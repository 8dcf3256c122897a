#include "cmd/replace/report.h"

#include <algorithm>
#include <sstream>

#include "common/quote.h"

namespace migrate::cmd::replace {
namespace {

using gitops::FileMode;
using gitops::FileStat;

constexpr std::size_t kLabelWidth = 15;

std::string row(const std::string& label, const std::string& value) {
  std::string out = "  " + label;
  out.append(kLabelWidth - std::min(kLabelWidth, label.size()), ' ');
  return out + value + "\n";
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string short_id(const gitops::Oid& id, const Palette& p) {
  return std::string(p.yellow()) + id.short_hex() + std::string(p.reset());
}

std::string excluded_text(const Plan& plan) {
  if (plan.excluded.empty()) {
    std::string names;
    for (const auto& e : plan.settings.excludes) names += (names.empty() ? "" : ", ") + quote_path(e.str());
    return plan.settings.excludes.empty() ? "nothing (no excluded paths configured)"
                                          : "nothing (" + names + " not in " + plan.fresh_name + ")";
  }
  std::string out;
  for (const ExcludedPath& e : plan.excluded) {
    if (!out.empty()) out += ", ";
    out += e.folder ? quote_path(e.path.str() + "/") + " (" + plural(e.files, "file", "files") + ")"
                    : quote_path(e.path.str());
  }
  return out;
}

std::string mode_text(FileMode m) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%06o", static_cast<unsigned>(m));
  return buf;
}

std::string path_text(const FileStat& f) {
  std::string out =
      f.old_path ? quote_path(f.old_path->str()) + " => " + quote_path(f.path.str()) : quote_path(f.path.str());
  const bool submodule = f.old_mode == FileMode::kCommit || f.new_mode == FileMode::kCommit;
  if (submodule) return out + (f.kind == FileStat::Kind::kAdded     ? " (new submodule)"
                                : f.kind == FileStat::Kind::kDeleted ? " (deleted submodule)"
                                                                     : " (submodule)");
  if (f.binary) out += " (binary)";
  switch (f.kind) {
    case FileStat::Kind::kAdded: return out + " (new)";
    case FileStat::Kind::kDeleted: return out + " (deleted)";
    case FileStat::Kind::kTypeChanged: return out + " (type changed)";
    default: break;
  }
  if (f.old_mode != f.new_mode) out += " (mode " + mode_text(f.old_mode) + " => " + mode_text(f.new_mode) + ")";
  return out;
}

struct Widths {
  std::size_t removed = 2, added = 2;
};

Widths widths(const std::vector<FileStat>& files) {
  Widths w;
  for (const FileStat& f : files) {
    w.removed = std::max(w.removed, 1 + std::to_string(f.removed).size());
    w.added = std::max(w.added, 1 + std::to_string(f.added).size());
  }
  return w;
}

std::string pad_left(const std::string& s, std::size_t width) {
  return std::string(width - std::min(width, s.size()), ' ') + s;
}

// "    -48   +2  path": removed first, the column the manual recipe reads.
std::string stat_line(const FileStat& f, const Widths& w, const Palette& p) {
  std::string removed = f.binary ? "" : "-" + std::to_string(f.removed);
  std::string added = f.binary ? "" : "+" + std::to_string(f.added);
  return "  " + std::string(p.red()) + pad_left(removed, w.removed) + std::string(p.reset()) + "  " +
         std::string(p.green()) + pad_left(added, w.added) + std::string(p.reset()) + "  " +
         path_text(f) + "\n";
}

bool more_removed_first(const FileStat& a, const FileStat& b) {
  if (a.removed != b.removed) return a.removed > b.removed;
  return a.path < b.path;
}

std::string totals(const std::vector<FileStat>& files) {
  long added = 0, removed = 0;
  for (const FileStat& f : files) {
    added += f.added;
    removed += f.removed;
  }
  std::string out = "  " + plural(files.size(), "file changed", "files changed");
  if (added || !removed) out += ", " + plural(added, "insertion(+)", "insertions(+)");
  if (removed || !added) out += ", " + plural(removed, "deletion(-)", "deletions(-)");
  return out + "\n";
}

std::string parents_block(const Plan& plan, const Palette& p) {
  return row("first parent", short_id(plan.target.head, p) + "  " + plan.target.branch.shorthand() +
                                 ": " + plan.target.head_summary) +
         row("second parent", short_id(plan.fresh, p) + "  " + plan.fresh_name + ": " + plan.fresh_summary);
}

std::string first_line(const std::string& message) {
  return message.substr(0, message.find('\n'));
}

}  // namespace

std::string format_refusal(const Refusal& r, const Palette& p) {
  std::string out = std::string(p.red()) + std::string(p.bold()) + "error:" + std::string(p.reset()) +
                    " " + r.error + "\n";
  for (const std::string& d : r.details) out += "  " + d + "\n";
  if (!r.hint.empty()) out += std::string(p.yellow()) + "hint:" + std::string(p.reset()) + " " + r.hint + "\n";
  return out;
}

std::string format_dry_run(const Plan& plan, const Palette& p) {
  std::string out = std::string(p.bold()) + "Dry run: would commit on " + plan.target.branch.shorthand() +
                    " (nothing written)" + std::string(p.reset()) + "\n";
  out += parents_block(plan, p);
  out += row("tree", plan.new_tree.hex());
  out += row("message", first_line(plan.settings.message));
  out += row("excluded", excluded_text(plan));
  out += row("checkout", plan.target.checked_out
                             ? "index and worktree would be updated (" +
                                   plural(plan.changes.size(), "file", "files") + ")"
                             : "none: " + plan.target.branch.shorthand() +
                                   " is not checked out here, only the ref would move");

  const Widths w = widths(plan.changes);
  struct Group {
    const char* title;
    std::vector<FileStat> files;
  } groups[] = {{"Files added", {}}, {"Files removed", {}}, {"Files renamed", {}}, {"Files modified", {}}};
  for (const FileStat& f : plan.changes) {
    switch (f.kind) {
      case FileStat::Kind::kAdded: groups[0].files.push_back(f); break;
      case FileStat::Kind::kDeleted: groups[1].files.push_back(f); break;
      case FileStat::Kind::kRenamed: groups[2].files.push_back(f); break;
      default: groups[3].files.push_back(f); break;
    }
  }
  for (Group& g : groups) {
    if (g.files.empty()) continue;
    std::sort(g.files.begin(), g.files.end(), more_removed_first);
    out += "\n" + std::string(g.title) + " (" + std::to_string(g.files.size()) + "):\n";
    for (const FileStat& f : g.files) out += stat_line(f, w, p);
  }
  out += "\n" + totals(plan.changes);
  return out;
}

std::string format_done(const Plan& plan, const gitops::Oid& commit, const Palette& p) {
  std::string out = "[" + plan.target.branch.shorthand() + " " + short_id(commit, p) + "] " +
                    first_line(plan.settings.message) + "\n";
  out += parents_block(plan, p);
  out += row("excluded", excluded_text(plan));
  out += row("backup", backup_ref(plan.target.branch).full());
  out += row("checkout", plan.target.checked_out
                             ? "index and worktree updated (" + plural(plan.changes.size(), "file", "files") + ")"
                             : "none: " + plan.target.branch.shorthand() +
                                   " is not checked out here, only the ref moved");

  std::vector<FileStat> files = plan.changes;
  std::sort(files.begin(), files.end(), more_removed_first);
  const Widths w = widths(files);
  out += "\nChanges against the previous head, most lines removed first:\n";
  for (const FileStat& f : files) out += stat_line(f, w, p);
  out += totals(files);
  out += "\nUndo with: git migrate-replace --undo " + plan.target.branch.shorthand() + "\n";
  return out;
}

std::string format_deletion_warnings(const Plan& plan, const Palette& p) {
  std::vector<FileStat> files = plan.changes;
  std::sort(files.begin(), files.end(), more_removed_first);
  std::string out;
  for (const FileStat& f : files) {
    if (f.removed <= plan.settings.deletion_threshold) continue;
    out += std::string(p.yellow()) + std::string(p.bold()) + "warning:" + std::string(p.reset()) + " " +
           quote_path(f.path.str()) + " loses " + plural(f.removed, "line", "lines") + " (more than " +
           std::to_string(plan.settings.deletion_threshold) + "); check that no code was removed by mistake\n";
  }
  return out;
}

std::string format_undo(const UndoReport& u, const Palette& p) {
  const std::string branch = u.target.branch.shorthand();
  std::string out;
  if (u.dry_run) {
    out += std::string(p.bold()) + "Dry run: would move " + branch + " back to its backup (nothing written)" +
           std::string(p.reset()) + "\n";
    out += row("backup", short_id(u.backup, p) + "  " + u.backup_summary);
  } else {
    out += "[" + branch + " " + short_id(u.backup, p) + "] " + u.backup_summary + "\n";
  }
  out += row("restored from", backup_ref(u.target.branch).full());
  out += row("was", short_id(u.target.head, p) + "  " + u.target.head_summary);
  const std::string files = plural(u.files, "file", "files");
  if (u.target.checked_out) {
    out += row("checkout", u.dry_run ? "index and worktree would be updated (" + files + ")"
                                     : "index and worktree updated (" + files + ")");
  } else {
    out += row("checkout", "none: " + branch + " is not checked out here, only the ref " +
                               (u.dry_run ? "would move" : "moved"));
  }
  return out;
}

}  // namespace migrate::cmd::replace
