#include "rewrite/modules.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include <toml++/toml.h>

#include "rewrite/segments.h"

namespace migrate::rewrite {
namespace {

std::string join_path(std::string_view a, std::string_view b) {
  if (a.empty()) return std::string(b);
  if (b.empty()) return std::string(a);
  return std::string(a) + "/" + std::string(b);
}

std::string parent_folder(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash));
}

// A repository-relative folder in normal form ("./src/" -> "src", "." -> ""),
// nullopt when it leaves the repository or is absolute.
std::optional<std::string> normal_folder(std::string_view folder) {
  if (!folder.empty() && (folder.front() == '/' || folder.find('\\') != std::string_view::npos)) return std::nullopt;
  std::string out;
  for (std::string_view seg : split(folder, '/')) {
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") return std::nullopt;
    out = join_path(out, seg);
  }
  return out;
}

bool under_folder(std::string_view path, std::string_view folder) {
  return folder.empty() || (path.size() > folder.size() && path.substr(0, folder.size()) == folder &&
                            path[folder.size()] == '/');
}

std::string dotted_of(std::string_view rel_folder) {
  std::string d(rel_folder);
  std::replace(d.begin(), d.end(), '/', '.');
  return d;
}

// --- detection ---------------------------------------------------------------

struct Found {
  std::map<std::string, std::string> roots;  // folder -> first origin
  void add(const std::string& project_dir, std::string_view folder, const std::string& origin) {
    if (auto f = normal_folder(join_path(project_dir, folder))) roots.emplace(*f, origin);
  }
};

std::vector<std::string> string_list(const toml::node* n) {
  std::vector<std::string> out;
  if (!n) return out;
  if (const auto* s = n->as_string()) {
    // pytest also takes a space-separated string.
    for (std::string_view part : split(s->get(), ' ')) {
      if (!part.empty()) out.emplace_back(part);
    }
  } else if (const auto* a = n->as_array()) {
    for (const toml::node& el : *a) {
      if (const auto* s = el.as_string()) out.push_back(s->get());
    }
  }
  return out;
}

// hatch `sources`: ["src"] strips "src/"; {"src" = ""} does the same;
// {"lib/pkg" = "pkg"} maps a folder onto a package name, a root when the
// folder ends with it.
void hatch_sources(const toml::node* n, const std::string& dir, const std::string& origin, Found* found) {
  if (!n) return;
  if (n->is_array()) {
    for (const std::string& s : string_list(n)) found->add(dir, s, origin);
    return;
  }
  const auto* t = n->as_table();
  if (!t) return;
  for (auto&& [k, v] : *t) {
    const auto* to = v.as_string();
    if (!to) continue;
    const std::string from(k.str());
    const std::string target = to->get();
    if (target.empty()) {
      found->add(dir, from, origin);
    } else if (from.size() > target.size() && from.compare(from.size() - target.size(), target.size(), target) == 0 &&
               from[from.size() - target.size() - 1] == '/') {
      found->add(dir, from.substr(0, from.size() - target.size() - 1), origin);
    }
  }
}

void from_pyproject(const std::string& file, const std::string& text, Found* found) {
  toml::table t;
  try {
    t = toml::parse(text, file);
  } catch (const toml::parse_error&) {
    return;  // not ours to judge: other tools report it
  }
  const std::string dir = parent_folder(file);
  // setuptools
  if (const auto* pd = t.at_path("tool.setuptools.package-dir").as_table()) {
    for (auto&& [k, v] : *pd) {
      const auto* s = v.as_string();
      if (!s) continue;
      const std::string name(k.str());
      const std::string origin = file + ": [tool.setuptools] package-dir";
      if (name.empty()) {
        found->add(dir, s->get(), origin);
      } else {
        // "pkg" = "lib/pkg": the package's folder is lib/pkg, so lib is a root.
        const std::string folder = s->get();
        const std::string last(split(name, '.').back());
        if (folder == last) found->add(dir, "", origin);
        else if (folder.size() > last.size() && folder.compare(folder.size() - last.size() - 1, std::string::npos, "/" + last) == 0)
          found->add(dir, folder.substr(0, folder.size() - last.size() - 1), origin);
      }
    }
  }
  for (const std::string& w : string_list(t.at_path("tool.setuptools.packages.find.where").node())) {
    found->add(dir, w, file + ": [tool.setuptools.packages.find] where");
  }
  // hatch
  for (const char* table : {"tool.hatch.build.targets.wheel", "tool.hatch.build"}) {
    const std::string origin = file + ": [" + table + "] ";
    for (const std::string& p : string_list(t.at_path(std::string(table) + ".packages").node())) {
      if (auto f = normal_folder(p)) found->add(dir, parent_folder(*f), origin + "packages");
    }
    hatch_sources(t.at_path(std::string(table) + ".sources").node(), dir, origin + "sources", found);
  }
  // poetry
  if (const auto* pk = t.at_path("tool.poetry.packages").as_array()) {
    for (const toml::node& el : *pk) {
      const auto* e = el.as_table();
      if (!e) continue;
      const auto* from = e->get_as<std::string>("from");
      found->add(dir, from ? from->get() : std::string(), file + ": [tool.poetry] packages");
    }
  }
  // pytest
  for (const std::string& p : string_list(t.at_path("tool.pytest.ini_options.pythonpath").node())) {
    found->add(dir, p, file + ": [tool.pytest.ini_options] pythonpath");
  }
}

std::string trim(std::string_view s) {
  const std::size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return "";
  const std::size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

// setup.cfg: [options] package_dir = "=src" or lines of "name = folder".
void from_setup_cfg(const std::string& file, const std::string& text, Found* found) {
  const std::string dir = parent_folder(file);
  std::string section;
  bool in_value = false;
  auto entry = [&](const std::string& e) {
    const std::size_t eq = e.find('=');
    if (eq == std::string::npos) return;
    if (trim(e.substr(0, eq)).empty()) found->add(dir, trim(e.substr(eq + 1)), file + ": [options] package_dir");
  };
  for (std::string_view line : split(text, '\n')) {
    const bool indented = !line.empty() && (line[0] == ' ' || line[0] == '\t');
    const std::string t = trim(line);
    if (in_value && indented && !t.empty()) { entry(t); continue; }
    in_value = false;
    if (t.empty() || t[0] == '#' || t[0] == ';') continue;
    if (t.front() == '[' && t.back() == ']') { section = trim(t.substr(1, t.size() - 2)); continue; }
    if (section != "options") continue;
    const std::size_t eq = t.find_first_of("=:");
    if (eq == std::string::npos || trim(t.substr(0, eq)) != "package_dir") continue;
    in_value = true;
    const std::string rest = trim(t.substr(eq + 1));
    if (!rest.empty()) entry(rest);
  }
}

std::string base_name(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

bool depth_first(const std::string& a, const std::string& b) {
  const auto da = a.empty() ? 0 : std::count(a.begin(), a.end(), '/') + 1;
  const auto db = b.empty() ? 0 : std::count(b.begin(), b.end(), '/') + 1;
  return da != db ? da > db : a < b;
}

constexpr std::array<std::string_view, 35> kKeywords = {
    "False", "None",   "True",    "and",      "as",       "assert", "async",  "await", "break",
    "class", "continue", "def",   "del",      "elif",     "else",   "except", "finally", "for",
    "from",  "global", "if",      "import",   "in",       "is",     "lambda", "nonlocal", "not",
    "or",    "pass",   "raise",   "return",   "try",      "while",  "with",   "yield"};

}  // namespace

bool is_python_keyword(std::string_view s) {
  return std::find(kKeywords.begin(), kKeywords.end(), s) != kKeywords.end();
}

bool is_identifier(std::string_view s) {
  if (s.empty() || is_python_keyword(s)) return false;
  auto head = [](unsigned char c) { return c == '_' || static_cast<unsigned>((c | 0x20) - 'a') < 26u || c >= 0x80; };
  auto tail = [&](unsigned char c) { return head(c) || (c >= '0' && c <= '9'); };
  if (!head(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin() + 1, s.end(), [&](char c) { return tail(static_cast<unsigned char>(c)); });
}

bool is_dotted_name(std::string_view name) {
  if (name.empty()) return false;
  for (std::string_view seg : split(name, '.')) {
    if (!is_identifier(seg)) return false;
  }
  return true;
}

std::string unimportable_reason(std::string_view name, char separator) {
  for (std::string_view seg : split(name, separator)) {
    if (is_python_keyword(seg)) return "'" + std::string(seg) + "' is a Python keyword";
    if (!is_identifier(seg)) return "'" + std::string(seg) + "' is not a Python identifier";
  }
  return "";
}

ImportRoots::ImportRoots(std::vector<std::string> folders) {
  std::set<std::string> seen;
  folders_.clear();
  for (const std::string& f : folders) {
    auto n = normal_folder(f);
    if (n && !n->empty() && seen.insert(*n).second) folders_.push_back(*n);
  }
  std::sort(folders_.begin(), folders_.end(), depth_first);
  folders_.push_back("");
}

ImportRoots ImportRoots::choose(const std::optional<std::vector<std::string>>& configured,
                                const std::vector<std::string>& tracked,
                                const std::function<std::optional<std::string>(const std::string&)>& read) {
  if (configured) return ImportRoots(*configured);
  return detect_import_roots(tracked, read);
}

std::vector<std::string> ImportRoots::explicit_folders() const {
  std::vector<std::string> out(folders_.begin(), folders_.end() - 1);
  return out;
}

const std::string& ImportRoots::root_of(std::string_view path) const {
  for (const std::string& r : folders_) {
    if (under_folder(path, r)) return r;
  }
  return folders_.back();
}

std::optional<std::string> ImportRoots::module_of_folder(std::string_view folder) const {
  const std::string& root = root_of(folder);
  if (folder == root) return std::string();
  const std::string_view rel = root.empty() ? folder : folder.substr(root.size() + 1);
  std::string dotted = dotted_of(rel);
  if (!is_dotted_name(dotted)) return std::nullopt;
  return dotted;
}

std::optional<std::string> ImportRoots::package_of(std::string_view path) const {
  const std::string& root = root_of(path);
  const std::string folder = parent_folder(path);
  if (folder.size() <= root.size()) return std::string();
  return module_of_folder(folder);
}

std::optional<std::string> ImportRoots::module_of(std::string_view path) const {
  constexpr std::string_view kPy = ".py";
  if (path.size() <= kPy.size() || path.substr(path.size() - kPy.size()) != kPy) return std::nullopt;
  const std::string& root = root_of(path);
  std::string_view rel = root.empty() ? path : path.substr(root.size() + 1);
  std::string_view stem = rel.substr(0, rel.size() - kPy.size());
  constexpr std::string_view kInit = "__init__";
  if (stem == kInit) return std::nullopt;
  if (stem.size() > kInit.size() && stem.substr(stem.size() - kInit.size() - 1) == "/__init__") {
    stem = stem.substr(0, stem.size() - kInit.size() - 1);
  }
  std::string dotted = dotted_of(stem);
  if (!is_dotted_name(dotted)) return std::nullopt;
  return dotted;
}

std::string ImportRoots::folder_in(std::string_view root, std::string_view module) {
  std::string rel(module);
  std::replace(rel.begin(), rel.end(), '.', '/');
  return join_path(root, rel);
}

ImportRoots detect_import_roots(const std::vector<std::string>& tracked,
                                const std::function<std::optional<std::string>(const std::string&)>& read) {
  Found found;
  std::set<std::string> project_dirs{""};
  std::set<std::string> python_folders;  // folders holding a .py file, and their ancestors
  for (const std::string& path : tracked) {
    const std::string name = base_name(path);
    if (name == "pyproject.toml" || name == "setup.cfg" || name == "setup.py") project_dirs.insert(parent_folder(path));
    if (name == "pyproject.toml") {
      if (auto text = read(path)) from_pyproject(path, *text, &found);
    } else if (name == "setup.cfg") {
      if (auto text = read(path)) from_setup_cfg(path, *text, &found);
    } else if (name == "manage.py") {
      found.add(parent_folder(path), "", path + ": Django's manage.py");
    }
    if (path.size() > 3 && path.compare(path.size() - 3, 3, ".py") == 0) {
      for (std::string f = parent_folder(path); !f.empty() && python_folders.insert(f).second; f = parent_folder(f)) {
      }
    }
  }
  // A src/ folder holding Python beside a project file (or at the top),
  // unless the project file already said where its packages are.
  for (const std::string& dir : project_dirs) {
    const std::string src = join_path(dir, "src");
    const bool declared = std::any_of(found.roots.begin(), found.roots.end(), [&](const auto& r) {
      return r.second.rfind(join_path(dir, "pyproject.toml") + ":", 0) == 0 ||
             r.second.rfind(join_path(dir, "setup.cfg") + ":", 0) == 0;
    });
    if (!declared && python_folders.count(src)) found.add(src, "", src + "/: a src layout");
  }
  ImportRoots roots;
  roots.folders_.clear();
  for (const auto& [folder, origin] : found.roots) {
    // A root that holds no Python file names nothing.
    if (folder.empty() || !python_folders.count(folder)) continue;
    roots.folders_.push_back(folder);
  }
  std::sort(roots.folders_.begin(), roots.folders_.end(), depth_first);
  for (const std::string& f : roots.folders_) roots.origins_.push_back(f + " (" + found.roots[f] + ")");
  roots.folders_.push_back("");
  return roots;
}

std::optional<std::string> resolve_relative(std::string_view package, std::size_t dots, std::string_view rest) {
  std::vector<std::string_view> segs;
  if (!package.empty()) segs = split(package, '.');
  // Python: "attempted relative import beyond top-level package".
  if (dots == 0 || dots > segs.size()) return std::nullopt;
  std::string base;
  for (std::size_t i = 0; i < segs.size() - (dots - 1); ++i) base += (base.empty() ? "" : ".") + std::string(segs[i]);
  if (!rest.empty()) base = base.empty() ? std::string(rest) : base + "." + std::string(rest);
  if (base.empty()) return std::nullopt;
  return base;
}

std::optional<std::string> from_import_module(const ParsedFile& f, TSNode modnode,
                                              const std::optional<std::string>& package) {
  if (ts_node_is_null(modnode)) return std::nullopt;
  if (!is_type(modnode, "relative_import")) return dotted_text(f, modnode);
  if (!package) return std::nullopt;
  std::size_t dots = 0;
  std::string rest;
  for (TSNode c : named_children(modnode)) {
    if (is_type(c, "import_prefix")) {
      for (char ch : f.text(c)) dots += ch == '.';
    } else if (is_type(c, "dotted_name")) {
      rest = dotted_text(f, c);
    }
  }
  return resolve_relative(*package, dots, rest);
}

std::optional<std::string> relative_spelling(std::string_view package, std::string_view target) {
  if (package.empty()) return std::nullopt;
  const std::vector<std::string_view> p = split(package, '.'), t = split(target, '.');
  std::size_t common = 0;
  while (common < p.size() && common < t.size() && p[common] == t[common]) ++common;
  if (common == 0) return std::nullopt;
  std::string out(p.size() - common + 1, '.');
  for (std::size_t i = common; i < t.size(); ++i) out += (i > common ? "." : "") + std::string(t[i]);
  return out;
}

}  // namespace migrate::rewrite
