#include "rewrite/imports.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>

#include "rewrite/segments.h"

namespace migrate::rewrite {
namespace {

std::size_t start_of(TSNode n) { return ts_node_start_byte(n); }
std::size_t end_of(TSNode n) { return ts_node_end_byte(n); }

std::string first_segment(std::string_view dotted) { return std::string(dotted.substr(0, dotted.find('.'))); }

// True when a module strictly below `module` moves (`module` itself need not).
bool has_moved_descendant(const MoveSet& moves, const std::string& module) {
  const std::string prefix = module + ".";
  const std::vector<ModuleMove>& all = moves.module_moves();  // sorted by `from`
  auto it = std::lower_bound(all.begin(), all.end(), prefix,
                             [](const ModuleMove& m, const std::string& p) { return m.from < p; });
  return it != all.end() && it->from.compare(0, prefix.size(), prefix) == 0;
}

// Where one imported name comes from after the moves.
struct NameDest {
  std::string module;  // module to import from
  std::string name;    // name at that module
  bool changed = false;
  std::string old_ref;  // what referred to the old place: module, module.Name or module.sub
};

NameDest destination(const MoveSet& moves, const std::string& module, const std::string& name) {
  if (auto r = moves.remap_symbol(module, name)) return {*r, name, true, module + "." + name};
  const std::string sub = module + "." + name;
  const ModuleMove* m_sub = moves.match_module(sub);
  const ModuleMove* m_mod = moves.match_module(module);
  if (m_sub && m_sub != m_mod && m_sub->from == sub) {
    // The name is a submodule moved on its own.
    const std::string full = *moves.map_module(sub);
    const std::size_t dot = full.rfind('.');
    if (dot != std::string::npos) return {full.substr(0, dot), full.substr(dot + 1), true, sub};
    // Moved to a top-level module: not expressible as a from-import; the
    // stale check reports it.
    return {module, name, false, sub};
  }
  if (m_mod) return {*moves.map_module(module), name, true, module};
  return {module, name, false, ""};
}

// What an item of an import list spells: the dotted_name and optional alias.
struct Item {
  TSNode node;  // dotted_name or aliased_import
  TSNode name;  // dotted_name
  std::optional<std::string> alias;
};

Item item_of(const ParsedFile& f, TSNode n) {
  if (is_type(n, "aliased_import")) {
    return {n, field(n, "name"), std::string(f.text(field(n, "alias")))};
  }
  return {n, n, std::nullopt};
}

bool is_pure_chain(TSNode n) {
  while (is_type(n, "attribute")) {
    if (!is_type(field(n, "attribute"), "identifier")) return false;
    n = field(n, "object");
  }
  return is_type(n, "identifier");
}

// Identifiers of a pure chain, root first.
std::vector<TSNode> chain_segments(TSNode n) {
  std::vector<TSNode> out;
  while (is_type(n, "attribute")) {
    out.push_back(field(n, "attribute"));
    n = field(n, "object");
  }
  out.push_back(n);
  std::reverse(out.begin(), out.end());
  return out;
}

// Everything of interest in one pass over the tree.
struct Collected {
  std::vector<TSNode> imports;      // import_statement, import_from_statement
  std::vector<TSNode> strings;      // candidate dotted strings
  std::vector<TSNode> chains;       // maximal pure attribute chains outside imports
  std::vector<TSNode> identifiers;  // bare identifiers outside imports and chains
};

// A plain string literal whose whole content is a dotted name. Parts of an
// implicit concatenation ("a." "b") are never dotted strings: the collector
// does not offer them.
bool is_dotted_string(const ParsedFile& f, TSNode s, TSNode* content) {
  // Most strings are prose or have no dot: rejected without visiting children.
  const std::string_view whole = f.text(s);
  if (whole.find('.') == std::string_view::npos ||
      whole.find_first_of(" \t\n\\{") != std::string_view::npos) {
    return false;
  }
  int contents = 0;
  for (TSNode c : named_children(s)) {
    const std::string_view t = node_type(c);
    if (t == "string_content") { *content = c; ++contents; }
    else if (t == "string_start") {
      for (char ch : f.text(c)) {
        if (ch == '\'' || ch == '"') break;
        if (ch == 'b' || ch == 'B' || ch == 'f' || ch == 'F') return false;
      }
    } else if (t != "string_end") {
      return false;  // interpolation, escape_sequence
    }
  }
  if (contents != 1) return false;
  std::string_view text = f.text(*content);
  return text.find('.') != std::string_view::npos && is_dotted_name(text);
}

void collect(const ParsedFile& f, TSNode n, bool want_strings, Collected* out);

// ERROR or MISSING (ts_node_is_error is newer than Debian's runtime).
bool is_error_node(TSNode n) { return ts_node_is_missing(n) || node_type(n) == "ERROR"; }

// Statements that hold other statements: an error inside one of them leaves
// its other statements usable.
bool is_compound(std::string_view t) {
  return t == "module" || t == "block" || t == "if_statement" || t == "for_statement" || t == "while_statement" ||
         t == "try_statement" || t == "with_statement" || t == "match_statement" || t == "function_definition" ||
         t == "class_definition" || t == "decorated_definition" || t == "elif_clause" || t == "else_clause" ||
         t == "except_clause" || t == "except_group_clause" || t == "finally_clause" || t == "case_clause";
}

// A node the rewriter must not look into: an ERROR or MISSING node, or a
// statement whose subtree holds one (its reading is unreliable).
bool in_error(TSNode n) {
  if (is_error_node(n)) return true;
  if (!ts_node_has_error(n)) return false;
  const std::string_view t = node_type(n);
  return t.size() > 10 && t.substr(t.size() - 10) == "_statement" && !is_compound(t);
}

// Visits the named children of the cursor's node with a tree cursor: O(1)
// per step, where ts_node_named_child(n, i) walks from the first child.
void collect_children(const ParsedFile& f, TSTreeCursor* c, bool want_strings, Collected* out) {
  if (!ts_tree_cursor_goto_first_child(c)) return;
  do {
    TSNode child = ts_tree_cursor_current_node(c);
    if (!ts_node_is_named(child) || in_error(child)) continue;
    const std::string_view t = node_type(child);
    if (t == "import_statement" || t == "import_from_statement") { out->imports.push_back(child); continue; }
    if (t == "future_import_statement" || t == "comment") continue;
    if (t == "identifier") { out->identifiers.push_back(child); continue; }
    if (t == "string" || t == "concatenated_string" || t == "attribute" || t == "keyword_argument") {
      collect(f, child, want_strings, out);
      continue;
    }
    collect_children(f, c, want_strings, out);
  } while (ts_tree_cursor_goto_next_sibling(c));
  ts_tree_cursor_goto_parent(c);
}

void collect(const ParsedFile& f, TSNode n, bool want_strings, Collected* out) {
  if (in_error(n)) return;
  const std::string_view t = node_type(n);
  if (t == "import_statement" || t == "import_from_statement") { out->imports.push_back(n); return; }
  if (t == "future_import_statement" || t == "comment") return;
  if (t == "string" || t == "concatenated_string") {
    // Only f-strings have children to look into: their interpolations.
    const bool may_interpolate = f.text(n).find('{') != std::string_view::npos;
    if (t == "concatenated_string") {
      if (may_interpolate) {
        for (TSNode part : named_children(n)) collect(f, part, false, out);
      }
      return;
    }
    TSNode content;
    if (want_strings && is_dotted_string(f, n, &content)) out->strings.push_back(n);
    if (may_interpolate) {
      for (TSNode c : named_children(n)) {
        if (is_type(c, "interpolation")) collect(f, c, want_strings, out);
      }
    }
    return;
  }
  if (t == "attribute") {
    if (is_pure_chain(n)) { out->chains.push_back(n); return; }
    collect(f, field(n, "object"), want_strings, out);
    return;
  }
  if (t == "identifier") { out->identifiers.push_back(n); return; }
  if (t == "keyword_argument") { collect(f, field(n, "value"), want_strings, out); return; }
  TSTreeCursor cursor = ts_tree_cursor_new(n);
  collect_children(f, &cursor, want_strings, out);
  ts_tree_cursor_delete(&cursor);
}

// Local names bound to an unmoved package with moved modules below it:
// `from posthog import models` (relative forms resolved against `package`) and
// `import posthog.models as m`. A name bound by two imports to different
// things, or also the root of a plain import, has no entry.
struct ParentBinding {
  TSNode stmt;
  std::string module;  // what the local name is bound to
};

struct ChainTarget {
  const ParentBinding* binding;
  TSNode first, last;      // the chain's segments that spell the moved module
  const ModuleMove* move;
};

struct ParentBindings {
  std::map<std::string, ParentBinding> by_name;
  std::set<std::string> plain_roots;  // roots bound by plain unaliased imports

  // The moved module a pure attribute chain reaches through a binding.
  std::optional<ChainTarget> resolve(const ParsedFile& f, TSNode chain, const MoveSet& moves) const {
    const std::vector<TSNode> segs = chain_segments(chain);
    auto b = by_name.find(std::string(f.text(segs[0])));
    if (b == by_name.end()) return std::nullopt;
    std::vector<std::string_view> names{b->second.module};
    for (std::size_t i = 1; i < segs.size(); ++i) names.push_back(f.text(segs[i]));
    const ModuleMove* m = moves.match_module(join_dotted(names, 0, names.size()));
    if (!m) return std::nullopt;
    const std::size_t k = split(m->from, '.').size() - split(b->second.module, '.').size() + 1;
    return ChainTarget{&b->second, segs[0], segs[k - 1], m};
  }
};

ParentBindings parent_bindings(const ParsedFile& f, const Collected& c, const MoveSet& moves,
                               const std::optional<std::string>& package) {
  ParentBindings out;
  std::map<std::string, std::optional<ParentBinding>> bound;  // nullopt: bound to something else too
  auto bind = [&](const std::string& local, TSNode stmt, std::string module) {
    auto [it, fresh] = bound.emplace(local, ParentBinding{stmt, module});
    if (!fresh && (!it->second || it->second->module != module)) it->second.reset();
    if (fresh && module.empty()) it->second.reset();
  };
  auto is_parent = [&](const std::string& module) {
    return !moves.match_module(module) && has_moved_descendant(moves, module);
  };
  for (TSNode stmt : c.imports) {
    if (is_type(stmt, "import_from_statement")) {
      TSNode modnode = field(stmt, "module_name");
      const std::optional<std::string> module = from_import_module(f, modnode, package);
      // A moved module's names move with it: those bindings are no parents.
      const bool can_bind_parent = module && !moves.match_module(*module);
      for (TSNode n : children_by_field(stmt, "name")) {
        const Item it = item_of(f, n);
        const std::string name = dotted_text(f, it.name);
        const std::string full = can_bind_parent ? *module + "." + name : std::string();
        bind(it.alias.value_or(name), stmt, can_bind_parent && is_parent(full) ? full : std::string());
      }
    } else {
      for (TSNode n : children_by_field(stmt, "name")) {
        const Item it = item_of(f, n);
        const std::string module = dotted_text(f, it.name);
        if (!it.alias) {
          out.plain_roots.insert(first_segment(module));
        } else {
          bind(*it.alias, stmt, is_parent(module) ? module : std::string());
        }
      }
    }
  }
  for (auto& [name, b] : bound) {
    if (b && !out.plain_roots.count(name)) out.by_name.emplace(name, *b);
  }
  return out;
}

// The replacement for a dotted string's content, nullopt when it does not
// name a moved module or remapped symbol.
std::optional<std::pair<std::string, std::string>> map_dotted_string(const MoveSet& moves, std::string_view text) {
  const std::vector<std::string_view> segs = split(text, '.');
  for (std::size_t i = segs.size() - 1; i >= 1; --i) {
    const std::string module = join_dotted(segs, 0, i);
    if (auto r = moves.remap_symbol(module, segs[i])) {
      std::string rest = join_dotted(segs, i, segs.size());
      return std::make_pair(module + "." + std::string(segs[i]), *r + "." + rest);
    }
  }
  if (const ModuleMove* m = moves.match_module(text)) {
    return std::make_pair(m->from, m->to + std::string(text.substr(m->from.size())));
  }
  return std::nullopt;
}

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
  void rewrite_from(TSNode stmt) {
    TSNode modnode = field(stmt, "module_name");
    const bool relative = is_type(modnode, "relative_import");
    const std::optional<std::string> module = from_import_module(f_, modnode, old_pkg_);
    if (!module) return;
    if (relative && already_for_new_place(modnode, *module)) return;

    std::vector<Item> items;
    for (TSNode n : children_by_field(stmt, "name")) items.push_back(item_of(f_, n));
    std::vector<NameDest> dests;
    std::vector<std::string> group_modules;  // in order of first appearance
    std::vector<std::size_t> group_of;
    if (items.empty()) {  // wildcard: only the module can move
      group_modules.push_back(moves_.map_module(*module).value_or(*module));
    }
    for (const Item& it : items) {
      dests.push_back(destination(moves_, *module, first_segment(dotted_text(f_, it.name))));
      auto pos = std::find(group_modules.begin(), group_modules.end(), dests.back().module);
      group_of.push_back(pos - group_modules.begin());
      if (pos == group_modules.end()) group_modules.push_back(dests.back().module);
    }

    // The module of the statement itself: the first name's group.
    const std::string& first = group_modules[0];
    if (relative) {
      if (from_import_module(f_, modnode, new_pkg_) != first) replace(modnode, spell_relative(first));
    } else if (first != dotted_text(f_, modnode)) {
      replace(modnode, first);
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (group_of[i] != 0) continue;
      const std::string old_name = first_segment(dotted_text(f_, items[i].name));
      if (dests[i].name != old_name) {
        replace(items[i].name, dests[i].name + (items[i].alias ? "" : " as " + old_name));
      }
    }
    if (group_modules.size() > 1) split_from(stmt, items, dests, group_of, group_modules);
  }

  std::string item_text(const Item& it, const NameDest& d) {
    const std::string old_name = first_segment(dotted_text(f_, it.name));
    if (d.name == old_name) return std::string(f_.text(it.node));
    return d.name + " as " + it.alias.value_or(old_name);
  }

  void split_from(TSNode stmt, const std::vector<Item>& items, const std::vector<NameDest>& dests,
                  const std::vector<std::size_t>& group_of, const std::vector<std::string>& groups) {
    // Remove the names that go elsewhere. A run of removed names that ends
    // the list without a trailing comma goes with the comma before it (the
    // first name always stays, so there is one); any other removed name goes
    // with its comma and the blanks after it, and with its whole line when
    // nothing else is on it. Comments stay.
    const std::size_t k = items.size() - 1;
    std::size_t tail = k + 1;  // first index of the final run of removed names
    while (tail > 0 && group_of[tail - 1] != 0) --tail;
    const bool tail_without_comma = tail <= k && !is_type(ts_node_next_sibling(items[k].node), ",");
    for (std::size_t i = 0; i <= k; ++i) {
      if (group_of[i] == 0) continue;
      if (tail_without_comma && i >= tail) {
        edit(end_of(items[tail - 1].node), end_of(items[k].node) - end_of(items[tail - 1].node), "");
        break;
      }
      remove_item_with_comma(items[i].node);
    }
    // One new statement per other destination.
    std::vector<std::string> statements;
    for (std::size_t g = 1; g < groups.size(); ++g) {
      // A group that stays where a relative import still finds it keeps
      // its spelling; another target of a relative import is spelled
      // relative too when it can be.
      TSNode modnode = field(stmt, "module_name");
      const bool relative = is_type(modnode, "relative_import");
      const bool keep = relative && from_import_module(f_, modnode, new_pkg_) == groups[g];
      const std::string spelled =
          keep ? std::string(f_.text(modnode)) : relative ? spell_relative(groups[g]) : groups[g];
      std::string s = "from " + spelled + " import ";
      bool firstname = true;
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (group_of[i] != g) continue;
        if (!firstname) s += ", ";
        s += item_text(items[i], dests[i]);
        firstname = false;
      }
      statements.push_back(std::move(s));
    }
    insert_statements_after(stmt, statements);
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

  void rewrite_plain_imports() {
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
    if (plains.empty()) return;
    // Roots bound by plain (unaliased) imports.
    std::set<std::string> roots;
    for (const Plain& p : plains) {
      if (!p.item.alias) roots.insert(first_segment(p.module));
    }
    // Use sites.
    std::map<std::string, std::vector<std::string>> needed;  // root -> new modules
    std::map<std::string, int> residual;                     // root -> uses left as they are
    for (TSNode chain : c_.chains) {
      std::vector<TSNode> segs = chain_segments(chain);
      const std::string root(f_.text(segs[0]));
      if (!roots.count(root)) continue;
      std::vector<std::string_view> names;
      for (TSNode s : segs) names.push_back(f_.text(s));
      const std::string full = join_dotted(names, 0, names.size());
      const ModuleMove* m = moves_.match_module(full);
      if (!m) { ++residual[root]; continue; }
      const std::size_t k = split(m->from, '.').size();
      edit(start_of(segs[0]), end_of(segs[k - 1]) - start_of(segs[0]), m->to);
      auto& list = needed[root];
      if (std::find(list.begin(), list.end(), m->to) == list.end()) list.push_back(m->to);
    }
    for (TSNode id : c_.identifiers) {
      const std::string name(f_.text(id));
      if (roots.count(name)) ++residual[name];
    }
    // The imports themselves.
    std::set<std::string> still_bound;
    for (const Plain& p : plains) {
      const std::string final_module = p.mapped.value_or(p.module);
      if (!p.item.alias && first_segment(final_module) == first_segment(p.module)) still_bound.insert(first_segment(p.module));
    }
    std::map<const void*, std::string> appended;  // per statement: text added after its last name
    std::set<std::string> kept_roots;
    for (const Plain& p : plains) {
      if (!p.mapped) continue;
      std::string replacement = *p.mapped;
      const std::string root = first_segment(p.module);
      if (!p.item.alias && !still_bound.count(root) && residual[root] > 0 && !kept_roots.count(root)) {
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
    // New modules the rewritten use sites need and no import provides.
    for (auto& [root, modules] : needed) {
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

unsigned line_at(std::string_view s, std::size_t offset) {
  return static_cast<unsigned>(std::count(s.begin(), s.begin() + std::min(offset, s.size()), '\n')) + 1;
}

}  // namespace

std::shared_ptr<const std::set<std::string>> existing_modules(const std::vector<std::string>& paths,
                                                              const MoveSet& moves) {
  auto out = std::make_shared<std::set<std::string>>();
  auto add = [&](std::string m) {
    while (out->insert(m).second) {
      const std::size_t dot = m.rfind('.');
      if (dot == std::string::npos) break;
      m.resize(dot);
    }
  };
  for (const std::string& p : paths) {
    if (auto m = moves.roots().module_of(p)) add(*m);
  }
  for (const ModuleMove& m : moves.module_moves()) add(m.to);
  return out;
}

std::string apply_edits(std::string_view source, const std::vector<Edit>& edits) {
  std::string out;
  out.reserve(source.size() + 64);
  std::size_t at = 0;
  for (const Edit& e : edits) {
    if (e.offset < at || e.offset + e.length > source.size()) throw std::logic_error("overlapping or out-of-range edit");
    out.append(source.substr(at, e.offset - at));
    out.append(e.replacement);
    at = e.offset + e.length;
  }
  out.append(source.substr(at));
  return out;
}

std::size_t first_invalid_utf8(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) { ++i; continue; }
    std::size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return i;
    if (i + len > n) return i;
    for (std::size_t j = 1; j < len; ++j) {
      const unsigned char cc = static_cast<unsigned char>(s[i + j]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

std::vector<ErrorRegion> error_regions(const ParsedFile& file) {
  std::vector<ErrorRegion> out;
  if (!file.has_error()) return out;
  // The nearest ancestor that is a statement (a child of module or block).
  auto statement_of = [](TSNode n) {
    TSNode s = n;
    for (TSNode p = ts_node_parent(n); !ts_node_is_null(p); s = p, p = ts_node_parent(p)) {
      if (is_type(p, "module") || is_type(p, "block")) return is_compound(node_type(s)) ? n : s;
    }
    return n;
  };
  std::function<void(TSNode)> walk = [&](TSNode n) {
    if (is_error_node(n)) {
      const TSNode region = statement_of(n);
      const ErrorRegion e{line_of(n), ts_node_start_byte(region), ts_node_end_byte(region)};
      if (out.empty() || out.back().begin != e.begin || out.back().end != e.end) out.push_back(e);
      return;
    }
    if (!ts_node_has_error(n)) return;
    const uint32_t count = ts_node_child_count(n);
    for (uint32_t i = 0; i < count; ++i) walk(ts_node_child(n, i));
  };
  walk(file.root());
  return out;
}

FileRewrite rewrite_parsed(const ParsedFile& file, const std::string& path, const MoveSet& moves,
                           const RewriteOptions& options) {
  FileRewrite r;
  r.errors = error_regions(file);
  r.edits = FileRewriter(file, path, moves, options).run();
  if (!r.edits.empty()) {
    r.output = apply_edits(file.source(), r.edits);
    r.status = FileRewrite::Status::kChanged;
  }
  return r;
}

FileRewrite rewrite_source(const std::string& source, const std::string& path, const MoveSet& moves,
                           const RewriteOptions& options) {
  if (std::size_t bad = first_invalid_utf8(source); bad != std::string::npos) {
    FileRewrite r;
    r.status = FileRewrite::Status::kSkipped;
    r.reason = "not UTF-8";
    r.line = line_at(source, bad);
    return r;
  }
  ParsedFile file(source);
  return rewrite_parsed(file, path, moves, options);
}

std::vector<StaleReference> find_stale_references(const ParsedFile& file, const std::string& path,
                                                  const MoveSet& moves, bool strings) {
  std::vector<StaleReference> out;
  Collected c;
  collect(file, file.root(), strings, &c);
  const std::optional<std::string> pkg = moves.roots().package_of(path);
  for (TSNode stmt : c.imports) {
    const unsigned line = line_of(stmt);
    if (is_type(stmt, "import_statement")) {
      for (TSNode n : children_by_field(stmt, "name")) {
        const std::string module = dotted_text(file, item_of(file, n).name);
        if (const ModuleMove* m = moves.match_module(module)) {
          out.push_back({StaleReference::Kind::kImport, line, m->from, m->to});
        }
      }
      continue;
    }
    TSNode modnode = field(stmt, "module_name");
    const std::optional<std::string> module = from_import_module(file, modnode, pkg);
    if (!module) continue;
    std::vector<TSNode> names = children_by_field(stmt, "name");
    if (names.empty()) {
      if (const ModuleMove* m = moves.match_module(*module)) {
        out.push_back({StaleReference::Kind::kImport, line, m->from, m->to});
      }
      continue;
    }
    for (TSNode n : names) {
      const std::string name = first_segment(dotted_text(file, item_of(file, n).name));
      NameDest d = destination(moves, *module, name);
      if (!d.old_ref.empty()) {
        const bool whole_module = d.old_ref == *module && !moves.remap_symbol(*module, name);
        std::string now = whole_module ? d.module : d.module + "." + d.name;
        if (const ModuleMove* m = whole_module ? moves.match_module(*module) : nullptr) {
          out.push_back({StaleReference::Kind::kImport, line, m->from, m->to});
        } else {
          out.push_back({StaleReference::Kind::kImport, line, d.old_ref, now});
        }
      }
    }
  }
  // Use sites: chains from the root of a plain import (`import posthog`,
  // `posthog.models.error_tracking.X`) or through a package binding
  // (`from posthog import models`, `models.error_tracking.X`).
  const ParentBindings bindings = parent_bindings(file, c, moves, pkg);
  for (TSNode chain : c.chains) {
    const std::vector<TSNode> segs = chain_segments(chain);
    const ModuleMove* m = nullptr;
    if (bindings.plain_roots.count(std::string(file.text(segs[0])))) {
      std::vector<std::string_view> names;
      for (TSNode seg : segs) names.push_back(file.text(seg));
      m = moves.match_module(join_dotted(names, 0, names.size()));
    } else if (auto t = bindings.resolve(file, chain, moves)) {
      m = t->move;
    }
    if (m) out.push_back({StaleReference::Kind::kAttribute, line_of(chain), m->from, m->to});
  }
  for (TSNode s : c.strings) {
    TSNode content;
    if (!is_dotted_string(file, s, &content)) continue;
    if (auto m = map_dotted_string(moves, file.text(content))) {
      std::string new_name = m->second.substr(0, m->second.size() - (file.text(content).size() - m->first.size()));
      out.push_back({StaleReference::Kind::kString, line_of(s), m->first, new_name});
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const StaleReference& a, const StaleReference& b) { return a.line < b.line; });
  return out;
}

}  // namespace migrate::rewrite
