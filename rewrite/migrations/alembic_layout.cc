// Finding Alembic's version trees (find_alembic_layout of alembic.h): the
// configurations (alembic.ini, [tool.alembic] of pyproject.toml, an env.py
// configured in code), their script and version locations resolved to
// folders of the repository, the unconfigured versions/ folders, and the
// revision files of each environment; al-no-version-tree.
#include <algorithm>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "rewrite/migrations/alembic.h"
#include "rewrite/migrations/util.h"
#include "rewrite/repo_path.h"

namespace migrate::rewrite::migrations {

namespace {

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
    return normalize_repo_path(pkg + "/" + rest);  // a package is found from the import path, not from `here`
  }
  return normalize_repo_path(here.empty() || value.find("%(here)s") != std::string::npos ? v : here + "/" + v);
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
        envs.push_back({c.label, {*d}, false, {}, root});
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

}  // namespace migrate::rewrite::migrations
