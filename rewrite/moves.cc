#include "rewrite/moves.h"

#include <algorithm>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "rewrite/segments.h"

namespace migrate::rewrite {
namespace {

// Problems with the line they belong to, reported in line order.
class Problems {
 public:
  explicit Problems(std::string label, std::vector<std::pair<unsigned, std::string>> items = {})
      : label_(std::move(label)), items_(std::move(items)) {}
  std::vector<std::pair<unsigned, std::string>> take() { return std::move(items_); }
  void add(unsigned line, std::string what) { items_.push_back({line, std::move(what)}); }
  bool empty() const { return items_.empty(); }
  [[noreturn]] void raise() {
    std::stable_sort(items_.begin(), items_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> out;
    for (auto& [line, what] : items_) {
      out.push_back(line ? label_ + ":" + std::to_string(line) + ": " + what : label_ + ": " + what);
    }
    throw MovesError(std::move(out));
  }

 private:
  std::string label_;
  std::vector<std::pair<unsigned, std::string>> items_;
};

// Empty when `path` is a normalized repository-relative path.
std::string path_problem(std::string_view path) {
  if (path.empty()) return "empty path";
  if (path.front() == '/' || (path.size() > 1 && path[1] == ':')) return "path is outside the repository (absolute): " + std::string(path);
  if (path.find('\\') != std::string_view::npos) return "path must use '/' separators: " + std::string(path);
  for (std::string_view seg : split(path, '/')) {
    if (seg == "..") return "path is outside the repository (..): " + std::string(path);
    if (seg.empty() || seg == ".") return "path is not normalized (empty or '.' segment): " + std::string(path);
  }
  return "";
}

unsigned line_of(const toml::node& n) { return n.source().begin.line; }
unsigned line_of(const toml::key& k) { return k.source().begin.line; }

std::optional<std::string> string_value(const toml::node& n) {
  if (const auto* s = n.as_string()) return s->get();
  return std::nullopt;
}

}  // namespace

MovesError::MovesError(std::vector<std::string> problems)
    : std::runtime_error([&] {
        std::string all;
        for (const auto& p : problems) all += (all.empty() ? "" : "\n") + p;
        return all;
      }()),
      problems_(std::move(problems)) {}

MoveSet MoveSet::parse(std::string_view toml_text, const std::string& file_label, const MovesCheck& check,
                       ImportRoots roots) {
  Problems problems(file_label);
  toml::table root;
  try {
    root = toml::parse(toml_text, file_label);
  } catch (const toml::parse_error& e) {
    problems.add(e.source().begin.line, std::string(e.description()));
    problems.raise();
  }
  MoveSet set;
  set.roots_ = std::move(roots);
  for (auto&& [key, node] : root) {
    const std::string k(key.str());
    if (k == "product") {
      set.product_line_ = line_of(key);
      if (auto s = string_value(node)) set.product_ = *s;
      else problems.add(line_of(key), "product must be a string");
    } else if (k == "import_roots") {
      const auto* arr = node.as_array();
      std::vector<std::string> folders;
      bool ok = arr != nullptr;
      if (arr) {
        for (const toml::node& el : *arr) {
          auto s = string_value(el);
          std::string why = s ? (s->empty() || *s == "." ? "" : path_problem(*s)) : "";
          if (!s) { problems.add(line_of(el), "import_roots entries must be strings (folders)"); ok = false; }
          else if (!why.empty()) { problems.add(line_of(el), "import root: " + why); ok = false; }
          else folders.push_back(*s);
        }
      } else {
        problems.add(line_of(key), "import_roots must be an array of folders: import_roots = [\"src\"]");
      }
      if (ok) {
        set.roots_ = ImportRoots(std::move(folders));
        set.roots_from_file_ = true;
      }
    } else if (k == "file_moves") {
      const auto* arr = node.as_array();
      if (!arr) { problems.add(line_of(key), "file_moves must be an array of tables ([[file_moves]])"); continue; }
      for (const toml::node& el : *arr) {
        const auto* t = el.as_table();
        if (!t) { problems.add(line_of(el), "each file move must be a table with from and to"); continue; }
        FileMove fm;
        fm.line = line_of(el);
        bool ok = true;
        for (auto&& [fk, fv] : *t) {
          const std::string f(fk.str());
          if (f != "from" && f != "to") { problems.add(line_of(fk), "unknown key in file_moves: " + f + " (expected from, to)"); ok = false; continue; }
          auto s = string_value(fv);
          if (!s) { problems.add(line_of(fk), "file move " + f + " must be a string"); ok = false; continue; }
          (f == "from" ? fm.from : fm.to) = *s;
          if (f == "from") fm.line = line_of(fk);
        }
        if (ok && !t->contains("from")) { problems.add(fm.line, "file move without from"); ok = false; }
        if (ok && !t->contains("to")) { problems.add(fm.line, "file move without to"); ok = false; }
        if (ok) set.file_moves_.push_back(std::move(fm));
      }
    } else if (k == "module_moves" || k == "symbol_remap") {
      const auto* t = node.as_table();
      if (!t) { problems.add(line_of(key), k + " must be a table"); continue; }
      for (auto&& [mk, mv] : *t) {
        const std::string from(mk.str());
        auto to = string_value(mv);
        if (!to) {
          problems.add(line_of(mk), k + " entry " + from + " must map to a string (quote dotted keys: \"a.b\" = \"c.d\")");
          continue;
        }
        if (k == "module_moves") {
          set.module_moves_.push_back(ModuleMove{from, *to, line_of(mk), false});
        } else {
          const std::size_t dot = from.rfind('.');
          if (dot == std::string::npos) {
            problems.add(line_of(mk), "symbol_remap key must be \"old.module.Name\": " + from);
            continue;
          }
          set.symbol_remaps_.push_back(SymbolRemap{from.substr(0, dot), from.substr(dot + 1), *to, line_of(mk)});
        }
      }
    } else {
      problems.add(line_of(key), "unknown key: " + k + " (expected product, import_roots, file_moves, module_moves, symbol_remap)");
    }
  }
  set.finish(file_label, check, problems.take());
  return set;
}

MoveSet MoveSet::build(std::string product, std::vector<FileMove> file_moves,
                       std::vector<ModuleMove> module_moves, std::vector<SymbolRemap> symbol_remap,
                       const std::string& file_label, const MovesCheck& check, ImportRoots roots) {
  MoveSet set;
  set.product_ = std::move(product);
  set.roots_ = std::move(roots);
  set.file_moves_ = std::move(file_moves);
  set.module_moves_ = std::move(module_moves);
  set.symbol_remaps_ = std::move(symbol_remap);
  set.finish(file_label, check, {});
  return set;
}

void MoveSet::finish(const std::string& file_label, const MovesCheck& check,
                     std::vector<std::pair<unsigned, std::string>> earlier) {
  Problems problems(file_label, std::move(earlier));
  if (!product_.empty()) {
    if (std::string why = unimportable_reason(product_); !why.empty()) {
      problems.add(product_line_, "product " + product_ + " cannot name a Python package: " + why);
    }
  }

  // Files: paths, duplicates, existence; each implies its module move.
  std::map<std::string, const FileMove*> by_from, by_to;
  std::vector<ModuleMove> implied;
  for (const FileMove& fm : file_moves_) {
    bool ok = true;
    for (const std::string* p : {&fm.from, &fm.to}) {
      std::string why = path_problem(*p);
      if (!why.empty()) { problems.add(fm.line, why); ok = false; }
    }
    if (!ok) continue;
    if (auto [it, fresh] = by_from.emplace(fm.from, &fm); !fresh) {
      problems.add(fm.line, "second move of " + fm.from + " (first at line " + std::to_string(it->second->line) + ")");
    }
    if (auto [it, fresh] = by_to.emplace(fm.to, &fm); !fresh) {
      problems.add(fm.line, "two moves to one destination " + fm.to + " (the other at line " +
                                std::to_string(it->second->line) + ")");
    }
    if (fm.from == fm.to) problems.add(fm.line, "file moved onto itself: " + fm.from);
    if (check.exists && !check.exists(fm.from) && !(check.allow_applied && check.exists(fm.to))) {
      problems.add(fm.line, "source does not exist: " + fm.from);
    }
    auto from_mod = roots_.module_of(fm.from), to_mod = roots_.module_of(fm.to);
    if (from_mod && !to_mod && fm.to.size() > 3 && fm.to.compare(fm.to.size() - 3, 3, ".py") == 0) {
      const std::string& root = roots_.root_of(fm.to);
      std::string stem = fm.to.substr(root.empty() ? 0 : root.size() + 1);
      stem.resize(stem.size() - 3);
      if (stem.size() > 9 && stem.compare(stem.size() - 9, 9, "/__init__") == 0) stem.resize(stem.size() - 9);
      std::string why = unimportable_reason(stem, '/');
      if (why.empty()) why = "it is not a module path";
      problems.add(fm.line, "destination " + fm.to + " of module " + *from_mod + " cannot be imported: " + why);
      continue;
    }
    if (from_mod && to_mod && *from_mod != *to_mod) implied.push_back(ModuleMove{*from_mod, *to_mod, fm.line, true});
  }

  // Modules: names, then explicit and implied merged by source.
  std::map<std::string, ModuleMove> modules;
  for (ModuleMove& mm : module_moves_) {
    if (!is_dotted_name(mm.from)) { problems.add(mm.line, "not a dotted module name: " + mm.from); continue; }
    if (!is_dotted_name(mm.to) && (mm.to.empty() || mm.to.find("..") != std::string::npos || mm.to.front() == '.' || mm.to.back() == '.')) {
      problems.add(mm.line, "not a dotted module name: " + mm.to);
      continue;
    }
    if (!is_dotted_name(mm.to)) {
      problems.add(mm.line, "destination " + mm.to + " of " + mm.from + " cannot be imported: " + unimportable_reason(mm.to));
      continue;
    }
    implied.push_back(mm);
  }
  std::stable_sort(implied.begin(), implied.end(), [](const ModuleMove& a, const ModuleMove& b) { return a.line < b.line; });
  for (ModuleMove& mm : implied) {
    auto [it, fresh] = modules.emplace(mm.from, mm);
    if (fresh) continue;
    if (it->second.to != mm.to) {
      problems.add(mm.line, "module " + mm.from + " moved twice: to " + it->second.to + " (line " +
                                std::to_string(it->second.line) + ") and to " + mm.to);
    } else if (it->second.implied && !mm.implied) {
      it->second.implied = false;  // stated explicitly as well
    }
  }
  std::map<std::string, const ModuleMove*> module_by_to;
  for (auto& [from, mm] : modules) {
    if (auto [it, fresh] = module_by_to.emplace(mm.to, &mm); !fresh) {
      const ModuleMove* other = it->second;
      const ModuleMove& later = other->line > mm.line ? *other : mm;
      const ModuleMove& earlier = other->line > mm.line ? mm : *other;
      problems.add(later.line, "two moves to one destination module " + mm.to + ": " + earlier.from + " (line " +
                                   std::to_string(earlier.line) + ") and " + later.from);
    }
  }
  module_moves_.clear();
  for (auto& [from, mm] : modules) module_moves_.push_back(mm);
  module_index_.clear();
  for (std::size_t i = 0; i < module_moves_.size(); ++i) module_index_.emplace(module_moves_[i].from, i);

  // Into itself, cycles and chains: following a destination through the
  // moves must not move it again.
  for (const ModuleMove& mm : module_moves_) {
    if (under_module(mm.to, mm.from)) {
      problems.add(mm.line, "module " + mm.from + " mapped into itself (" + mm.to + ")");
      continue;
    }
    const ModuleMove* next = match_module(mm.to);
    if (!next) continue;
    std::string at = mm.to;
    std::set<std::string> seen{mm.from};
    bool cycle = false;
    for (const ModuleMove* step = next; step; step = match_module(at)) {
      at = step->to + at.substr(step->from.size());
      if (under_module(at, mm.from) || !seen.insert(step->from).second) { cycle = true; break; }
    }
    const std::string by = next->line ? " by line " + std::to_string(next->line) : " by " + next->from;
    problems.add(mm.line, cycle ? "module " + mm.from + " is in a cycle of moves (" + mm.to + " is moved" + by + ")"
                                : "moves chain: destination " + mm.to + " of " + mm.from + " is moved again" + by +
                                      "; map " + mm.from + " to its final place");
  }

  // Symbol remaps.
  remap_index_.clear();
  for (const SymbolRemap& sr : symbol_remaps_) {
    if (!is_dotted_name(sr.old_module) || !is_identifier(sr.name)) {
      problems.add(sr.line, "symbol_remap key must be \"old.module.Name\": " + sr.old_module + "." + sr.name);
      continue;
    }
    if (!is_dotted_name(sr.new_module)) {
      problems.add(sr.line, "destination " + sr.new_module + " of symbol " + sr.name + " cannot be imported: " +
                                unimportable_reason(sr.new_module));
      continue;
    }
    if (sr.new_module == sr.old_module) {
      problems.add(sr.line, "symbol " + sr.name + " remapped to the module it comes from: " + sr.old_module);
      continue;
    }
    if (const ModuleMove* m = match_module(sr.new_module)) {
      problems.add(sr.line, "moves chain: destination " + sr.new_module + " of symbol " + sr.name +
                                " is moved again by line " + std::to_string(m->line));
      continue;
    }
    if (!remap_index_.emplace(sr.old_module + "\n" + sr.name, sr.new_module).second) {
      problems.add(sr.line, "symbol " + sr.old_module + "." + sr.name + " remapped twice");
    }
  }

  old_by_new_.clear();
  new_by_old_.clear();
  for (const FileMove& fm : file_moves_) {
    old_by_new_.emplace(fm.to, fm.from);
    new_by_old_.emplace(fm.from, fm.to);
  }
  if (!problems.empty()) problems.raise();
}

const ModuleMove* MoveSet::match_module(std::string_view dotted) const {
  if (module_index_.empty()) return nullptr;
  std::string probe(dotted);
  while (true) {
    if (auto it = module_index_.find(probe); it != module_index_.end()) return &module_moves_[it->second];
    const std::size_t dot = probe.rfind('.');
    if (dot == std::string::npos) return nullptr;
    probe.resize(dot);
  }
}

std::optional<std::string> MoveSet::map_module(std::string_view dotted) const {
  const ModuleMove* m = match_module(dotted);
  if (!m) return std::nullopt;
  return m->to + std::string(dotted.substr(m->from.size()));
}

std::optional<std::string> MoveSet::remap_symbol(std::string_view old_module, std::string_view name) const {
  if (remap_index_.empty()) return std::nullopt;
  std::string key(old_module);
  key += '\n';
  key += name;
  if (auto it = remap_index_.find(key); it != remap_index_.end()) return it->second;
  return std::nullopt;
}

namespace {

// The part of `rel` (a path below an import root) under the module at
// `folder` ("core/billing"): "/sub/x.py" for a file of the package, ".py" for
// the module file itself; nullopt when `rel` is not there.
std::optional<std::string_view> tail_under(std::string_view rel, std::string_view folder) {
  if (rel.size() <= folder.size() || rel.compare(0, folder.size(), folder) != 0) return std::nullopt;
  const std::string_view tail = rel.substr(folder.size());
  if (tail.front() == '/' || tail == ".py") return tail;
  return std::nullopt;
}

std::string join_root(std::string_view root, std::string_view rel) {
  return root.empty() ? std::string(rel) : std::string(root) + "/" + std::string(rel);
}

}  // namespace

std::vector<UnderivedMove> MoveSet::imply_file_moves(const std::vector<std::string>& files) {
  struct Entry {
    const ModuleMove* move;
    std::string from_folder, to_folder;  // below a root: "core/billing"
    bool source_present = false;
  };
  std::vector<Entry> entries;
  for (const ModuleMove& mm : module_moves_) {
    if (!mm.implied) entries.push_back({&mm, ImportRoots::folder_in("", mm.from), ImportRoots::folder_in("", mm.to)});
  }
  if (entries.empty()) return {};
  // Each Python file: is it (below) a source, and which destination holds
  // it (the longest)?
  struct Candidate {
    std::string path, root;
    std::size_t entry;
    std::string tail;
  };
  std::vector<Candidate> candidates;
  for (const std::string& path : files) {
    if (path.size() < 3 || path.compare(path.size() - 3, 3, ".py") != 0) continue;
    const std::string& root = roots_.root_of(path);
    const std::string_view rel = std::string_view(path).substr(root.empty() ? 0 : root.size() + 1);
    std::optional<std::size_t> best;
    std::string_view best_tail;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      Entry& e = entries[i];
      if (!e.source_present && tail_under(rel, e.from_folder)) e.source_present = true;
      if (auto tail = tail_under(rel, e.to_folder); tail && (!best || e.to_folder.size() > entries[*best].to_folder.size())) {
        best = i;
        best_tail = *tail;
      }
    }
    if (best) candidates.push_back({path, root, *best, std::string(best_tail)});
  }
  std::vector<UnderivedMove> underived;
  for (const Candidate& c : candidates) {
    const Entry& e = entries[c.entry];
    if (e.source_present || old_by_new_.count(c.path)) continue;  // not moved yet, or moved explicitly
    const std::string old = join_root(c.root, e.from_folder + c.tail);
    UnderivedMove u{c.path, e.move->from, e.move->to, e.move->line, ""};
    if (const std::string& other = roots_.root_of(old); other != c.root) {
      u.why = old + " would lie in the import root " + other + ", where it is not module " + e.move->from +
              (c.tail == ".py" ? "" : " or below it");
    }
    if (new_by_old_.count(old)) continue;  // a file move took that file elsewhere: this one is new
    if (!u.why.empty()) {
      underived.push_back(std::move(u));
      continue;
    }
    file_moves_.push_back(FileMove{old, c.path, e.move->line, true});
    old_by_new_.emplace(c.path, old);
    new_by_old_.emplace(old, c.path);
  }
  std::sort(underived.begin(), underived.end(), [](const UnderivedMove& a, const UnderivedMove& b) { return a.path < b.path; });
  return underived;
}

std::string MoveSet::describe(const UnderivedMove& u, const std::string& moves_label) {
  return u.path + ": where it was before the move of " + u.from + " to " + u.to + " (" + moves_label + ":" +
         std::to_string(u.line) + ") cannot be derived: " + u.why + "; add a [[file_moves]] entry for it";
}

std::optional<std::string> MoveSet::old_path_of(std::string_view new_path) const {
  if (auto it = old_by_new_.find(std::string(new_path)); it != old_by_new_.end()) return it->second;
  return std::nullopt;
}

std::optional<std::string> MoveSet::new_path_of(std::string_view old_path) const {
  if (auto it = new_by_old_.find(std::string(old_path)); it != new_by_old_.end()) return it->second;
  return std::nullopt;
}

}  // namespace migrate::rewrite
