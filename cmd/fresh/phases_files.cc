// The phases that edit the worktree's files: configure (the JSON config's
// migrations list), prepare (the target package: __init__.py, the Django
// app's apps.py, the settings list) and move (the moves file's file moves,
// with git mv semantics). Prepare and move share the app plan: what the
// Django app needs, computed once for the phases and the dry-run plan.
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "cmd/fresh/phase_steps.h"
#include "common/fs.h"
#include "common/json_edit.h"
#include "common/progress.h"
#include "common/quote.h"
#include "common/test_hook.h"
#include "rewrite/moves.h"
#include "rewrite/settings_edit.h"

namespace fs = std::filesystem;

namespace migrate::cmd {

// --- configure ---------------------------------------------------------------

std::string phase_configure(Context& ctx) {
  const std::string& rel = ctx.settings.config_json;
  const std::string path = ctx.worktree_path(rel);
  if (!fs::exists(path)) return "skipped: no " + rel;
  const std::string text = read_text(path);
  MigrationsEdit edit;
  try {
    edit = edit_migration_statuses(text, ctx.state.product);
  } catch (const JsonError& e) {
    throw PhaseFailure(rel + ":" + std::to_string(e.line()) + ": not valid JSON: " +
                       std::string(e.what()).substr(std::string(e.what()).find(": ") + 2));
  }
  switch (edit.outcome) {
    case MigrationsEdit::Outcome::kNoMigrationsList:
      return "skipped: " + rel + " has no \"migrations\" list";
    case MigrationsEdit::Outcome::kProductMissing: {
      const auto [what, hint] = product_missing(edit, ctx.state.product, rel);
      throw PhaseFailure(what + "; " + hint);
    }
    case MigrationsEdit::Outcome::kEdited: break;
  }
  if (edit.text != text) write_file_atomic(path, edit.text);
  const std::size_t others = edit.names.size() - 1;
  return rel + ": " + ctx.state.product + " is \"todo\", " + std::to_string(others) +
         (others == 1 ? " other is" : " others are") + " \"skip\"";
}

std::string describe_configure(const Context& ctx) {
  return "set " + ctx.state.product + " to \"todo\" and every other entry to \"skip\" in " + ctx.settings.config_json +
         " (if present)";
}

std::pair<std::string, std::string> product_missing(const MigrationsEdit& edit, const std::string& product,
                                                    const std::string& where) {
  const std::string listed = join(edit.names, ", ");
  return {product + " is not in the migrations list of " + where + " (listed: " + (listed.empty() ? "none" : listed) + ")",
          "add an entry {\"name\": \"" + product + "\", ...} to it on the baseline, or check the product name"};
}

// --- prepare -----------------------------------------------------------------

namespace {

// Where the app plan reads files: the worktree once the run is on its fresh
// branch (the phases themselves, a dry run of --resume), else the baseline's
// tree, which the branch phase puts in the worktree (a dry run of a new run).
struct PlanFiles {
  std::function<bool(const std::string&)> exists;
  std::function<std::optional<std::string>(const std::string&)> read;
};

PlanFiles worktree_files(const Context& ctx) {
  return {[&ctx](const std::string& p) { return fs::exists(fs::symlink_status(ctx.worktree_path(p))); },
          [&ctx](const std::string& p) -> std::optional<std::string> {
            std::error_code ec;
            if (!fs::is_regular_file(ctx.worktree_path(p), ec)) return std::nullopt;
            return read_text(ctx.worktree_path(p));
          }};
}

PlanFiles plan_files(const Context& ctx) {
  const auto head = ctx.repo.current_branch();
  if (head && *head == RefName::branch(ctx.state.branch)) return worktree_files(ctx);
  const Oid tree = ctx.repo.commit(oid_of(ctx.state.baseline_id)).tree;
  const gitops::Repository& repo = ctx.repo;
  return {[&repo, tree](const std::string& p) {
            const auto rp = RepoPath::parse(p);
            return rp && repo.tree_entry(tree, *rp).has_value();
          },
          [&repo, tree](const std::string& p) -> std::optional<std::string> {
            const auto rp = RepoPath::parse(p);
            return rp ? repo.read_blob_at(tree, *rp) : std::nullopt;
          }};
}

std::optional<rewrite::MoveSet> plan_moves(const Context& ctx, const PlanFiles& files) {
  if (!ctx.state.run.empty()) return std::nullopt;
  const auto text = files.read(ctx.settings.moves);
  if (!text) return std::nullopt;
  rewrite::MovesCheck check;
  check.exists = files.exists;
  check.allow_applied = true;
  return parse_moves(ctx, *text, check);
}

std::string dir_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}
std::string last_segment(const std::string& path) { return path.substr(path.rfind('/') + 1); }

// A moved apps.py whose app would change its label: Django's default label
// is the last segment of AppConfig.name, which the rewrite carries to the new
// package, so `app/billing` -> `products/billing/backend` turns `billing`
// into `backend` and every applied migration of the app into a new one. The
// move phase writes `label = "<old label>"` into it.
struct KeptLabel {
  std::string path;   // the apps.py after the move
  std::string label;  // the app's label before it
};

// What prepare and move do for the Django app, computed once for the
// phases and for the plan (--dry-run) alike.
struct AppPlan {
  std::string module;                // the target's module
  std::vector<std::string> inits;    // __init__.py files prepare creates
  enum class Apps { kNone, kCreate, kMovedIn, kPresent };
  Apps apps = Apps::kNone;           // the target's apps.py
  std::string apps_path, apps_from;  // apps_from: kMovedIn's source
  std::string class_name;            // the AppConfig the settings entry names
  std::string label;                 // kCreate: the label it is given
  std::vector<KeptLabel> kept_labels;
  std::string settings_value;        // the entry prepare adds ("" for none)
  std::string settings_already;      // the old module's entry the settings file already has
};

AppPlan plan_app(const Context& ctx, const PlanFiles& files) {
  const Settings& s = ctx.settings;
  AppPlan plan;
  const RepoPath target = repo_path(s.target, "the target folder");
  std::string why;
  const std::optional<std::string> target_mod = target_module(ctx, &why);
  if (!target_mod) throw PhaseFailure("the target folder " + s.target + " cannot be imported as a Python package: " + why);
  plan.module = *target_mod;
  const std::optional<rewrite::MoveSet> moves = plan_moves(ctx, files);
  // Files the move phase brings: prepare must not create them first (a
  // package moved whole brings its own __init__.py and apps.py).
  std::map<std::string, std::string> incoming;  // to -> from
  if (moves)
    for (const auto& m : moves->file_moves()) incoming.emplace(m.to, m.from);
  auto here = [&](const std::string& p) { return incoming.count(p) || files.exists(p); };

  // The target and every folder above it that the base does not have get an
  // __init__.py: they are packages of this product.
  const Oid base_tree = ctx.repo.commit(oid_of(ctx.state.base)).tree;
  std::vector<RepoPath> folders;
  for (RepoPath p = target; !p.empty(); p = p.parent()) folders.push_back(p);
  std::reverse(folders.begin(), folders.end());
  for (const auto& dir : folders) {
    if (ctx.repo.tree_entry(base_tree, dir).has_value() && !(dir == target)) continue;
    const std::string init = dir.join("__init__.py").str();
    if (!here(init)) plan.inits.push_back(init);
  }

  // Labels the moves would change.
  const rewrite::ImportRoots roots = worktree_roots(ctx);
  std::optional<std::string> moved_app_label, moved_app_dir;  // of migrations moved into the target
  if (moves) {
    for (const auto& m : moves->file_moves()) {
      if (last_segment(m.to) == "apps.py" && last_segment(m.from) == "apps.py") {
        const std::optional<std::string> text = files.exists(m.from) ? files.read(m.from) : files.read(m.to);
        if (!text) continue;
        const rewrite::AppConfigInfo info = rewrite::read_app_config(*text);
        if (!info.found || info.label) continue;
        const std::string old_label = rewrite::django_app_label(dir_of(m.from), text);
        if (old_label != last_segment(dir_of(m.to))) plan.kept_labels.push_back({m.to, old_label});
      }
      const std::string migrations = dir_of(m.to);
      if (last_segment(migrations) == "migrations" && dir_of(migrations) == target.str() && !moved_app_label) {
        const std::string old_app = dir_of(dir_of(m.from));
        moved_app_dir = old_app;
        moved_app_label = rewrite::django_app_label(old_app, files.read(old_app + "/apps.py"));
      }
    }
  }

  if (!s.django_app) return plan;
  plan.apps_path = target.join("apps.py").str();
  if (auto from = incoming.find(plan.apps_path); from != incoming.end()) {
    plan.apps = AppPlan::Apps::kMovedIn;
    plan.apps_from = from->second;
  } else if (files.exists(plan.apps_path)) {
    plan.apps = AppPlan::Apps::kPresent;
  } else {
    plan.apps = AppPlan::Apps::kCreate;
  }
  // The class is named after the label (check's django-appconfig-name).
  plan.label = moved_app_label.value_or(ctx.state.product);
  plan.class_name = rewrite::pascal_case(plan.label) + "Config";
  if (plan.apps != AppPlan::Apps::kCreate) {
    const auto text = !plan.apps_from.empty() && files.exists(plan.apps_from) ? files.read(plan.apps_from)
                                                                               : files.read(plan.apps_path);
    if (text) {
      const rewrite::AppConfigInfo info = rewrite::read_app_config(*text);
      if (info.found) plan.class_name = info.class_name;
    }
  }
  if (!s.settings_file.empty() && !s.settings_list.empty()) {
    plan.settings_value = plan.module + ".apps." + plan.class_name;
    // A moved app the settings already list keeps its entry, which the
    // rewrite carries to the new module: a second one would install the
    // app twice.
    if (plan.apps == AppPlan::Apps::kMovedIn) moved_app_dir = dir_of(plan.apps_from);
    if (moved_app_dir) {
      if (const auto old_module = roots.module_of_folder(*moved_app_dir)) {
        if (const auto text = files.read(s.settings_file)) {
          // "<old module>" or "<old module>.apps.<AppConfig>", either quote.
          for (const char q : {'"', '\''}) {
            if (!plan.settings_already.empty()) break;
            if (text->find(q + *old_module + q) != std::string::npos) plan.settings_already = *old_module;
            const std::string config = q + *old_module + ".apps.";
            if (const auto at = text->find(config); at != std::string::npos && plan.settings_already.empty()) {
              const auto end = text->find(q, at + 1);
              if (end != std::string::npos) plan.settings_already = text->substr(at + 1, end - at - 1);
            }
          }
        }
      }
      if (!plan.settings_already.empty()) plan.settings_value.clear();
    }
  }
  return plan;
}

// "products/x/backend/apps.py (XConfig)", with the label when it is not the
// product's (the label of an app whose migrations move into the target).
std::string describe_created_apps(const AppPlan& plan, const std::string& product) {
  return quote_path(plan.apps_path) + " (" + plan.class_name +
         (plan.label == product ? "" : ", label \"" + plan.label + "\"") + ")";
}

std::string describe_kept_label(const KeptLabel& k) {
  return "keep the app label \"" + k.label + "\" in " + quote_path(k.path) + " (Django would take \"" + last_segment(dir_of(k.path)) +
         "\" from the new package): add label = \"" + k.label + "\"";
}

// The settings file lists the old module's app, which the rewrite carries
// to the target: said by prepare and by its plan alike.
std::string settings_already_note(const AppPlan& plan, const Settings& s) {
  return s.settings_file + " already lists \"" + plan.settings_already + "\", which the rewrite carries to " + plan.module +
         ": not added to " + s.settings_list;
}

}  // namespace

std::string phase_prepare(Context& ctx) {
  const Settings& s = ctx.settings;
  const AppPlan plan = plan_app(ctx, worktree_files(ctx));
  std::vector<std::string> created;
  fs::create_directories(ctx.worktree_path(s.target));
  for (const auto& init : plan.inits) {
    write_file_atomic(ctx.worktree_path(init), "");
    created.push_back(quote_path(init));
  }
  std::vector<std::string> notes;
  if (plan.apps == AppPlan::Apps::kCreate) {
    write_file_atomic(ctx.worktree_path(plan.apps_path), rewrite::app_config_source(plan.class_name, plan.module, plan.label));
    created.push_back(describe_created_apps(plan, ctx.state.product));
  }
  if (!created.empty()) notes.push_back("created " + join(created, ", "));
  if (plan.apps == AppPlan::Apps::kMovedIn)
    notes.push_back(quote_path(plan.apps_path) + " (" + plan.class_name + ") comes with the move from " +
                    quote_path(plan.apps_from));
  const std::string where = s.settings_list + " in " + s.settings_file;
  if (!plan.settings_already.empty()) notes.push_back(settings_already_note(plan, s));
  if (!plan.settings_value.empty()) {
    const std::string path = ctx.worktree_path(s.settings_file);
    if (!fs::exists(path)) throw PhaseFailure("the settings file " + s.settings_file + " (fresh.settings_file) does not exist");
    const std::string text = read_text(path);
    const std::string& value = plan.settings_value;
    const auto r = rewrite::insert_into_list(text, s.settings_list, value, plan.module + ".apps.");
    using O = rewrite::ListInsertion::Outcome;
    switch (r.outcome) {
      case O::kInserted: notes.push_back("added \"" + value + "\" to " + where); break;
      case O::kAlreadyPresent: notes.push_back(where + " already lists \"" + value + "\""); break;
      case O::kReplaced: notes.push_back("corrected \"" + r.replaced + "\" to \"" + value + "\" in " + where); break;
      case O::kNotFound: throw PhaseFailure(s.settings_file + ": no top-level assignment of " + s.settings_list + " (fresh.settings_list)");
      case O::kNotAList: throw PhaseFailure(s.settings_file + ":" + std::to_string(r.line) + ": " + s.settings_list + " is not a list literal; add \"" + value + "\" to it by hand and run `git migrate-fresh --resume " + ctx.state.product + "`");
      case O::kSyntaxError: throw PhaseFailure(s.settings_file + ":" + std::to_string(r.line) + ": syntax error; fix the file and resume");
    }
    if (r.text != text) write_file_atomic(path, r.text);
  }
  if (notes.empty()) notes.push_back(s.target + " is ready");
  return join(notes, "\n");
}

std::string describe_prepare(const Context& ctx) {
  const Settings& s = ctx.settings;
  AppPlan plan;
  try {
    plan = plan_app(ctx, plan_files(ctx));
  } catch (const PhaseFailure& e) {
    return std::string("fails: ") + e.what();
  }
  std::vector<std::string> lines, created = plan.inits;
  if (plan.apps == AppPlan::Apps::kCreate)
    created.push_back(describe_created_apps(plan, ctx.state.product));
  if (!created.empty()) lines.push_back("create " + join(created, ", "));
  if (plan.apps == AppPlan::Apps::kMovedIn)
    lines.push_back(plan.apps_path + " (" + plan.class_name + ") comes with the move from " + plan.apps_from);
  if (!plan.settings_already.empty()) lines.push_back(settings_already_note(plan, s));
  if (!plan.settings_value.empty())
    lines.push_back("add \"" + plan.settings_value + "\" to " + s.settings_list + " in " + s.settings_file);
  if (lines.empty()) lines.push_back(s.target + " is ready: nothing to create");
  return join(lines, "\n");
}

// --- move --------------------------------------------------------------------

namespace {

rewrite::MoveSet load_moves(const Context& ctx) {
  const std::string& rel = ctx.settings.moves;
  const std::string path = ctx.worktree_path(rel);
  if (!fs::exists(path))
    throw PhaseFailure("no moves file " + rel + "; write one with `git migrate-fresh scan --from <folder> --to " +
                       ctx.settings.target + " -o " + rel + "`, or run the team's script with --run");
  const std::string text = read_text(path);
  rewrite::MovesCheck check;
  check.exists = [&ctx](const std::string& p) { return fs::exists(fs::symlink_status(ctx.worktree_path(p))); };
  check.allow_applied = true;
  return parse_moves(ctx, text, check);
}

}  // namespace

std::string phase_move(Context& ctx) {
  const rewrite::MoveSet moves = load_moves(ctx);
  // Read before the files move (the sources' apps.py say what the label was).
  const std::vector<KeptLabel> kept = plan_app(ctx, worktree_files(ctx)).kept_labels;
  const Oid base_tree = ctx.repo.commit(oid_of(ctx.state.base)).tree;
  const fs::path root = fs::path(ctx.repo.workdir()).parent_path();
  std::size_t moved = 0, already = 0;
  std::set<RepoPath> folders;  // folders of Python targets
  // git mv semantics with one index write instead of one per file: the
  // files are renamed in the worktree, then every source and destination is
  // staged together (after the branch phase the moved files' worktree
  // content is their index content). Resuming after an interruption finds
  // the files already renamed and stages them again.
  std::vector<RepoPath> to_stage;
  Progress progress(ctx.progress, "Moving", moves.file_moves().size());
  for (const auto& m : moves.file_moves()) {
    check_interrupt();
    const RepoPath from = repo_path(m.from, "move source"), to = repo_path(m.to, "move destination");
    const fs::path src = root / from.str(), dst = root / to.str();
    const bool src_exists = fs::exists(fs::symlink_status(src));
    const bool dst_exists = fs::exists(fs::symlink_status(dst));
    if (src_exists && dst_exists)
      throw PhaseFailure(ctx.settings.moves + ":" + std::to_string(m.line) + ": both " + m.from + " and " + m.to +
                         " exist; remove one of them, then resume");
    if (src_exists) {
      fs::create_directories(dst.parent_path());
      fs::rename(src, dst);
      test_stop_point("move:file");
      for (fs::path dir = src.parent_path(); dir.string().size() > root.string().size(); dir = dir.parent_path()) {
        std::error_code ec;
        if (!fs::is_empty(dir, ec) || ec) break;
        fs::remove(dir, ec);
      }
      ++moved;
    } else if (dst_exists) {
      ++already;
    } else {
      throw PhaseFailure(ctx.settings.moves + ":" + std::to_string(m.line) + ": neither " + m.from + " nor " + m.to + " exists");
    }
    to_stage.push_back(from);
    to_stage.push_back(to);
    if (to.str().size() > 3 && to.str().compare(to.str().size() - 3, 3, ".py") == 0)
      for (RepoPath p = to.parent(); !p.empty(); p = p.parent()) folders.insert(p);
    progress.tick();
  }
  progress.stop();
  if (!to_stage.empty()) ctx.repo.stage_paths(to_stage);
  test_stop_point("move:staged");
  // Folders the moves created (absent from the base) and folders inside the
  // target become packages.
  const RepoPath target = repo_path(ctx.settings.target, "the target folder");
  std::vector<std::string> created;
  for (const auto& dir : folders) {
    const bool inside_target = dir.is_under(target);
    if (!inside_target && ctx.repo.tree_entry(base_tree, dir).has_value()) continue;
    const RepoPath init = dir.join("__init__.py");
    if (!fs::exists(ctx.worktree_path(init.str()))) {
      write_file_atomic(ctx.worktree_path(init.str()), "");
      created.push_back(quote_path(init.str()));
    }
  }
  std::string note = "moved " + std::to_string(moved) + (moved == 1 ? " file" : " files");
  if (already) note += " (" + std::to_string(already) + " already moved)";
  if (!created.empty()) note += "; created " + join(created, ", ");
  for (const KeptLabel& k : kept) {
    const std::string path = ctx.worktree_path(k.path);
    const std::string text = read_text(path);
    if (rewrite::read_app_config(text).label) continue;  // resumed: already written
    const auto edited = rewrite::add_app_label(text, k.label);
    if (!edited)
      throw PhaseFailure(k.path + ": cannot add label = \"" + k.label + "\" to its AppConfig (Django would rename the app \"" +
                         k.label + "\" to \"" + last_segment(dir_of(k.path)) + "\" and run its applied migrations again); add it by hand, then resume");
    write_file_atomic(path, *edited);
    note += "\nkept the app label \"" + k.label + "\" in " + k.path + " (label added)";
  }
  return note;
}

std::string describe_move(const Context& ctx) {
  std::string d = "move the files of " + ctx.settings.moves + " (git mv)";
  try {
    for (const KeptLabel& k : plan_app(ctx, plan_files(ctx)).kept_labels) d += "\n" + describe_kept_label(k);
  } catch (const PhaseFailure&) {
    // said for prepare
  }
  return d;
}

}  // namespace migrate::cmd
