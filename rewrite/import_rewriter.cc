// The edits that rewrite one parsed Python file for a MoveSet (what
// rewrite/imports.h describes): from-imports, plain imports and the
// attribute chains that use them, names bound to a package something below
// moved, and dotted strings. Reading the file is import_syntax.cc's, where
// names go is import_targets.cc's.
#include <algorithm>
#include <map>
#include <set>

#include "rewrite/imports_internal.h"
#include "rewrite/modules.h"
#include "rewrite/segments.h"

namespace migrate::rewrite::imports_detail {
namespace {

class FileRewriter {
 public:
  FileRewriter(const ParsedFile& f, const std::string& path, const MoveSet& moves, const RewriteOptions& options)
      : f_(f), src_(f.source()), moves_(moves), options_(options) {
    const std::string old_path = moves.old_path_of(path).value_or(path);
    old_pkg_ = moves.roots().package_of(old_path);
    new_pkg_ = moves.roots().package_of(path);
  }

  std::vector<Edit> run() {
    collect(f_, f_.root(), options_.strings, &c_);
    for (TSNode stmt : c_.imports) {
      if (is_type(stmt, "import_from_statement")) rewrite_from(stmt);
    }
    rewrite_plain_imports();
    rewrite_parent_bindings();
    for (TSNode s : c_.strings) rewrite_string(s);
    std::stable_sort(edits_.begin(), edits_.end(), [](const Edit& a, const Edit& b) { return a.offset < b.offset; });
    return std::move(edits_);
  }

 private:
  void edit(std::size_t offset, std::size_t length, std::string replacement) {
    if (src_.compare(offset, length, replacement) == 0) return;
    edits_.push_back(Edit{offset, length, std::move(replacement)});
  }
  void replace(TSNode n, std::string replacement) { edit(start_of(n), end_of(n) - start_of(n), std::move(replacement)); }

  // A moved file's relative import whose old reading names nothing that
  // exists after the move: written (or already rewritten) for the new place,
  // or naming something outside the known files; left as it is.
  bool already_for_new_place(TSNode, const std::string& old_reading) const {
    if (!options_.modules || old_pkg_ == new_pkg_) return false;
    return !options_.modules->count(moves_.map_module(old_reading).value_or(old_reading));
  }

  // How a relative import that must change names `target` from the file's
  // new place: relative when the target lies in the same top-level package,
  // absolute (root-relative) otherwise.
  std::string spell_relative(const std::string& target) const {
    if (new_pkg_) {
      if (auto r = relative_spelling(*new_pkg_, target)) return *r;
    }
    return target;
  }

  // --- from-imports ------------------------------------------------------

  // The names of a from-import grouped by the module each comes from after
  // the moves.
  struct FromGroups {
    std::vector<Item> items;
    std::vector<NameDest> dests;        // per item
    std::vector<std::size_t> group_of;  // per item: its index in `modules`
    std::vector<std::string> modules;   // in order of first appearance
  };

  void rewrite_from(TSNode stmt) {
    TSNode modnode = field(stmt, "module_name");
    const bool relative = is_type(modnode, "relative_import");
    const std::optional<std::string> module = from_import_module(f_, modnode, old_pkg_);
    if (!module) return;
    if (relative && already_for_new_place(modnode, *module)) return;
    const FromGroups g = group_by_destination(stmt, *module);
    rewrite_first_group(modnode, relative, g);
    if (g.modules.size() > 1) split_from(stmt, g);
  }

  FromGroups group_by_destination(TSNode stmt, const std::string& module) const {
    FromGroups g;
    for (TSNode n : children_by_field(stmt, "name")) g.items.push_back(item_of(f_, n));
    if (g.items.empty()) {  // wildcard: only the module can move
      g.modules.push_back(moves_.map_module(module).value_or(module));
    }
    for (const Item& it : g.items) {
      g.dests.push_back(destination(moves_, module, first_segment(dotted_text(f_, it.name))));
      auto pos = std::find(g.modules.begin(), g.modules.end(), g.dests.back().module);
      g.group_of.push_back(pos - g.modules.begin());
      if (pos == g.modules.end()) g.modules.push_back(g.dests.back().module);
    }
    return g;
  }

  // The statement itself keeps the first name's group: its module, and the
  // names of that group renamed where they moved under another name.
  void rewrite_first_group(TSNode modnode, bool relative, const FromGroups& g) {
    const std::string& first = g.modules[0];
    if (relative) {
      if (from_import_module(f_, modnode, new_pkg_) != first) replace(modnode, spell_relative(first));
    } else if (first != dotted_text(f_, modnode)) {
      replace(modnode, first);
    }
    for (std::size_t i = 0; i < g.items.size(); ++i) {
      if (g.group_of[i] != 0) continue;
      const std::string old_name = first_segment(dotted_text(f_, g.items[i].name));
      if (g.dests[i].name != old_name) {
        replace(g.items[i].name, g.dests[i].name + (g.items[i].alias ? "" : " as " + old_name));
      }
    }
  }

  std::string item_text(const Item& it, const NameDest& d) {
    const std::string old_name = first_segment(dotted_text(f_, it.name));
    if (d.name == old_name) return std::string(f_.text(it.node));
    return d.name + " as " + it.alias.value_or(old_name);
  }

  // The names that go elsewhere leave the statement; one new statement per
  // other destination follows it.
  void split_from(TSNode stmt, const FromGroups& g) {
    remove_other_groups(g);
    std::vector<std::string> statements;
    for (std::size_t group = 1; group < g.modules.size(); ++group) statements.push_back(group_statement(stmt, g, group));
    insert_statements_after(stmt, statements);
  }

  // Removes the names that go elsewhere. A run of removed names that ends
  // the list without a trailing comma goes with the comma before it (the
  // first name always stays, so there is one); any other removed name goes
  // with its comma and the blanks after it, and with its whole line when
  // nothing else is on it. Comments stay.
  void remove_other_groups(const FromGroups& g) {
    const std::vector<Item>& items = g.items;
    const std::size_t k = items.size() - 1;
    std::size_t tail = k + 1;  // first index of the final run of removed names
    while (tail > 0 && g.group_of[tail - 1] != 0) --tail;
    const bool tail_without_comma = tail <= k && !is_type(ts_node_next_sibling(items[k].node), ",");
    for (std::size_t i = 0; i <= k; ++i) {
      if (g.group_of[i] == 0) continue;
      if (tail_without_comma && i >= tail) {
        edit(end_of(items[tail - 1].node), end_of(items[k].node) - end_of(items[tail - 1].node), "");
        break;
      }
      remove_item_with_comma(items[i].node);
    }
  }

  // `from <module> import <names>` for group `group` of `stmt`'s names.
  std::string group_statement(TSNode stmt, const FromGroups& g, std::size_t group) {
    // A group that stays where a relative import still finds it keeps
    // its spelling; another target of a relative import is spelled
    // relative too when it can be.
    TSNode modnode = field(stmt, "module_name");
    const bool relative = is_type(modnode, "relative_import");
    const bool keep = relative && from_import_module(f_, modnode, new_pkg_) == g.modules[group];
    const std::string spelled =
        keep ? std::string(f_.text(modnode)) : relative ? spell_relative(g.modules[group]) : g.modules[group];
    std::string s = "from " + spelled + " import ";
    bool firstname = true;
    for (std::size_t i = 0; i < g.items.size(); ++i) {
      if (g.group_of[i] != group) continue;
      if (!firstname) s += ", ";
      s += item_text(g.items[i], g.dests[i]);
      firstname = false;
    }
    return s;
  }

  void remove_item_with_comma(TSNode item) {
    std::size_t b = start_of(item), e = end_of(item);
    TSNode comma = ts_node_next_sibling(item);
    if (is_type(comma, ",")) e = end_of(comma);
    while (e < src_.size() && (src_[e] == ' ' || src_[e] == '\t')) ++e;
    std::size_t ls = b;
    while (ls > 0 && (src_[ls - 1] == ' ' || src_[ls - 1] == '\t')) --ls;
    const bool alone = (ls == 0 || src_[ls - 1] == '\n') && e < src_.size() && (src_[e] == '\n' || src_[e] == '\r');
    if (alone) {
      b = ls;
      e += src_[e] == '\r' && e + 1 < src_.size() && src_[e + 1] == '\n' ? 2 : 1;
    }
    edit(b, e - b, "");
  }

  // Adds statements after `stmt`: on new lines at its indentation when it
  // owns its line, after `; ` otherwise.
  void insert_statements_after(TSNode stmt, const std::vector<std::string>& statements) {
    const std::size_t start = start_of(stmt), end = end_of(stmt);
    std::size_t ls = start;
    while (ls > 0 && src_[ls - 1] != '\n') --ls;
    const std::string indent = src_.substr(ls, start - ls);
    const bool owns_start = indent.find_first_not_of(" \t\f") == std::string::npos;
    std::size_t p = end;
    while (p < src_.size() && (src_[p] == ' ' || src_[p] == '\t' || src_[p] == '\f')) ++p;
    if (p < src_.size() && src_[p] == '#') {
      while (p < src_.size() && src_[p] != '\n' && src_[p] != '\r') ++p;
    }
    const bool owns_end = p == src_.size() || src_[p] == '\n' || src_[p] == '\r';
    std::string text;
    if (owns_start && owns_end) {
      const std::string eol = (p < src_.size() && src_[p] == '\r') ? "\r\n" : "\n";
      for (const std::string& s : statements) text += eol + indent + s;
      edit(p, 0, text);
    } else {
      for (const std::string& s : statements) text += "; " + s;
      edit(end, 0, text);
    }
  }

  // --- plain imports and their use sites ----------------------------------
  struct Plain {
    TSNode stmt;
    Item item;
    std::string module;
    std::optional<std::string> mapped;
  };

  // What the use sites of plain imports' roots need after their rewrite.
  struct PlainUses {
    std::map<std::string, std::vector<std::string>> needed;  // root -> new modules
    std::map<std::string, int> residual;                     // root -> uses left as they are
  };

  void rewrite_plain_imports() {
    const std::vector<Plain> plains = plain_imports();
    if (plains.empty()) return;
    // Roots bound by plain (unaliased) imports.
    std::set<std::string> roots;
    for (const Plain& p : plains) {
      if (!p.item.alias) roots.insert(first_segment(p.module));
    }
    const PlainUses uses = rewrite_plain_use_sites(roots);
    rewrite_plain_statements(plains, uses.residual);
    append_needed_modules(plains, uses.needed);
  }

  std::vector<Plain> plain_imports() const {
    std::vector<Plain> plains;
    for (TSNode stmt : c_.imports) {
      if (!is_type(stmt, "import_statement")) continue;
      for (TSNode n : children_by_field(stmt, "name")) {
        Item it = item_of(f_, n);
        std::string module = dotted_text(f_, it.name);
        auto mapped = moves_.map_module(module);
        plains.push_back(Plain{stmt, it, std::move(module), std::move(mapped)});
      }
    }
    return plains;
  }

  // Rewrites the chains rooted at `roots` that fall under a moved module and
  // counts the uses of each root left as they are.
  PlainUses rewrite_plain_use_sites(const std::set<std::string>& roots) {
    PlainUses uses;
    for (TSNode chain : c_.chains) {
      std::vector<TSNode> segs = chain_segments(chain);
      const std::string root(f_.text(segs[0]));
      if (!roots.count(root)) continue;
      const ModuleMove* m = moves_.match_module(chain_name(f_, segs));
      if (!m) { ++uses.residual[root]; continue; }
      const std::size_t k = split(m->from, '.').size();
      edit(start_of(segs[0]), end_of(segs[k - 1]) - start_of(segs[0]), m->to);
      auto& list = uses.needed[root];
      if (std::find(list.begin(), list.end(), m->to) == list.end()) list.push_back(m->to);
    }
    for (TSNode id : c_.identifiers) {
      const std::string name(f_.text(id));
      if (roots.count(name)) ++uses.residual[name];
    }
    return uses;
  }

  // The imports themselves: each moved module replaced, keeping the longest
  // unmoved prefix imported once when the root is still used for what did
  // not move and nothing else binds it.
  void rewrite_plain_statements(const std::vector<Plain>& plains, const std::map<std::string, int>& residual) {
    std::set<std::string> still_bound;
    for (const Plain& p : plains) {
      const std::string final_module = p.mapped.value_or(p.module);
      if (!p.item.alias && first_segment(final_module) == first_segment(p.module)) still_bound.insert(first_segment(p.module));
    }
    std::set<std::string> kept_roots;
    for (const Plain& p : plains) {
      if (!p.mapped) continue;
      std::string replacement = *p.mapped;
      const std::string root = first_segment(p.module);
      const auto uses_left = residual.find(root);
      if (!p.item.alias && !still_bound.count(root) && uses_left != residual.end() && uses_left->second > 0 &&
          !kept_roots.count(root)) {
        // The root is still used for what did not move: keep the longest
        // unmoved prefix imported.
        const std::vector<std::string_view> segs = split(p.module, '.');
        for (std::size_t n = segs.size() - 1; n >= 1; --n) {
          const std::string prefix = join_dotted(segs, 0, n);
          if (!moves_.match_module(prefix)) {
            replacement = prefix + ", " + replacement;
            kept_roots.insert(root);
            break;
          }
        }
      }
      replace(p.item.name, replacement);
    }
  }

  // New modules the rewritten use sites need and no import provides, added
  // after the last name of the import that binds their root.
  void append_needed_modules(const std::vector<Plain>& plains,
                             const std::map<std::string, std::vector<std::string>>& needed) {
    std::map<const void*, std::string> appended;  // per statement: text added after its last name
    for (const auto& [root, modules] : needed) {
      const Plain* host = nullptr;
      for (const Plain& p : plains) {
        if (!p.item.alias && first_segment(p.module) == root) { host = &p; break; }
      }
      if (!host) continue;
      for (const std::string& mod : modules) {
        bool covered = false;
        for (const Plain& p : plains) {
          if (p.item.alias) continue;
          // An import of the module or below loads it; an import rewritten
          // from the old prefix loads what the old one did.
          if (under_module(p.mapped.value_or(p.module), mod) || (p.mapped && under_module(mod, *p.mapped))) covered = true;
        }
        if (!covered) appended[host->stmt.id] += ", " + mod;
      }
    }
    for (auto& [id, text] : appended) {
      for (const Plain& p : plains) {
        if (p.stmt.id != id) continue;
        std::vector<TSNode> names = children_by_field(p.stmt, "name");
        edit(end_of(names.back()), 0, text);
        break;
      }
    }
  }

  // --- names bound to an unmoved package something below moved -----------
  // `from posthog import models` or `import posthog.models as m`, used as
  // `models.error_tracking.X`: the use site is rewritten to the new module,
  // which an `import` added after the binding statement loads (as for
  // `import posthog` used as `posthog.models.error_tracking.X`). The binding
  // stays: the package did not move.
  void rewrite_parent_bindings() {
    const ParentBindings b = parent_bindings(f_, c_, moves_, old_pkg_);
    std::vector<std::pair<TSNode, std::vector<std::string>>> needed;  // per binding statement, in order
    for (TSNode chain : c_.chains) {
      const std::optional<ChainTarget> t = b.resolve(f_, chain, moves_);
      if (!t) continue;
      edit(start_of(t->first), end_of(t->last) - start_of(t->first), t->move->to);
      const ModuleMove* m = t->move;
      auto host = std::find_if(needed.begin(), needed.end(),
                               [&](const auto& e) { return e.first.id == t->binding->stmt.id; });
      if (host == needed.end()) host = needed.insert(needed.end(), {t->binding->stmt, {}});
      if (std::find(host->second.begin(), host->second.end(), m->to) == host->second.end()) {
        host->second.push_back(m->to);
      }
    }
    for (auto& [stmt, modules] : needed) {
      std::vector<std::string> statements;
      for (const std::string& mod : modules) {
        // `import a.b.c` loads a.b too.
        const bool loaded_by_other = std::any_of(modules.begin(), modules.end(), [&](const std::string& other) {
          return other != mod && under_module(other, mod);
        });
        if (!loaded_by_other && !imported_plainly(mod)) statements.push_back("import " + mod);
      }
      if (!statements.empty()) insert_statements_after(stmt, statements);
    }
  }

  // Whether a plain unaliased import of the file (after rewriting) loads
  // `module`: an import of it or of a module below it.
  bool imported_plainly(const std::string& module) {
    for (TSNode stmt : c_.imports) {
      if (!is_type(stmt, "import_statement")) continue;
      for (TSNode n : children_by_field(stmt, "name")) {
        const Item it = item_of(f_, n);
        if (it.alias) continue;
        const std::string m = dotted_text(f_, it.name);
        if (under_module(moves_.map_module(m).value_or(m), module)) return true;
      }
    }
    return false;
  }

  // --- dotted strings ------------------------------------------------------
  void rewrite_string(TSNode s) {
    TSNode content;
    if (!is_dotted_string(f_, s, &content)) return;
    if (auto m = map_dotted_string(moves_, f_.text(content))) replace(content, m->second);
  }

  const ParsedFile& f_;
  const std::string& src_;
  const MoveSet& moves_;
  RewriteOptions options_;
  std::optional<std::string> old_pkg_, new_pkg_;
  Collected c_;
  std::vector<Edit> edits_;
};

}  // namespace

std::vector<Edit> import_edits(const ParsedFile& f, const std::string& path, const MoveSet& moves,
                               const RewriteOptions& options) {
  return FileRewriter(f, path, moves, options).run();
}

}  // namespace migrate::rewrite::imports_detail
