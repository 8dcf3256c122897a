#include "rewrite/scan.h"

#include <algorithm>
#include <map>
#include <set>

#include "rewrite/definitions.h"
#include "rewrite/escape.h"
#include "rewrite/pyparse.h"
#include "rewrite/segments.h"

namespace migrate::rewrite {
namespace {

std::string strip_slashes(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  while (s.size() > 1 && s[0] == '.' && s[1] == '/') s.erase(0, 2);
  return s;
}

std::string last_segment(std::string_view dotted) {
  const std::size_t dot = dotted.rfind('.');
  return std::string(dot == std::string_view::npos ? dotted : dotted.substr(dot + 1));
}

// Module-level from-imports, including those inside if/try blocks.
void module_from_imports(TSNode container, std::vector<TSNode>* out) {
  for (TSNode stmt : named_children(container)) {
    const std::string_view t = node_type(stmt);
    if (t == "import_from_statement") {
      out->push_back(stmt);
    } else if (t == "if_statement" || t == "elif_clause" || t == "else_clause" || t == "try_statement" ||
               t == "except_clause" || t == "finally_clause" || t == "block") {
      module_from_imports(stmt, out);
    }
  }
}

// String literals of a module-level `__all__ = [...]` / `(...)`; nullopt
// when there is none (or it is not a plain literal).
std::optional<std::vector<std::string>> dunder_all(const ParsedFile& f) {
  std::optional<std::vector<std::string>> result;
  for (TSNode stmt : named_children(f.root())) {
    if (!is_type(stmt, "expression_statement")) continue;
    TSNode a = ts_node_named_child(stmt, 0);
    if (!is_type(a, "assignment") || f.text(field(a, "left")) != "__all__") continue;
    TSNode right = field(a, "right");
    if (!is_type(right, "list") && !is_type(right, "tuple")) return std::nullopt;
    std::vector<std::string> names;
    for (TSNode el : named_children(right)) {
      if (!is_type(el, "string")) return std::nullopt;
      for (TSNode c : named_children(el)) {
        if (is_type(c, "string_content")) names.emplace_back(f.text(c));
      }
    }
    result = names;
  }
  return result;
}

class Scanner {
 public:
  Scanner(const std::vector<std::string>& tracked,
          const std::function<std::optional<std::string>(const std::string&)>& read, const ScanRequest& req)
      : tracked_(tracked.begin(), tracked.end()), read_(read), req_(req) {}

  ScanResult run() {
    ScanResult r;
    r.product = req_.product.empty() ? derive_product() : req_.product;
    const std::string prefix = req_.from_dir + "/";
    std::set<std::string> dirs;  // relative to from_dir, "" for itself
    for (const std::string& path : tracked_) {
      if (path.rfind(prefix, 0) != 0 || path.size() < 3 || path.substr(path.size() - 3) != ".py") continue;
      const std::string rel = path.substr(prefix.size());
      const std::string to = req_.to_dir + "/" + rel;
      if (tracked_.count(to) && to.rfind(prefix, 0) != 0) {
        throw ScanError("destination " + to + " of " + path + " is already a tracked file");
      }
      r.file_moves.push_back(FileMove{path, to, 0});
      std::string d = rel;
      while (true) {
        const std::size_t slash = d.rfind('/');
        d = slash == std::string::npos ? "" : d.substr(0, slash);
        dirs.insert(d);
        if (d.empty()) break;
      }
    }
    if (r.file_moves.empty()) throw ScanError("no tracked Python file under " + req_.from_dir);
    const ImportRoots& roots = req_.roots;
    // A folder's module below its import root.
    auto module_of = [&](const std::string& folder) {
      const std::optional<std::string> m = roots.module_of_folder(folder);
      if (m && m->empty()) {
        throw ScanError("folder " + folder + " is an import root, not a package; name a package folder below it");
      }
      if (!m) {
        std::string below = folder.substr(roots.root_of(folder).empty() ? 0 : roots.root_of(folder).size() + 1);
        throw ScanError("folder " + folder + " is not a Python package name: " + unimportable_reason(below, '/'));
      }
      return *m;
    };
    for (const std::string& d : dirs) {
      const std::string from = module_of(d.empty() ? req_.from_dir : req_.from_dir + "/" + d);
      const std::string to = module_of(d.empty() ? req_.to_dir : req_.to_dir + "/" + d);
      r.module_moves.push_back(ModuleMove{from, to, 0, false});
    }
    if (roots.folders().size() > 1) {
      r.import_roots = roots.explicit_folders();
      r.root_origins = roots.origins();
    }
    std::sort(r.module_moves.begin(), r.module_moves.end(),
              [](const ModuleMove& a, const ModuleMove& b) { return a.from < b.from; });
    // The mapping, for re-exports.
    try {
      moves_ = MoveSet::build(r.product, r.file_moves, r.module_moves, {}, "moves", {}, roots);
    } catch (const MovesError& e) {
      throw ScanError(e.what());
    }
    old_root_ = module_of(req_.from_dir);
    for (const ModuleMove& m : moves_.module_moves()) needles_.insert(last_segment(m.from));
    discover_remaps(&r);
    return r;
  }

 private:
  std::string derive_product() const {
    const std::string& to = req_.to_dir;
    if (to.rfind("products/", 0) == 0) {
      const std::size_t end = to.find('/', 9);
      return to.substr(9, end == std::string::npos ? std::string::npos : end - 9);
    }
    const std::size_t slash = to.rfind('/');
    return slash == std::string::npos ? to : to.substr(slash + 1);
  }

  std::optional<std::string> source_of(const std::string& module) const {
    for (const std::string& root : req_.roots.folders()) {
      const std::string base = ImportRoots::folder_in(root, module);
      for (const std::string& candidate : {base + ".py", base + "/__init__.py"}) {
        if (tracked_.count(candidate) && req_.roots.module_of(candidate) == module) return candidate;
      }
    }
    return std::nullopt;
  }

  // Public names `from <module> import *` gives, following star imports and
  // re-exports of other moved modules.
  std::vector<std::string> exports(const std::string& module, std::set<std::string>* visiting) {
    std::vector<std::string> names;
    if (!visiting->insert(module).second) return names;
    auto path = source_of(module);
    if (!path) return names;
    auto text = read_(*path);
    if (!text) return names;
    ParsedFile f(*text);
    if (auto all = dunder_all(f)) return *all;
    auto add = [&](const std::string& n) {
      if (!n.empty() && n[0] != '_' && std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
    };
    for (const Definition& d : extract_definitions(f)) {
      if (d.qualname.find('.') == std::string::npos) add(d.qualname);
    }
    for (const Definition& d : extract_module_assignments(f)) add(d.qualname);
    const std::optional<std::string> package = req_.roots.package_of(*path);
    std::vector<TSNode> imports;
    module_from_imports(f.root(), &imports);
    for (TSNode stmt : imports) {
      auto from = from_import_module(f, field(stmt, "module_name"), package);
      if (!from || !under_module(*from, old_root_)) continue;
      std::vector<TSNode> items = children_by_field(stmt, "name");
      if (items.empty()) {
        for (const std::string& n : exports(*from, visiting)) add(n);
      }
      for (TSNode it : items) {
        add(std::string(f.text(is_type(it, "aliased_import") ? field(it, "alias") : it)));
      }
    }
    return names;
  }

  void discover_remaps(ScanResult* r) {
    std::map<std::string, SymbolRemap> remaps;
    const std::string prefix = req_.from_dir + "/";
    for (const std::string& path : tracked_) {
      if (path.rfind(prefix, 0) == 0) continue;
      if (path.size() < 12 || path.substr(path.size() - 12) != "/__init__.py") continue;
      auto text = read_(path);
      if (!text) continue;
      bool mentions = false;
      for (const std::string& n : needles_) mentions = mentions || text->find(n) != std::string::npos;
      if (!mentions) continue;
      ParsedFile f(*text);
      if (f.has_error()) {
        r->notes.push_back(path + ": syntax error at line " + std::to_string(f.first_error_line()) +
                           "; its re-exports were not read");
        continue;
      }
      const std::optional<std::string> package_name = req_.roots.module_of(path);
      if (!package_name) continue;
      const std::string& package = *package_name;
      std::vector<TSNode> imports;
      module_from_imports(f.root(), &imports);
      for (TSNode stmt : imports) {
        auto from = from_import_module(f, field(stmt, "module_name"), package);
        if (!from || !under_module(*from, old_root_)) continue;
        const std::string to = *moves_.map_module(*from);
        std::vector<std::string> names;
        std::vector<TSNode> items = children_by_field(stmt, "name");
        if (items.empty()) {
          std::set<std::string> visiting;
          names = exports(*from, &visiting);
        }
        for (TSNode it : items) {
          if (is_type(it, "aliased_import")) {
            r->notes.push_back(path + ":" + std::to_string(line_of(it)) + ": " + std::string(f.text(it)) +
                               " re-exports under another name; not remapped");
            continue;
          }
          names.emplace_back(f.text(it));
        }
        for (const std::string& n : names) {
          SymbolRemap sr{package, n, to, 0};
          auto [it, fresh] = remaps.emplace(package + "." + n, sr);
          if (!fresh && it->second.new_module != to) {
            r->notes.push_back(path + ": " + n + " is re-exported from both " + it->second.new_module + " and " + to +
                               "; kept " + it->second.new_module);
          }
        }
      }
    }
    for (auto& [key, sr] : remaps) r->symbol_remaps.push_back(sr);
  }

  std::set<std::string> tracked_;
  const std::function<std::optional<std::string>(const std::string&)>& read_;
  ScanRequest req_;
  MoveSet moves_;
  std::string old_root_;
  std::set<std::string> needles_;
};

}  // namespace

std::string toml_quote(const std::string& s) { return "\"" + escape_string(s, StringSyntax::kToml) + "\""; }

ScanResult scan_moves(const std::vector<std::string>& tracked,
                      const std::function<std::optional<std::string>(const std::string&)>& read,
                      const ScanRequest& request) {
  ScanRequest req = request;
  req.from_dir = strip_slashes(req.from_dir);
  req.to_dir = strip_slashes(req.to_dir);
  if (req.from_dir.empty() || req.to_dir.empty()) throw ScanError("--from and --to must name folders");
  if (req.from_dir == req.to_dir) throw ScanError("--from and --to are the same folder");
  if (req.to_dir.rfind(req.from_dir + "/", 0) == 0) {
    throw ScanError("--to " + req.to_dir + " lies inside --from " + req.from_dir + "; a package cannot move into itself");
  }
  return Scanner(tracked, read, req).run();
}

std::string render_moves_toml(const ScanResult& r, const std::string& command) {
  std::string out;
  if (!command.empty()) out += "# Generated by " + command + "\n";
  out += "# " + std::to_string(r.file_moves.size()) + " file moves, " + std::to_string(r.module_moves.size()) +
         " module moves, " + std::to_string(r.symbol_remaps.size()) + " symbol remaps\n";
  out += "product = " + toml_quote(r.product) + "\n";
  if (!r.import_roots.empty()) {
    for (const std::string& o : r.root_origins) out += "# import root " + o + "\n";
    out += "import_roots = [";
    for (std::size_t i = 0; i < r.import_roots.size(); ++i) out += (i ? ", " : "") + toml_quote(r.import_roots[i]);
    out += "]\n";
  }
  for (const FileMove& fm : r.file_moves) {
    out += "\n[[file_moves]]\nfrom = " + toml_quote(fm.from) + "\nto = " + toml_quote(fm.to) + "\n";
  }
  out += "\n[module_moves]\n";
  for (const ModuleMove& m : r.module_moves) out += toml_quote(m.from) + " = " + toml_quote(m.to) + "\n";
  out += "\n[symbol_remap]\n";
  for (const SymbolRemap& s : r.symbol_remaps) {
    out += toml_quote(s.old_module + "." + s.name) + " = " + toml_quote(s.new_module) + "\n";
  }
  return out;
}

}  // namespace migrate::rewrite
