// find_stale_references (rewrite/imports.h): the imports, attribute chains
// and dotted strings of a file that still name an old module or a remapped
// symbol, for the checks that a rewrite left nothing behind.
#include <algorithm>

#include "rewrite/imports_internal.h"
#include "rewrite/modules.h"

namespace migrate::rewrite {

using namespace imports_detail;

namespace {

// `import a.b.c[ as m], ...`: each module under a moved one.
void stale_plain_import(const ParsedFile& file, TSNode stmt, const MoveSet& moves, std::vector<StaleReference>* out) {
  const unsigned line = line_of(stmt);
  for (TSNode n : children_by_field(stmt, "name")) {
    const std::string module = dotted_text(file, item_of(file, n).name);
    if (const ModuleMove* m = moves.match_module(module)) {
      out->push_back({StaleReference::Kind::kImport, line, m->from, m->to});
    }
  }
}

// Where a moved file used to be: its package there and the modules that
// exist after the move (find_stale_references' `modules`).
struct OldPlace {
  std::optional<std::string> pkg;
  const std::set<std::string>* modules = nullptr;
};

// A relative import of a moved file that the move broke: from the old place
// it named a module that still exists (under its new name if it moved too),
// from the new place it names one that does not.
bool stale_relative(const ParsedFile& file, TSNode modnode, const MoveSet& moves, const std::string& reads,
                    const OldPlace& old, unsigned line, std::vector<StaleReference>* out) {
  if (!old.modules || !is_type(modnode, "relative_import")) return false;
  const std::optional<std::string> was = from_import_module(file, modnode, old.pkg);
  if (!was) return false;
  const std::string now = moves.map_module(*was).value_or(*was);
  if (now == reads || !old.modules->count(now) || old.modules->count(reads)) return false;
  out->push_back({StaleReference::Kind::kRelative, line, *was, now, std::string(file.text(modnode)), reads});
  return true;
}

// `from X import ...` (relative forms resolved against `pkg`): the module of
// a wildcard import, else each name whose place changed.
void stale_from_import(const ParsedFile& file, TSNode stmt, const MoveSet& moves,
                       const std::optional<std::string>& pkg, const OldPlace& old, std::vector<StaleReference>* out) {
  const unsigned line = line_of(stmt);
  TSNode modnode = field(stmt, "module_name");
  const std::optional<std::string> module = from_import_module(file, modnode, pkg);
  if (!module) return;
  if (stale_relative(file, modnode, moves, *module, old, line, out)) return;
  std::vector<TSNode> names = children_by_field(stmt, "name");
  if (names.empty()) {
    if (const ModuleMove* m = moves.match_module(*module)) {
      out->push_back({StaleReference::Kind::kImport, line, m->from, m->to});
    }
    return;
  }
  for (TSNode n : names) {
    const std::string name = first_segment(dotted_text(file, item_of(file, n).name));
    NameDest d = destination(moves, *module, name);
    if (!d.old_ref.empty()) {
      const bool whole_module = d.old_ref == *module && !moves.remap_symbol(*module, name);
      std::string now = whole_module ? d.module : d.module + "." + d.name;
      if (const ModuleMove* m = whole_module ? moves.match_module(*module) : nullptr) {
        out->push_back({StaleReference::Kind::kImport, line, m->from, m->to});
      } else {
        out->push_back({StaleReference::Kind::kImport, line, d.old_ref, now});
      }
    }
  }
}

// Use sites: chains from the root of a plain import (`import posthog`,
// `posthog.models.error_tracking.X`) or through a package binding
// (`from posthog import models`, `models.error_tracking.X`).
void stale_chains(const ParsedFile& file, const Collected& c, const MoveSet& moves,
                  const std::optional<std::string>& pkg, std::vector<StaleReference>* out) {
  const ParentBindings bindings = parent_bindings(file, c, moves, pkg);
  for (TSNode chain : c.chains) {
    const std::vector<TSNode> segs = chain_segments(chain);
    const ModuleMove* m = nullptr;
    if (bindings.plain_roots.count(std::string(file.text(segs[0])))) {
      m = moves.match_module(chain_name(file, segs));
    } else if (auto t = bindings.resolve(file, chain, moves)) {
      m = t->move;
    }
    if (m) out->push_back({StaleReference::Kind::kAttribute, line_of(chain), m->from, m->to});
  }
}

void stale_strings(const ParsedFile& file, const Collected& c, const MoveSet& moves,
                   std::vector<StaleReference>* out) {
  for (TSNode s : c.strings) {
    TSNode content;
    if (!is_dotted_string(file, s, &content)) continue;
    if (auto m = map_dotted_string(moves, file.text(content))) {
      std::string new_name = m->second.substr(0, m->second.size() - (file.text(content).size() - m->first.size()));
      out->push_back({StaleReference::Kind::kString, line_of(s), m->first, new_name});
    }
  }
}

}  // namespace

std::vector<StaleReference> find_stale_references(const ParsedFile& file, const std::string& path,
                                                  const MoveSet& moves, bool strings,
                                                  const std::set<std::string>* modules) {
  std::vector<StaleReference> out;
  Collected c;
  collect(file, file.root(), strings, &c);
  const std::optional<std::string> pkg = moves.roots().package_of(path);
  OldPlace old;
  if (modules) {
    if (const std::optional<std::string> was = moves.old_path_of(path)) {
      old.pkg = moves.roots().package_of(*was);
      if (old.pkg != pkg) old.modules = modules;
    }
  }
  for (TSNode stmt : c.imports) {
    if (is_type(stmt, "import_statement")) {
      stale_plain_import(file, stmt, moves, &out);
    } else {
      stale_from_import(file, stmt, moves, pkg, old, &out);
    }
  }
  stale_chains(file, c, moves, pkg, &out);
  stale_strings(file, c, moves, &out);
  std::stable_sort(out.begin(), out.end(), [](const StaleReference& a, const StaleReference& b) { return a.line < b.line; });
  return out;
}

}  // namespace migrate::rewrite
