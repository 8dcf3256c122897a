// Where things an import binds go after the moves: an imported name's new
// module, the local names bound to an unmoved package with moved modules
// below it and the chains reaching a moved module through them, and a dotted
// string's new content (rewrite/imports_internal.h).
#include <algorithm>

#include "rewrite/imports_internal.h"
#include "rewrite/modules.h"
#include "rewrite/segments.h"

namespace migrate::rewrite::imports_detail {
namespace {

// True when a module strictly below `module` moves (`module` itself need not).
bool has_moved_descendant(const MoveSet& moves, const std::string& module) {
  const std::string prefix = module + ".";
  const std::vector<ModuleMove>& all = moves.module_moves();  // sorted by `from`
  auto it = std::lower_bound(all.begin(), all.end(), prefix,
                             [](const ModuleMove& m, const std::string& p) { return m.from < p; });
  return it != all.end() && it->from.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

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

std::optional<ChainTarget> ParentBindings::resolve(const ParsedFile& f, TSNode chain, const MoveSet& moves) const {
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

}  // namespace migrate::rewrite::imports_detail
