#include "rewrite/migrations/alembic.h"

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "rewrite/migrations/digraph.h"
#include "rewrite/migrations/elide.h"
#include "rewrite/migrations/pyliteral.h"
#include "rewrite/migrations/util.h"

namespace migrate::rewrite::migrations {

// ---------------------------------------------------------------------------
// Reading one revision file

namespace {

// None, a string, or a tuple/list/set of strings.
void read_ids(const Literal& value, std::vector<AlembicRef>* out, unsigned* computed, bool* all_literal) {
  out->clear();
  *all_literal = true;
  if (value.is_none()) return;
  if (value.is_string()) {
    out->push_back({value.str, value.line});
    return;
  }
  if (!value.is_sequence()) {
    ++*computed;
    *all_literal = false;
    return;
  }
  for (const Literal& item : value.items) {
    if (item.is_string()) {
      out->push_back({item.str, item.line});
    } else {
      ++*computed;
      *all_literal = false;
    }
  }
}

bool is_noop_statement(TSNode stmt) {
  if (is_type(stmt, "pass_statement") || is_type(stmt, "comment")) return true;
  if (!is_type(stmt, "expression_statement") || ts_node_named_child_count(stmt) != 1) return false;
  TSNode expr = ts_node_named_child(stmt, 0);
  return is_type(expr, "string") || is_type(expr, "concatenated_string") || is_type(expr, "ellipsis");
}

std::string_view callee_name(std::string_view callee) {
  const size_t dot = callee.rfind('.');
  return dot == std::string_view::npos ? callee : callee.substr(dot + 1);
}

bool has_ondelete(const ParsedFile& file, TSNode call) {
  TSNode args = field(call, "arguments");
  for (TSNode arg : named_children(args)) {
    if (is_type(arg, "dictionary_splat")) return true;  // **kwargs may carry it
    if (is_type(arg, "keyword_argument") && file.text(field(arg, "name")) == "ondelete") return true;
  }
  return false;
}

// Foreign keys without ondelete= anywhere in the module except downgrade(),
// which restores what upgrade() removed.
void find_foreign_keys(const ParsedFile& file, TSNode root, TSNode skip, AlembicModule* m) {
  std::vector<TSNode> stack{root};
  while (!stack.empty()) {
    const TSNode n = stack.back();
    stack.pop_back();
    if (!ts_node_is_null(skip) && ts_node_eq(n, skip)) continue;
    if (is_type(n, "call")) {
      TSNode fn = field(n, "function");
      if (is_type(fn, "attribute") || is_type(fn, "identifier")) {
        const std::string_view callee = file.text(fn);
        const std::string_view name = callee_name(callee);
        if ((name == "ForeignKey" || name == "ForeignKeyConstraint" || name == "create_foreign_key") &&
            !has_ondelete(file, n)) {
          m->fks_without_ondelete.push_back({line_of(n), std::string(callee)});
        }
      }
    }
    const uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; ++i) stack.push_back(ts_node_named_child(n, i));
  }
}

}  // namespace

AlembicModule parse_alembic_revision(const ParsedFile& file) {
  AlembicModule m;
  const TSNode root = file.root();
  if (file.has_error()) m.syntax_error_line = file.first_error_line();
  for (const Assignment& a : assignments_in(file, root)) {
    const bool has_value = !ts_node_is_null(a.value);
    if (a.name == "revision") {
      m.revision_line = a.line;
      m.revision.reset();
      if (has_value) {
        const Literal v = literal_of(file, a.value);
        if (v.is_string()) m.revision = v.str;
      }
    } else if (a.name == "down_revision") {
      if (!has_value && !a.augmented) continue;  // `down_revision: str` binds nothing
      m.down_assigned = true;
      m.down_line = a.line;
      bool literal = false;
      if (has_value) {
        read_ids(literal_of(file, a.value), &m.down_revisions, &m.computed, &literal);
        // Alembic (Revision.__init__, tuple_rev_as_scalar) keeps a falsy
        // down_revision as None: "" and () are bases like None. ("",) is
        // not falsy and stays a reference to a revision named "".
        if (literal && m.down_revisions.size() == 1 && m.down_revisions[0].id.empty() &&
            literal_of(file, a.value).is_string()) {
          m.down_revisions.clear();
        }
      } else {
        ++m.computed;
      }
      m.down_computed = !literal;
    } else if (a.name == "branch_labels" && has_value) {
      std::vector<AlembicRef> labels;
      bool literal = false;
      read_ids(literal_of(file, a.value), &labels, &m.computed, &literal);
      m.branch_labels.clear();
      for (auto& l : labels) m.branch_labels.push_back(std::move(l.id));
    } else if (a.name == "depends_on" && has_value) {
      bool literal = false;
      read_ids(literal_of(file, a.value), &m.depends_on, &m.computed, &literal);
      // Script passes to_tuple(depends_on) through tuple_rev_as_scalar: ""
      // and ("",) become "", which names no dependency.
      if (m.depends_on.size() == 1 && m.depends_on[0].id.empty()) m.depends_on.clear();
    }
  }
  const TSNode upgrade = find_function(file, root, "upgrade");
  if (!ts_node_is_null(upgrade)) {
    m.upgrade_line = line_of(upgrade);
    const auto body = named_children(field(upgrade, "body"));
    m.upgrade_empty = std::all_of(body.begin(), body.end(), is_noop_statement);
  }
  const std::string& src = file.source();
  if (src.find("ForeignKey") != std::string::npos || src.find("create_foreign_key") != std::string::npos) {
    find_foreign_keys(file, root, find_function(file, root, "downgrade"), &m);
  }
  return m;
}

// ---------------------------------------------------------------------------
// Finding the environments

namespace {

// Resolves "." and ".." in a '/'-separated relative path; nullopt when it
// leaves the repository.
std::optional<std::string> normalize(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    const std::string_view part = path.substr(start, slash - start);
    if (part == "..") {
      if (parts.empty()) return std::nullopt;
      parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = slash + 1;
  }
  std::string out;
  for (auto p : parts) {
    if (!out.empty()) out += '/';
    out += p;
  }
  return out;
}

std::string trim(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  const size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// configparser, as Alembic reads alembic.ini: sections, `key = value` or
// `key: value`, indented continuation lines, full-line # and ; comments.
std::map<std::string, std::map<std::string, std::string>> parse_ini(const std::string& text) {
  std::map<std::string, std::map<std::string, std::string>> out;
  std::string section, key;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#' || t[0] == ';') continue;
    if ((line[0] == ' ' || line[0] == '\t') && !key.empty()) {
      out[section][key] += "\n" + t;
      continue;
    }
    if (t.front() == '[' && t.back() == ']') {
      section = t.substr(1, t.size() - 2);
      key.clear();
      continue;
    }
    const size_t sep = t.find_first_of("=:");
    if (sep == std::string::npos) continue;
    key = trim(t.substr(0, sep));
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
    out[section][key] = trim(t.substr(sep + 1));
  }
  return out;
}

// %(here)s is the configuration file's folder; other interpolations cannot
// be resolved without the program, so such a location is skipped.
std::optional<std::string> resolve_location(const std::string& value, const std::string& here) {
  std::string v = value;
  for (size_t pos; (pos = v.find("%(here)s")) != std::string::npos;) v.replace(pos, 8, here.empty() ? "." : here);
  for (size_t pos = 0; (pos = v.find("%%", pos)) != std::string::npos; ++pos) v.replace(pos, 2, "%");
  if (v.find("%(") != std::string::npos || v.empty() || v[0] == '/') return std::nullopt;
  // The package resource form of Alembic's coerce_resource_to_filename:
  // "pkg.sub:a:b" is package pkg.sub, then the path parts a and b.
  if (const size_t colon = v.find(':'); colon != std::string::npos) {
    std::string pkg = v.substr(0, colon);
    std::replace(pkg.begin(), pkg.end(), '.', '/');
    std::string rest = v.substr(colon + 1);
    std::replace(rest.begin(), rest.end(), ':', '/');
    return normalize(pkg + "/" + rest);  // a package is found from the import path, not from `here`
  }
  return normalize(here.empty() || value.find("%(here)s") != std::string::npos ? v : here + "/" + v);
}

std::vector<std::string> split_locations(const std::string& value, const std::string& separator) {
  std::vector<std::string> out;
  if (separator.empty()) {  // legacy: spaces and commas
    static const std::regex kSplit(", *| +|\n");
    for (std::sregex_token_iterator it(value.begin(), value.end(), kSplit, -1), end; it != end; ++it) {
      if (!it->str().empty()) out.push_back(trim(it->str()));
    }
    return out;
  }
  const char sep = separator == "space" ? ' ' : separator == "newline" ? '\n' : separator == ";" ? ';' : ':';
  std::string item;
  std::istringstream in(value);
  while (std::getline(in, item, sep)) {
    item = trim(item);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

struct EnvConfig {
  std::string label;
  std::string path;  // the file that configures it (alembic.ini, pyproject.toml, env.py)
  std::string here;
  std::string script_location;
  std::vector<std::string> version_locations;  // raw entries
  bool recursive = false;
};

// `loc` as a folder of the repository: relative to the configuration's
// folder, else to the repository root (where alembic usually runs), else --
// for a package resource such as "pkg:migrations" whose package sits below
// a source root (src/pkg) -- the one folder ending with it, the nearest to
// the configuration. nullopt when it cannot be resolved at all; a resolved
// path that does not exist is returned as is.
std::optional<std::string> locate(const std::string& loc, const std::string& here, const std::set<std::string>& dirs) {
  auto resolved = resolve_location(loc, here);
  if (!resolved) return std::nullopt;
  if (dirs.count(*resolved) || loc.find("%(here)s") != std::string::npos) return resolved;
  if (!here.empty()) {
    if (auto from_root = resolve_location(loc, ""); from_root && dirs.count(*from_root)) return from_root;
  }
  if (loc.find(':') != std::string::npos) {
    auto relative = resolve_location(loc, "");
    std::optional<std::string> best;
    for (const std::string& d : dirs) {
      if (!relative || relative->empty() || d.size() <= relative->size() ||
          d.compare(d.size() - relative->size(), relative->size(), *relative) != 0 ||
          d[d.size() - relative->size() - 1] != '/') {
        continue;
      }
      const bool near = here.empty() || d.compare(0, here.size() + 1, here + "/") == 0;
      if (!best || (near && !(here.empty() || best->compare(0, here.size() + 1, here + "/") == 0))) best = d;
    }
    if (best) return best;
  }
  return resolved;
}

std::optional<AlembicEnv> env_from(const EnvConfig& c, const std::set<std::string>& dirs) {
  AlembicEnv env;
  env.config = c.label;
  env.recursive = c.recursive;
  std::vector<std::string> locations;
  if (c.version_locations.empty()) {
    if (c.script_location.empty()) return std::nullopt;
    auto script = locate(c.script_location, c.here, dirs);
    if (!script) return std::nullopt;
    locations.push_back(join_path(*script, "versions"));
  } else {
    for (const std::string& loc : c.version_locations) {
      if (auto resolved = locate(loc, c.here, dirs)) locations.push_back(*resolved);
    }
  }
  for (const std::string& loc : locations) {
    if (std::find(env.dirs.begin(), env.dirs.end(), loc) == env.dirs.end()) env.dirs.push_back(loc);
  }
  if (env.dirs.empty()) return std::nullopt;
  return env;
}

std::vector<EnvConfig> configs_in_ini(const std::string& path, const std::string& text) {
  std::vector<EnvConfig> out;
  for (const auto& [section, keys] : parse_ini(text)) {
    auto loc = keys.find("script_location");
    if (loc == keys.end()) continue;
    EnvConfig c;
    c.label = path + " [" + section + "]";
    c.path = path;
    c.here = std::string(dir_of(path));
    c.script_location = loc->second;
    if (auto v = keys.find("version_locations"); v != keys.end()) {
      std::string sep;
      if (auto s = keys.find("path_separator"); s != keys.end()) sep = s->second;
      if (auto s = keys.find("version_path_separator"); s != keys.end()) sep = s->second;
      if (sep == "os") sep = ":";
      c.version_locations = split_locations(v->second, sep);
    }
    if (auto r = keys.find("recursive_version_locations"); r != keys.end()) {
      c.recursive = r->second == "true" || r->second == "True" || r->second == "1" || r->second == "yes";
    }
    out.push_back(std::move(c));
  }
  if (out.empty()) {
    // No script_location: the file is read by a program that names the
    // folder itself (Flask-Migrate keeps alembic.ini in migrations/, beside
    // env.py), so its own folder is the script location.
    EnvConfig c;
    c.label = path;
    c.path = path;
    c.here = std::string(dir_of(path));
    c.script_location = "%(here)s";
    out.push_back(std::move(c));
  }
  return out;
}

std::optional<EnvConfig> config_in_pyproject(const std::string& path, const std::string& text) {
  if (text.find("tool.alembic") == std::string::npos) return std::nullopt;
  toml::table t;
  try {
    t = toml::parse(text, path);
  } catch (const toml::parse_error&) {
    return std::nullopt;
  }
  const auto* alembic = t["tool"]["alembic"].as_table();
  if (!alembic) return std::nullopt;
  EnvConfig c;
  c.label = path;
  c.path = path;
  c.here = std::string(dir_of(path));
  c.script_location = (*alembic)["script_location"].value_or(std::string());
  if (const auto* locs = (*alembic)["version_locations"].as_array()) {
    for (const auto& l : *locs) {
      if (auto s = l.value<std::string>()) c.version_locations.push_back(*s);
    }
  }
  c.recursive = (*alembic)["recursive_version_locations"].value_or(false);
  if (c.script_location.empty()) return std::nullopt;
  return c;
}

bool is_revision_file_name(std::string_view name) {
  if (name.size() <= 3 || name.substr(name.size() - 3) != ".py") return false;
  return name.substr(0, 2) != ".#" && name.substr(0, 8) != "__init__";
}

bool looks_like_revision(const std::string& text) {
  static const std::regex kRevision(R"((^|\n)revision\s*(:[^=\n]*)?=)");
  static const std::regex kDown(R"((^|\n)down_revision\s*(:[^=\n]*)?=)");
  return text.find("down_revision") != std::string::npos && std::regex_search(text, kDown) &&
         std::regex_search(text, kRevision);
}

}  // namespace

AlembicLayout find_alembic_layout(const FileSource& files) {
  std::set<std::string> dirs;
  std::vector<EnvConfig> configs;
  std::vector<std::string> env_scripts;  // env.py files that use Alembic
  for (const std::string& path : files.paths()) {
    for (std::string_view d = dir_of(path); !d.empty(); d = dir_of(d)) {
      if (!dirs.insert(std::string(d)).second) break;
    }
    const std::string_view base = base_of(path);
    if (base == "alembic.ini") {
      for (auto& c : configs_in_ini(path, files.read(path).value_or(""))) configs.push_back(std::move(c));
    } else if (base == "pyproject.toml") {
      if (auto c = config_in_pyproject(path, files.read(path).value_or(""))) configs.push_back(std::move(*c));
    } else if (base == "env.py" && files.read(path).value_or("").find("alembic") != std::string::npos) {
      env_scripts.push_back(path);
    }
  }
  // An env.py outside every configured script location is a script location
  // of its own (configured in code, as Flask-Migrate does).
  std::set<std::string> script_dirs;
  for (const EnvConfig& c : configs) {
    if (auto d = locate(c.script_location, c.here, dirs)) script_dirs.insert(*d);
  }
  for (const std::string& path : env_scripts) {
    const std::string dir(dir_of(path));
    if (script_dirs.count(dir)) continue;
    EnvConfig c;
    c.label = c.path = path;
    c.here = dir;
    c.script_location = "%(here)s";
    configs.push_back(std::move(c));
  }

  AlembicLayout layout;
  std::vector<AlembicEnv>& envs = layout.envs;
  std::set<std::string> covered;
  auto covers = [&](const std::string& dir) {
    if (covered.count(dir)) return true;
    for (const AlembicEnv& e : envs) {
      if (!e.recursive) continue;
      for (const std::string& d : e.dirs) {
        if (dir.compare(0, d.size() + 1, d + "/") == 0) return true;
      }
    }
    return false;
  };
  // Folders with a revision file directly in them, read once each.
  std::map<std::string, bool> holds_revisions;
  auto has_revisions = [&](const std::string& dir) {
    auto it = holds_revisions.find(dir);
    if (it != holds_revisions.end()) return it->second;
    bool found = false;
    for (auto p = std::lower_bound(files.paths().begin(), files.paths().end(), dir + "/");
         !found && p != files.paths().end() && p->compare(0, dir.size() + 1, dir + "/") == 0; ++p) {
      found = dir_of(*p) == dir && is_revision_file_name(base_of(*p)) && looks_like_revision(files.read(*p).value_or(""));
    }
    return holds_revisions[dir] = found;
  };
  std::map<std::string, bool> marker_found;  // configuration file -> some folder of its was found
  std::map<std::string, std::vector<std::string>> marker_looked;  // ... and where it looked
  for (const EnvConfig& c : configs) {
    bool& found = marker_found[c.path];
    auto env = env_from(c, dirs);
    if (!env) continue;
    for (const auto& d : env->dirs) {
      found = found || dirs.count(d) > 0;
      marker_looked[c.path].push_back(d);
    }
    bool duplicate = false;  // the same folders configured twice (ini and pyproject)
    for (const auto& e : envs) duplicate = duplicate || e.dirs == env->dirs;
    if (duplicate) continue;
    const std::vector<std::string> configured = env->dirs;
    const bool recursive = env->recursive;
    for (const auto& d : configured) covered.insert(d);
    envs.push_back(std::move(*env));
    if (recursive) continue;
    // A folder below a version location holding revision files of its own
    // is a tree of its own: env.py may pick one per dialect
    // (versions/sqlite, versions/postgresql) or per tenant.
    for (const std::string& root : configured) {
      for (auto d = dirs.upper_bound(root); d != dirs.end() && d->compare(0, root.size() + 1, root + "/") == 0; ++d) {
        if (covers(*d) || !has_revisions(*d)) continue;
        covered.insert(*d);
        envs.push_back({c.label, {*d}, false, {}});
        found = true;
      }
    }
  }
  // Unconfigured versions/ folders.
  for (const std::string& dir : dirs) {
    if (base_of(dir) == "versions" && !covers(dir) && has_revisions(dir)) envs.push_back({"", {dir}, false, {}});
  }
  for (const auto& [path, found] : marker_found) {
    if (found) continue;
    std::string looked;
    for (const std::string& d : marker_looked[path]) looked += (looked.empty() ? "" : ", ") + (d.empty() ? "." : d);
    layout.no_tree.push_back(
        {"al-no-version-tree", Severity::kWarning, path, 0,
         "no folder of Alembic revision files found for this " +
             std::string(base_of(path) == "env.py" ? "env.py" : "configuration") +
             (looked.empty() ? std::string(" (its script_location cannot be resolved)")
                             : " (looked in " + looked + ")") +
             ", so the al-* rules audit nothing here; set script_location or version_locations to the folder "
             "that holds the revisions",
         ""});
  }
  // The files of each environment.
  for (AlembicEnv& env : envs) {
    for (const std::string& path : files.paths()) {
      if (!is_revision_file_name(base_of(path))) continue;
      for (const std::string& d : env.dirs) {
        const bool inside = env.recursive ? path.compare(0, d.size() + 1, d + "/") == 0 : dir_of(path) == d;
        if (inside) {
          env.files.push_back(path);
          break;
        }
      }
    }
    std::sort(env.files.begin(), env.files.end());
  }
  std::sort(envs.begin(), envs.end(), [](const AlembicEnv& a, const AlembicEnv& b) { return a.dirs < b.dirs; });
  return layout;
}

std::vector<AlembicEnv> find_alembic_envs(const FileSource& files) { return find_alembic_layout(files).envs; }

// ---------------------------------------------------------------------------
// The audit of one environment

namespace {

class AlembicAudit {
 public:
  AlembicAudit(const AlembicEnv& env, const std::vector<AlembicModule>& modules, const GraphOptions& options,
               GraphReport* report)
      : env_(env), modules_(modules), options_(options), report_(report) {}
  void run();

 private:
  struct Rev {
    std::string id;
    size_t file;  // index into env_.files / modules_
  };
  void report(std::string rule, Severity severity, size_t file, unsigned line, std::string message) {
    report_->findings.push_back({std::move(rule), severity, env_.files[file], line, std::move(message), ""});
  }
  std::optional<size_t> resolve(const std::string& ref) const;
  void check_files();
  void build_graph();
  void check_cycles();
  void check_heads();
  void check_bases();
  std::string where() const { return env_.dirs.size() == 1 ? env_.dirs[0] : env_.dirs[0] + " (and others)"; }

  const AlembicEnv& env_;
  const std::vector<AlembicModule>& modules_;
  const GraphOptions& options_;
  GraphReport* report_;
  std::vector<Rev> revs_;
  std::map<std::string, size_t> by_id_;     // revision id -> revs_ index
  std::map<std::string, size_t> by_label_;  // branch label -> revs_ index
  bool uncertain_ = false;  // a down_revision we could not read, or a cycle: heads unknown
  Digraph graph_;                           // child -> parent (down_revision and depends_on)
  std::vector<std::vector<size_t>> down_;   // child -> parents by down_revision only
  std::vector<std::vector<std::pair<size_t, unsigned>>> edge_line_;  // child -> (parent, line)
};

std::optional<size_t> AlembicAudit::resolve(const std::string& ref) const {
  if (auto it = by_id_.find(ref); it != by_id_.end()) return it->second;
  if (auto it = by_label_.find(ref); it != by_label_.end()) return it->second;
  return std::nullopt;
}

void AlembicAudit::check_files() {
  for (size_t f = 0; f < modules_.size(); ++f) {
    const AlembicModule& m = modules_[f];
    report_->computed_entries_skipped += m.computed;
    if (m.syntax_error_line) {
      // Alembic cannot import it; what tree-sitter recovered still places it.
      report("al-missing-revision", Severity::kError, f, m.syntax_error_line,
             "revision file has a syntax error at line " + std::to_string(m.syntax_error_line) +
                 ", so Alembic cannot read its revision");
      uncertain_ = true;
      if (!m.revision) continue;
    } else if (!m.revision) {
      report("al-missing-revision", Severity::kError, f, m.revision_line,
             m.revision_line ? "revision is not a literal string, so Alembic's revision id cannot be read"
                             : "revision file assigns no revision id ('revision = \"...\"')");
      continue;
    }
    if (!m.down_assigned && !m.syntax_error_line) {
      report("al-missing-revision", Severity::kError, f, 0,
             "revision file assigns no down_revision (None for a base revision)");
      uncertain_ = true;
    }
    if (m.down_computed) uncertain_ = true;
    if (auto it = by_id_.find(*m.revision); it != by_id_.end()) {
      report("al-duplicate-revision", Severity::kError, f, m.revision_line,
             "revision '" + *m.revision + "' is also defined in " + env_.files[revs_[it->second].file]);
      continue;
    }
    by_id_[*m.revision] = revs_.size();
    revs_.push_back({*m.revision, f});
  }
  for (size_t r = 0; r < revs_.size(); ++r) {
    for (const std::string& label : modules_[revs_[r].file].branch_labels) by_label_.emplace(label, r);
  }
}

void AlembicAudit::build_graph() {
  graph_ = Digraph(revs_.size());
  down_.assign(revs_.size(), {});
  edge_line_.assign(revs_.size(), {});
  for (size_t r = 0; r < revs_.size(); ++r) {
    const AlembicModule& m = modules_[revs_[r].file];
    auto link = [&](const AlembicRef& ref, bool down) {
      auto target = resolve(ref.id);
      if (!target) {
        report("al-dangling-reference", Severity::kError, revs_[r].file, ref.line,
               std::string(down ? "down_revision" : "depends_on") + " '" + ref.id + "' of revision '" + revs_[r].id +
                   "' names no revision or branch label in " + where());
        return;
      }
      graph_.add_edge(r, *target);
      edge_line_[r].push_back({*target, ref.line});
      if (down) down_[r].push_back(*target);
    };
    for (const AlembicRef& d : m.down_revisions) link(d, true);
    for (const AlembicRef& d : m.depends_on) link(d, false);
  }
}

void AlembicAudit::check_cycles() {
  const auto components = graph_.cyclic_components();
  if (!components.empty()) uncertain_ = true;  // heads mean nothing in a cycle
  for (const auto& component : components) {
    const size_t start = component.front();
    const auto cycle = graph_.cycle_through(start, component);
    unsigned line = modules_[revs_[start].file].down_line;
    for (const auto& [p, l] : edge_line_[start]) {
      if (cycle.size() > 1 && p == cycle[1]) {
        line = l;
        break;
      }
    }
    if (cycle.size() == 2) {
      report("al-cycle", Severity::kError, revs_[start].file, line,
             "revision '" + revs_[start].id + "' names itself as its down_revision or depends_on");
      continue;
    }
    std::string chain;
    for (size_t n : cycle) chain += (chain.empty() ? "" : " -> ") + revs_[n].id;
    report("al-cycle", Severity::kError, revs_[start].file, line,
           "revision cycle: " + chain + " (each revision's down_revision or depends_on names the next)");
  }
}

void AlembicAudit::check_heads() {
  std::vector<bool> named(revs_.size(), false);
  for (size_t r = 0; r < revs_.size(); ++r) {
    for (size_t p : down_[r]) {
      if (p != r) named[p] = true;
    }
  }
  std::vector<size_t> heads;
  for (size_t r = 0; r < revs_.size(); ++r) {
    if (!named[r]) heads.push_back(r);
  }
  if (heads.size() < 2 || uncertain_) return;
  if (options_.alembic_allow_labelled_heads) {
    // A head's labels: its own and those of every ancestor by down_revision.
    std::vector<std::set<std::string>> labels;
    for (size_t h : heads) {
      std::set<std::string> l;
      std::vector<size_t> todo{h};
      std::vector<bool> seen(revs_.size(), false);
      while (!todo.empty()) {
        const size_t r = todo.back();
        todo.pop_back();
        if (seen[r]) continue;
        seen[r] = true;
        for (const auto& label : modules_[revs_[r].file].branch_labels) l.insert(label);
        for (size_t p : down_[r]) todo.push_back(p);
      }
      labels.push_back(std::move(l));
    }
    bool distinct = true;
    for (size_t i = 0; i < labels.size() && distinct; ++i) {
      if (labels[i].empty()) distinct = false;
      for (size_t j = i + 1; j < labels.size() && distinct; ++j) {
        for (const auto& l : labels[i]) distinct = distinct && !labels[j].count(l);
      }
    }
    if (distinct) return;
  }
  std::sort(heads.begin(), heads.end(),
            [&](size_t a, size_t b) { return env_.files[revs_[a].file] < env_.files[revs_[b].file]; });
  std::string list;
  for (size_t h : heads) list += (list.empty() ? "" : ", ") + revs_[h].id + " (" + env_.files[revs_[h].file] + ")";
  const size_t last = heads.back();
  report("al-multiple-heads", Severity::kError, revs_[last].file, modules_[revs_[last].file].revision_line,
         "multiple heads in " + where() + ": " + list + "; merge them with 'alembic merge heads'");
}

// Several bases are one history only when branch labels tell them apart
// (`alembic revision --head=base --branch-label=x`); unlabelled, `alembic
// upgrade head` has no single start and a reset left a second root behind.
void AlembicAudit::check_bases() {
  std::vector<size_t> bases, unlabelled;
  for (size_t r = 0; r < revs_.size(); ++r) {
    const AlembicModule& m = modules_[revs_[r].file];
    if (!m.down_assigned || m.down_computed || !m.down_revisions.empty()) continue;
    bases.push_back(r);
    if (m.branch_labels.empty()) unlabelled.push_back(r);
  }
  if (bases.size() < 2 || unlabelled.size() < 2) return;
  auto by_path = [&](size_t a, size_t b) { return env_.files[revs_[a].file] < env_.files[revs_[b].file]; };
  std::sort(bases.begin(), bases.end(), by_path);
  std::sort(unlabelled.begin(), unlabelled.end(), by_path);
  std::string list;
  for (size_t b : bases) list += (list.empty() ? "" : ", ") + revs_[b].id + " (" + env_.files[revs_[b].file] + ")";
  for (size_t b : unlabelled) {
    report("al-multiple-bases", Severity::kWarning, revs_[b].file, modules_[revs_[b].file].down_line,
           "revision '" + revs_[b].id + "' is one of " + std::to_string(bases.size()) + " base revisions in " +
               where() + " (" + list + ") and has no branch_labels; give each base its own branch label or "
               "join them under one down_revision");
  }
}

void AlembicAudit::run() {
  check_files();
  build_graph();
  check_cycles();
  check_heads();
  check_bases();
  for (size_t f = 0; f < modules_.size(); ++f) {
    const AlembicModule& m = modules_[f];
    if (m.syntax_error_line) continue;  // reported as al-missing-revision
    // Merge revisions and the root of a labelled branch
    // (`alembic revision --head=base --branch-label=x`) are empty by design.
    if (m.upgrade_line && m.upgrade_empty && m.down_revisions.size() < 2 && !m.down_computed &&
        m.branch_labels.empty()) {
      report("al-empty-upgrade", Severity::kWarning, f, m.upgrade_line,
             "upgrade() of revision '" + m.revision.value_or("?") + "' does nothing (only pass or a docstring)");
    }
    for (const auto& fk : m.fks_without_ondelete) {
      report("al-fk-no-ondelete", Severity::kWarning, f, fk.line,
             fk.callee + "(...) has no ondelete=; state what deleting the referenced row does "
                         "(CASCADE, SET NULL, RESTRICT)");
    }
  }
}

}  // namespace

GraphReport audit_alembic(const FileSource& files, const GraphOptions& options) {
  GraphReport report;
  AlembicLayout layout = find_alembic_layout(files);
  report.findings = std::move(layout.no_tree);
  for (const AlembicEnv& env : layout.envs) {
    std::vector<std::string> sources(env.files.size());
    for (size_t i = 0; i < env.files.size(); ++i) sources[i] = files.read(env.files[i]).value_or("");
    std::vector<AlembicModule> modules(env.files.size());
    parallel_for(env.files.size(), [&](size_t i) {
      // downgrade() is about half of a revision and never read here.
      std::string elided = sources[i];
      if (!stub_top_level_function(elided, "downgrade")) {
        modules[i] = parse_alembic_revision(ParsedFile(std::move(sources[i])));
        return;
      }
      ParsedFile file(std::move(elided));
      modules[i] = parse_alembic_revision(file.has_error() ? ParsedFile(std::move(sources[i])) : std::move(file));
    });
    report.alembic_revisions += static_cast<unsigned>(env.files.size());
    AlembicAudit(env, modules, options, &report).run();
  }
  sort_findings(report.findings);
  return report;
}

}  // namespace migrate::rewrite::migrations
