#include "rewrite/migrations/operations.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "rewrite/migrations/alembic.h"
#include "rewrite/migrations/django.h"
#include "rewrite/migrations/graph_rules.h"
#include "rewrite/migrations/pyliteral.h"
#include "rewrite/migrations/util.h"

namespace migrate::rewrite::migrations {
namespace {

constexpr char kSep = '\x1f';

// ---------------------------------------------------------------------------
// Fingerprints

// The leaf tokens of `node`: comments dropped, strings by value, a comma
// before a closing bracket dropped, zero-width tokens dropped.
void append_tokens(const ParsedFile& file, TSNode node, std::vector<std::string>* out) {
  std::vector<TSNode> stack{node};
  while (!stack.empty()) {
    const TSNode n = stack.back();
    stack.pop_back();
    const std::string_view type = node_type(n);
    if (type == "comment") continue;
    if (type == "string" || type == "concatenated_string") {
      const Literal l = literal_of(file, n);
      out->push_back(l.is_string() ? "s:" + l.str : std::string(file.text(n)));
      continue;
    }
    const uint32_t count = ts_node_child_count(n);
    if (count == 0) {
      std::string text(file.text(n));
      if (text.empty()) continue;
      if ((text == ")" || text == "]" || text == "}") && !out->empty() && out->back() == ",") out->pop_back();
      out->push_back(std::move(text));
      continue;
    }
    for (uint32_t i = count; i-- > 0;) stack.push_back(ts_node_child(n, i));
  }
}

std::string join_tokens(const std::vector<std::string>& tokens) {
  std::string out;
  for (const std::string& t : tokens) {
    out += t;
    out += kSep;
  }
  return out;
}

std::string fingerprint_of(const ParsedFile& file, TSNode node) {
  std::vector<std::string> tokens;
  append_tokens(file, node, &tokens);
  return join_tokens(tokens);
}

bool is_docstring(TSNode stmt) {
  if (!is_type(stmt, "expression_statement") || ts_node_named_child_count(stmt) != 1) return false;
  const TSNode e = ts_node_named_child(stmt, 0);
  return is_type(e, "string") || is_type(e, "concatenated_string");
}

// A function's parameters and body without its name and docstring.
std::string function_fingerprint(const ParsedFile& file, TSNode def) {
  std::vector<std::string> tokens{"def"};
  append_tokens(file, field(def, "parameters"), &tokens);
  const auto body = named_children(field(def, "body"));
  for (size_t i = 0; i < body.size(); ++i) {
    if (i == 0 && is_docstring(body[i])) continue;
    append_tokens(file, body[i], &tokens);
  }
  return join_tokens(tokens);
}

std::string first_line(std::string_view text, size_t max = 72) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front()))) line.remove_prefix(1);
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.remove_suffix(1);
    if (!line.empty()) {
      std::string out(line.substr(0, max));
      if (line.size() > max) out += "...";
      return out;
    }
    start = end + 1;
  }
  return "";
}

std::string_view last_segment(std::string_view dotted) {
  const size_t dot = dotted.rfind('.');
  return dot == std::string_view::npos ? dotted : dotted.substr(dot + 1);
}

// ---------------------------------------------------------------------------
// Module-level names: functions, string constants, imports

struct ModuleNames {
  std::map<std::string, TSNode> functions;                          // def name
  std::map<std::string, TSNode> values;                             // name = <expr>
  std::map<std::string, std::pair<std::string, std::string>> imported;  // local -> (module, name)
};

std::string module_name_text(const ParsedFile& file, TSNode n) {
  std::string s;
  for (char c : file.text(n)) {
    if (!std::isspace(static_cast<unsigned char>(c))) s += c;
  }
  return s;
}

ModuleNames module_names(const ParsedFile& file) {
  ModuleNames names;
  const TSNode root = file.root();
  for (TSNode stmt : named_children(root)) {
    TSNode s = stmt;
    if (is_type(s, "decorated_definition")) s = field(s, "definition");
    if (is_type(s, "function_definition")) {
      names.functions[std::string(file.text(field(s, "name")))] = s;
    } else if (is_type(s, "import_from_statement")) {
      const std::string module = module_name_text(file, field(s, "module_name"));
      for (TSNode n : children_by_field(s, "name")) {
        if (is_type(n, "aliased_import")) {
          names.imported[std::string(file.text(field(n, "alias")))] = {module,
                                                                       std::string(file.text(field(n, "name")))};
        } else {
          const std::string name(file.text(n));
          names.imported[name] = {module, name};
        }
      }
    } else if (is_type(s, "import_statement")) {
      for (TSNode n : children_by_field(s, "name")) {
        if (is_type(n, "aliased_import")) {
          names.imported[std::string(file.text(field(n, "alias")))] = {module_name_text(file, field(n, "name")), ""};
        } else {
          const std::string module = module_name_text(file, n);
          names.imported[module.substr(0, module.find('.'))] = {module.substr(0, module.find('.')), ""};
        }
      }
    }
  }
  for (const Assignment& a : assignments_in(file, root)) {
    if (!ts_node_is_null(a.value)) names.values[a.name] = a.value;
  }
  return names;
}

// ---------------------------------------------------------------------------
// SQL

std::string sql_of_literal(const Literal& l) {
  if (l.is_string()) return l.str;
  if (l.is_sequence()) {
    std::string out;
    for (const Literal& item : l.items) {
      // (sql, params) pairs: the SQL is the first item.
      const std::string s = item.is_sequence() && !item.items.empty() ? sql_of_literal(item.items.front())
                                                                      : sql_of_literal(item);
      if (s.empty()) continue;
      if (!out.empty()) out += "\n;\n";
      out += s;
    }
    return out;
  }
  return "";
}

// The SQL an expression holds: a string, a list of strings, a module-level
// constant, text("...") / sa.text("..."). "" when it is none of those.
std::string sql_of(const ParsedFile& file, const ModuleNames& names, TSNode expr, int depth = 0) {
  if (ts_node_is_null(expr) || depth > 4) return "";
  while (is_type(expr, "parenthesized_expression")) expr = ts_node_named_child(expr, 0);
  if (is_type(expr, "identifier")) {
    auto v = names.values.find(std::string(file.text(expr)));
    return v == names.values.end() ? "" : sql_of(file, names, v->second, depth + 1);
  }
  if (is_type(expr, "call")) {
    const std::string_view callee = last_segment(file.text(field(expr, "function")));
    if (callee == "text" || callee == "dedent") {
      const auto args = named_children(field(expr, "arguments"));
      return args.empty() ? "" : sql_of(file, names, args.front(), depth + 1);
    }
    return "";
  }
  return sql_of_literal(literal_of(file, expr));
}

bool is_keyword_arg(TSNode n) { return is_type(n, "keyword_argument"); }

struct CallArgs {
  std::vector<TSNode> positional;
  std::map<std::string, TSNode> keyword;
};

CallArgs args_of(const ParsedFile& file, TSNode call) {
  CallArgs a;
  for (TSNode arg : named_children(field(call, "arguments"))) {
    if (is_keyword_arg(arg)) {
      a.keyword[std::string(file.text(field(arg, "name")))] = field(arg, "value");
    } else if (!is_type(arg, "comment")) {
      a.positional.push_back(arg);
    }
  }
  return a;
}

TSNode arg(const CallArgs& a, size_t pos, const std::string& kw) {
  if (auto it = a.keyword.find(kw); it != a.keyword.end()) return it->second;
  return pos < a.positional.size() ? a.positional[pos] : TSNode{};
}

bool is_none(const ParsedFile& file, TSNode n) { return !ts_node_is_null(n) && file.text(n) == "None"; }

bool is_true(const ParsedFile& file, TSNode n) { return !ts_node_is_null(n) && file.text(n) == "True"; }

bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// RunPython.noop and RunSQL.noop however they are spelled
// (django.db.migrations.operations.special.RunPython.noop).
bool is_noop(const ParsedFile& file, TSNode n) {
  if (ts_node_is_null(n)) return false;
  const std::string_view t = file.text(n);
  return t == "noop" || ends_with(t, "RunPython.noop") || ends_with(t, "RunSQL.noop");
}

// A call as messages show it: its text when it fits on one line, else the
// callee with "(...)".
std::string call_label(const ParsedFile& file, TSNode call) {
  const std::string_view text = file.text(call);
  if (text.find('\n') == std::string_view::npos && text.size() <= 72) return std::string(text);
  return std::string(file.text(field(call, "function"))) + "(...)";
}

// ---------------------------------------------------------------------------
// Django

// Operations the autodetector writes (makemigrations regenerates them).
bool is_schema_operation(std::string_view name) {
  static const std::unordered_set<std::string_view> kSchema = {
      "CreateModel",        "DeleteModel",       "RenameModel",        "AlterModelTable",
      "AlterModelTableComment", "AlterUniqueTogether", "AlterIndexTogether", "AlterModelOptions",
      "AlterModelManagers", "AlterOrderWithRespectTo", "AddField",     "RemoveField",
      "AlterField",         "RenameField",       "AddIndex",           "RemoveIndex",
      "RenameIndex",        "AddConstraint",     "RemoveConstraint",   "AlterConstraint",
  };
  return kSchema.count(name) != 0;
}

class DjangoReader {
 public:
  explicit DjangoReader(const ParsedFile& file) : file_(file), names_(module_names(file)) {}

  std::vector<TSNode> operation_calls() const {
    std::vector<TSNode> out;
    const TSNode cls = find_class(file_, file_.root(), "Migration");
    if (ts_node_is_null(cls)) return out;
    for (const Assignment& a : assignments_in(file_, field(cls, "body"))) {
      if (a.name == "operations" && !ts_node_is_null(a.value)) collect(a.value, &out);
    }
    return out;
  }

  std::vector<Operation> operations() const {
    std::vector<Operation> out;
    for (TSNode call : operation_calls()) read(call, &out);
    return out;
  }

  std::vector<IrreversibleOperation> irreversible() const {
    std::vector<IrreversibleOperation> out;
    for (TSNode call : operation_calls()) {
      const std::string_view name = last_segment(file_.text(field(call, "function")));
      const CallArgs a = args_of(file_, call);
      if (name == "RunPython") {
        const TSNode rev = arg(a, 1, "reverse_code");
        if (ts_node_is_null(rev) || is_none(file_, rev)) {
          const TSNode code = arg(a, 0, "code");
          out.push_back({line_of(call), "RunPython", ts_node_is_null(code) ? "" : first_line(file_.text(code))});
        }
      } else if (name == "RunSQL") {
        const TSNode rev = arg(a, 1, "reverse_sql");
        if (ts_node_is_null(rev) || is_none(file_, rev)) {
          const TSNode sql = arg(a, 0, "sql");
          const std::string text = sql_of(file_, names_, sql);
          out.push_back({line_of(call), "RunSQL",
                         first_line(text.empty() && !ts_node_is_null(sql) ? std::string(file_.text(sql)) : text)});
        }
      }
    }
    return out;
  }

 private:
  // Every call in an operations list; SeparateDatabaseAndState's lists too.
  void collect(TSNode list, std::vector<TSNode>* out) const {
    while (is_type(list, "parenthesized_expression")) list = ts_node_named_child(list, 0);
    if (is_type(list, "binary_operator")) {  // [...] + [...]
      collect(field(list, "left"), out);
      collect(field(list, "right"), out);
      return;
    }
    if (!is_type(list, "list") && !is_type(list, "tuple")) return;
    for (TSNode item : named_children(list)) {
      if (!is_type(item, "call")) continue;
      const std::string_view name = last_segment(file_.text(field(item, "function")));
      if (name == "SeparateDatabaseAndState") {
        const CallArgs a = args_of(file_, item);
        collect(arg(a, 0, "database_operations"), out);
        collect(arg(a, 1, "state_operations"), out);
        continue;
      }
      out->push_back(item);
    }
  }

  void function_piece(TSNode ref, bool reverse, bool elidable, unsigned call_line, std::vector<Operation>* out) const {
    if (ts_node_is_null(ref) || is_none(file_, ref) || is_noop(file_, ref)) return;
    Operation op;
    op.kind = Operation::Kind::kRunPython;
    op.reverse = reverse;
    op.elidable = elidable;
    op.line = call_line;
    if (is_type(ref, "lambda")) {
      op.name = first_line(file_.text(ref));
      op.line = line_of(ref);
      op.fingerprint = "lambda" + std::string(1, kSep) + fingerprint_of(file_, field(ref, "body"));
      out->push_back(std::move(op));
      return;
    }
    const std::string text(file_.text(ref));
    op.name = text;
    if (is_type(ref, "identifier")) {
      if (auto f = names_.functions.find(text); f != names_.functions.end()) {
        op.line = line_of(f->second);
        op.fingerprint = function_fingerprint(file_, f->second);
      } else if (auto i = names_.imported.find(text); i != names_.imported.end()) {
        op.import_module = i->second.first;
        op.import_name = i->second.second;
        op.fingerprint = "ref" + std::string(1, kSep) + op.import_module + "." + op.import_name;
      } else {
        op.fingerprint = "ref" + std::string(1, kSep) + text;
      }
    } else if (is_type(ref, "attribute")) {
      // module.function: the module may be imported under another name.
      const std::string object(file_.text(field(ref, "object")));
      const std::string attr(file_.text(field(ref, "attribute")));
      std::string module = object;
      if (auto i = names_.imported.find(object); i != names_.imported.end()) {
        module = i->second.second.empty() ? i->second.first : i->second.first + "." + i->second.second;
      }
      op.import_module = module;
      op.import_name = attr;
      op.fingerprint = "ref" + std::string(1, kSep) + module + "." + attr;
    } else {
      op.fingerprint = fingerprint_of(file_, ref);
    }
    out->push_back(std::move(op));
  }

  void sql_piece(TSNode sql, bool reverse, bool elidable, std::vector<Operation>* out) const {
    if (ts_node_is_null(sql) || is_none(file_, sql) || is_noop(file_, sql)) return;
    Operation op;
    op.kind = Operation::Kind::kRunSQL;
    op.reverse = reverse;
    op.elidable = elidable;
    op.line = line_of(sql);
    const std::string text = sql_of(file_, names_, sql);
    if (!text.empty()) {
      op.name = first_line(text);
      op.fingerprint = "sql" + std::string(1, kSep) + normalise_sql(text);
    } else {
      op.name = first_line(file_.text(sql));
      op.fingerprint = fingerprint_of(file_, sql);
    }
    if (text.empty() && op.name.empty()) return;
    if (!text.empty() && normalise_sql(text).empty()) return;  // only comments or blanks
    out->push_back(std::move(op));
  }

  void read(TSNode call, std::vector<Operation>* out) const {
    const std::string_view name = last_segment(file_.text(field(call, "function")));
    const CallArgs a = args_of(file_, call);
    const bool elidable = is_true(file_, arg(a, 99, "elidable"));
    if (name == "RunPython") {
      function_piece(arg(a, 0, "code"), false, elidable, line_of(call), out);
      function_piece(arg(a, 1, "reverse_code"), true, elidable, line_of(call), out);
    } else if (name == "RunSQL") {
      sql_piece(arg(a, 0, "sql"), false, elidable, out);
      sql_piece(arg(a, 1, "reverse_sql"), true, elidable, out);
    } else if (!is_schema_operation(name)) {
      Operation op;
      op.kind = Operation::Kind::kCustom;
      op.elidable = elidable;
      op.line = line_of(call);
      op.name = call_label(file_, call);
      // The operation's class by its own name, however it is imported.
      op.fingerprint = "op" + std::string(1, kSep) + std::string(name) + kSep +
                       fingerprint_of(file_, field(call, "arguments"));
      out->push_back(std::move(op));
    }
  }

  const ParsedFile& file_;
  ModuleNames names_;
};

// ---------------------------------------------------------------------------
// Alembic

class AlembicReader {
 public:
  explicit AlembicReader(const ParsedFile& file) : file_(file), names_(module_names(file)) {}

  // The data work of upgrade() and of the module's functions it calls, by line.
  std::vector<Operation> operations() {
    std::vector<Operation> out;
    auto upgrade = names_.functions.find("upgrade");
    if (upgrade == names_.functions.end()) return out;
    std::vector<TSNode> todo{upgrade->second};
    std::set<std::string> seen{"upgrade", "downgrade"};
    while (!todo.empty()) {
      const TSNode fn = todo.back();
      todo.pop_back();
      walk(field(fn, "body"), &todo, &seen, &out);
    }
    std::stable_sort(out.begin(), out.end(), [](const Operation& a, const Operation& b) { return a.line < b.line; });
    return out;
  }

 private:
  void walk(TSNode body, std::vector<TSNode>* todo, std::set<std::string>* seen, std::vector<Operation>* out) {
    std::vector<TSNode> stack{body};
    while (!stack.empty()) {
      const TSNode n = stack.back();
      stack.pop_back();
      if (is_type(n, "call")) {
        const TSNode fn = field(n, "function");
        if (is_type(fn, "identifier")) {
          // A helper of this module that upgrade() calls does its work too.
          const std::string name(file_.text(fn));
          auto f = names_.functions.find(name);
          if (f != names_.functions.end() && seen->insert(name).second) todo->push_back(f->second);
        } else if (is_type(fn, "attribute")) {
          if (auto op = data_call(n)) {
            out->push_back(std::move(*op));
            continue;  // its arguments are part of the piece
          }
        }
      }
      for (TSNode c : named_children(n)) stack.push_back(c);
    }
  }

  // op.execute / op.bulk_insert / <x>.execute / <x>.exec_driver_sql: one piece.
  std::optional<Operation> data_call(TSNode call) const {
    const TSNode fn = field(call, "function");
    const std::string_view method = file_.text(field(fn, "attribute"));
    const bool on_op = file_.text(field(fn, "object")) == "op";
    if (!(method == "execute" || method == "exec_driver_sql" || method == "executemany" ||
          (on_op && method == "bulk_insert"))) {
      return std::nullopt;
    }
    Operation op;
    op.kind = Operation::Kind::kAlembicData;
    op.line = line_of(call);
    const CallArgs a = args_of(file_, call);
    const std::string sql = a.positional.empty() ? "" : sql_of(file_, names_, a.positional.front());
    if (!sql.empty() && !normalise_sql(sql).empty()) {
      op.name = first_line(sql);
      op.fingerprint = "sql" + std::string(1, kSep) + normalise_sql(sql);
    } else {
      op.name = call_label(file_, call);
      // The receiver's name (op, conn, connection, bind) is not the work.
      op.fingerprint = std::string(method) + kSep + fingerprint_of(file_, field(call, "arguments"));
    }
    return op;
  }

  const ParsedFile& file_;
  ModuleNames names_;
};

}  // namespace

std::string normalise_sql(std::string_view sql) {
  std::vector<std::string> tokens;
  size_t i = 0;
  const size_t n = sql.size();
  auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' || (c & 0x80); };
  while (i < n) {
    const char c = sql[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
      while (i < n && sql[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      const size_t end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? n : end + 2;
    } else if (c == '\'' || c == '"' || c == '`') {
      size_t j = i + 1;
      while (j < n) {
        if (sql[j] == c) {
          if (j + 1 < n && sql[j + 1] == c) {
            j += 2;
            continue;
          }
          break;
        }
        ++j;
      }
      tokens.emplace_back(sql.substr(i, std::min(j + 1, n) - i));
      i = j + 1;
    } else if (is_word(c)) {
      size_t j = i;
      std::string w;
      while (j < n && is_word(sql[j])) w += static_cast<char>(std::tolower(static_cast<unsigned char>(sql[j++])));
      tokens.push_back(std::move(w));
      i = j;
    } else {
      tokens.emplace_back(1, c);
      ++i;
    }
  }
  while (!tokens.empty() && tokens.back() == ";") tokens.pop_back();
  std::string out;
  for (const std::string& t : tokens) {
    if (!out.empty()) out += ' ';
    out += t;
  }
  return out;
}

std::vector<Operation> django_operations(const ParsedFile& file) { return DjangoReader(file).operations(); }

std::vector<IrreversibleOperation> django_irreversible(const ParsedFile& file) {
  return DjangoReader(file).irreversible();
}

std::vector<Operation> alembic_operations(const ParsedFile& file) {
  return AlembicReader(file).operations();
}

// ---------------------------------------------------------------------------
// The audits

namespace {

std::string dotted(const MigrationKey& k) { return k.first + "." + k.second; }

// A piece of work with every fingerprint it is known by (its own, and the
// body of an imported function when the tree has it).
struct Piece {
  Operation op;
  std::vector<std::string> prints;
};

// Resolves `from <module> import <name>` to a function in a tree: the file
// whose path ends with the module's path (relative imports from `importer`'s
// folder), its function's fingerprint.
class ImportResolver {
 public:
  explicit ImportResolver(const FileSource& files) : files_(files) {}

  std::optional<std::string> fingerprint(const std::string& importer, const std::string& module,
                                         const std::string& name) {
    const std::string key = importer + "\n" + module + "\n" + name;
    if (auto it = memo_.find(key); it != memo_.end()) return it->second;
    std::optional<std::string> out = resolve(importer, module, name);
    memo_.emplace(key, out);
    return out;
  }

 private:
  std::optional<std::string> resolve(const std::string& importer, std::string module, const std::string& name) {
    if (module.empty() || name.empty()) return std::nullopt;
    std::string base;  // a relative import's folder
    const bool relative = module[0] == '.';
    if (relative) {
      std::string dir(dir_of(importer));
      size_t dots = 0;
      while (dots < module.size() && module[dots] == '.') ++dots;
      for (size_t i = 1; i < dots; ++i) dir = std::string(dir_of(dir));
      base = dir;
      module = module.substr(dots);
    }
    std::string rel = module;
    std::replace(rel.begin(), rel.end(), '.', '/');
    std::optional<std::string> path;
    if (relative) {
      for (const std::string& w : {join_path(base, rel.empty() ? "__init__.py" : rel + ".py"),
                                   join_path(base, rel + "/__init__.py")}) {
        if (files_.read(w)) {
          path = w;
          break;
        }
      }
    } else {
      // The shortest path that ends with the module's path (import roots
      // are not known here).
      for (const std::string& suffix : {rel + ".py", rel + "/__init__.py"}) {
        for (const std::string& p : files_.paths()) {
          if (p.size() < suffix.size() || p.compare(p.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
          if (p.size() > suffix.size() && p[p.size() - suffix.size() - 1] != '/') continue;
          if (!path || p.size() < path->size()) path = p;
        }
        if (path) break;
      }
    }
    if (!path) return std::nullopt;
    const auto text = files_.read(*path);
    if (!text || text->find(name) == std::string::npos) return std::nullopt;
    ParsedFile file(*text);
    const TSNode def = find_function(file, file.root(), name);
    if (ts_node_is_null(def)) return std::nullopt;
    return function_fingerprint(file, def);
  }

  const FileSource& files_;
  std::map<std::string, std::optional<std::string>> memo_;
};

std::vector<Piece> pieces_of(std::vector<Operation> ops, const std::string& path, ImportResolver& resolver) {
  std::vector<Piece> out;
  for (Operation& op : ops) {
    Piece p;
    p.prints.push_back(op.fingerprint);
    if (!op.import_module.empty()) {
      if (auto body = resolver.fingerprint(path, op.import_module, op.import_name)) p.prints.push_back(*body);
    }
    p.op = std::move(op);
    out.push_back(std::move(p));
  }
  return out;
}

// A RunPython function defined in the migration module itself.
bool is_local_function(const Operation& op) {
  return op.kind == Operation::Kind::kRunPython && op.import_module.empty() &&
         op.fingerprint.compare(0, 3, "def") == 0;
}

bool mentions_work(const std::string& text) {
  return text.find("RunPython") != std::string::npos || text.find("RunSQL") != std::string::npos ||
         text.find("operations") != std::string::npos;
}

std::string describe(const Operation& op) {
  switch (op.kind) {
    case Operation::Kind::kRunPython:
      return std::string("RunPython ") + (op.reverse ? "reverse function " : "function ") + op.name;
    case Operation::Kind::kRunSQL:
      return std::string("RunSQL ") + (op.reverse ? "reverse_sql " : "") + "'" + op.name + "'";
    case Operation::Kind::kCustom: return "operation " + op.name;
    case Operation::Kind::kAlembicData: return "'" + op.name + "'";
  }
  return op.name;
}

struct ChangedSet {
  explicit ChangedSet(const std::vector<std::string>* changed) : all(changed == nullptr) {
    if (changed) paths.insert(changed->begin(), changed->end());
  }
  bool has(const std::string& p) const { return all || paths.count(p) != 0; }
  bool all;
  std::unordered_set<std::string> paths;
};

void audit_django_lost(const FileSource& start, const FileSource& end, const ChangedSet& changed,
                       LostOperations* result) {
  const auto start_list = django_migration_paths(start), end_list = django_migration_paths(end);
  std::map<std::string, MigrationKey> start_ids(start_list.begin(), start_list.end());
  std::map<std::string, MigrationKey> end_ids(end_list.begin(), end_list.end());
  std::map<MigrationKey, std::string> start_paths;
  for (const auto& [path, key] : start_list) start_paths.emplace(key, path);

  // Migrations the range took out of the graph: deleted, or newly replaced
  // by a squash (key -> (old path, what happened)).
  struct Candidate {
    std::string what;   // "deleted migration x" / "migration x, replaced by squashed migration y,"
    std::string cause;  // the path whose change took it out
    std::string app;
  };
  // An app without any migration at the end was removed with its
  // migrations: their work runs nowhere by design.
  std::set<std::string> end_apps;
  for (const auto& [path, key] : end_list) end_apps.insert(key.first);
  std::map<std::string, Candidate> candidates;  // by old path
  for (const auto& [path, key] : start_list) {
    if (changed.has(path) && !end_ids.count(path) && end_apps.count(key.first)) {
      candidates.emplace(path, Candidate{"deleted migration " + dotted(key), path, key.first});
    }
  }
  for (const auto& [path, key] : end_list) {
    if (!changed.has(path)) continue;
    const auto text = end.read(path);
    if (!text || text->find("replaces") == std::string::npos) continue;
    std::set<MigrationKey> before;
    if (start_ids.count(path)) {
      if (const auto old = start.read(path); old && old->find("replaces") != std::string::npos) {
        for (const DjangoRef& r : parse_django_migration(ParsedFile(*old)).replaces) before.insert({r.app, r.name});
      }
    }
    for (const DjangoRef& r : parse_django_migration(ParsedFile(*text)).replaces) {
      const MigrationKey k{r.app, r.name};
      auto p = start_paths.find(k);
      if (p == start_paths.end() || before.count(k)) continue;
      candidates.emplace(p->second,
                         Candidate{"migration " + dotted(k) + ", replaced by squashed migration " + dotted(key) + ",", path, k.first});
    }
  }
  if (candidates.empty()) return;
  for (const auto& [path, candidate] : candidates) result->judged_paths.push_back(path);

  ImportResolver start_resolver(start), end_resolver(end);
  std::vector<std::pair<std::string, std::vector<Piece>>> lost;  // old path -> pieces
  for (const auto& [path, candidate] : candidates) {
    const auto text = start.read(path);
    if (!text || !mentions_work(*text)) continue;
    ParsedFile file(*text);
    std::vector<Piece> pieces = pieces_of(django_operations(file), path, start_resolver);
    if (!pieces.empty()) lost.emplace_back(path, std::move(pieces));
  }
  if (lost.empty()) return;

  // What the live migrations at the end carry (a migration a squash replaces
  // does not run on a new database: the squash runs instead).
  std::vector<std::string> texts(end_list.size());
  for (size_t i = 0; i < end_list.size(); ++i) texts[i] = end.read(end_list[i].first).value_or("");
  std::set<MigrationKey> replaced;
  std::vector<std::vector<Operation>> ops(end_list.size());
  std::vector<std::set<MigrationKey>> replaces(end_list.size());
  parallel_for(end_list.size(), [&](size_t i) {
    const bool squash = texts[i].find("replaces") != std::string::npos;
    if (!squash && !mentions_work(texts[i])) return;
    ParsedFile file(texts[i]);
    if (squash) {
      for (const DjangoRef& r : parse_django_migration(file).replaces) replaces[i].insert({r.app, r.name});
    }
    ops[i] = django_operations(file);
  });
  for (const auto& r : replaces) replaced.insert(r.begin(), r.end());
  std::unordered_set<std::string> carried;
  std::set<std::pair<std::string, std::string>> carried_names;  // (app, RunPython function of the module)
  for (size_t i = 0; i < end_list.size(); ++i) {
    if (replaced.count(end_list[i].second)) continue;
    for (const Piece& p : pieces_of(std::move(ops[i]), end_list[i].first, end_resolver)) {
      carried.insert(p.prints.begin(), p.prints.end());
      if (is_local_function(p.op)) carried_names.emplace(end_list[i].second.first, p.op.name);
    }
  }

  for (const auto& [path, pieces] : lost) {
    const Candidate& candidate = candidates.at(path);
    for (const Piece& p : pieces) {
      // The same function edited on its way to another migration of the app
      // (the migration renamed and its function changed) is carried too.
      const bool kept =
          std::any_of(p.prints.begin(), p.prints.end(), [&](const std::string& f) { return carried.count(f) != 0; }) ||
          (is_local_function(p.op) && carried_names.count({candidate.app, p.op.name}));
      if (kept) continue;
      std::string message = describe(p.op) + " of " + candidate.what + " is in no migration at the end of the range";
      message += p.op.elidable ? " (elidable=True: squashing may drop it)"
                               : "; new databases will not run it: put it in a new migration";
      result->findings.push_back({"dj-lost-operation", p.op.elidable ? Severity::kInfo : Severity::kError, path,
                                  p.op.line, std::move(message), ""});
      result->causes.push_back(candidate.cause);
    }
  }
}

std::vector<std::string> revision_files(const FileSource& files) {
  std::vector<std::string> out;
  for (const AlembicEnv& env : find_alembic_envs(files)) out.insert(out.end(), env.files.begin(), env.files.end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool mentions_data_work(const std::string& text) {
  return text.find("execute") != std::string::npos || text.find("bulk_insert") != std::string::npos ||
         text.find("exec_driver_sql") != std::string::npos;
}

void audit_alembic_lost(const FileSource& start, const FileSource& end, const ChangedSet& changed,
                        LostOperations* result) {
  // Only a range that removes a Python file (or changes an Alembic
  // configuration) can take a revision file out of its tree.
  if (!changed.all) {
    bool any = false;
    for (const std::string& p : changed.paths) {
      // By the path lists: reading the files would read blobs no rule needs.
      const auto& a = start.paths();
      const auto& b = end.paths();
      if ((p.size() > 3 && p.compare(p.size() - 3, 3, ".py") == 0 && std::binary_search(a.begin(), a.end(), p) &&
           !std::binary_search(b.begin(), b.end(), p)) ||
          base_of(p) == "alembic.ini" || base_of(p) == "pyproject.toml") {
        any = true;
        break;
      }
    }
    if (!any) return;
  }
  const std::vector<std::string> before = revision_files(start);
  const std::vector<std::string> after = revision_files(end);
  std::vector<std::pair<std::string, AlembicModule>> gone;
  std::vector<std::pair<std::string, std::vector<Operation>>> lost;
  for (const std::string& path : before) {
    if (std::binary_search(after.begin(), after.end(), path)) continue;
    const auto text = start.read(path);
    if (!text || !mentions_data_work(*text)) continue;
    ParsedFile file(*text);
    std::vector<Operation> ops = alembic_operations(file);
    if (ops.empty()) continue;
    lost.emplace_back(path, std::move(ops));
    gone.emplace_back(path, parse_alembic_revision(file));
  }
  if (lost.empty()) return;
  std::vector<std::vector<Operation>> ops(after.size());
  parallel_for(after.size(), [&](size_t i) {
    const auto text = end.read(after[i]);
    if (!text || !mentions_data_work(*text)) return;
    ops[i] = alembic_operations(ParsedFile(*text));
  });
  std::unordered_set<std::string> carried;
  for (const auto& v : ops) {
    for (const Operation& op : v) carried.insert(op.fingerprint);
  }
  for (size_t i = 0; i < lost.size(); ++i) {
    const auto& [path, pieces] = lost[i];
    const std::string revision = gone[i].second.revision.value_or("?");
    for (const Operation& op : pieces) {
      if (carried.count(op.fingerprint)) continue;
      result->findings.push_back(
          {"al-lost-operation", Severity::kError, path, op.line,
           "upgrade() of removed revision '" + revision + "' ran " + describe(op) +
               ", which no revision at the end of the range runs; databases built from the new history "
               "will not have it: put it in a new revision",
           ""});
      result->causes.push_back(path);
    }
  }
}

}  // namespace

LostOperations audit_lost_operations(const FileSource& start, const FileSource& end,
                                     const std::vector<std::string>* changed) {
  LostOperations result;
  const ChangedSet set(changed);
  if (set.all || std::any_of(set.paths.begin(), set.paths.end(), [](const std::string& p) {
        return p.size() > 3 && p.compare(p.size() - 3, 3, ".py") == 0 && p.find("migrations/") != std::string::npos;
      })) {
    audit_django_lost(start, end, set, &result);
  }
  audit_alembic_lost(start, end, set, &result);
  std::vector<std::pair<Finding, std::string>> both;
  for (size_t i = 0; i < result.findings.size(); ++i) both.emplace_back(std::move(result.findings[i]), result.causes[i]);
  std::stable_sort(both.begin(), both.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first.path, a.first.line, a.first.rule, a.first.message) <
           std::tie(b.first.path, b.first.line, b.first.rule, b.first.message);
  });
  result.findings.clear();
  result.causes.clear();
  for (auto& [f, cause] : both) {
    result.findings.push_back(std::move(f));
    result.causes.push_back(std::move(cause));
  }
  return result;
}

std::vector<Finding> audit_irreversible(const FileSource& start, const FileSource& end,
                                        const std::vector<std::string>* changed) {
  const ChangedSet set(changed);
  std::vector<Finding> out;
  if (!set.all && std::none_of(set.paths.begin(), set.paths.end(), [](const std::string& p) {
        return p.find("migrations/") != std::string::npos;
      })) {
    return out;
  }
  std::set<std::string> before;
  for (const auto& [path, key] : django_migration_paths(start)) before.insert(path);
  for (const auto& [path, key] : django_migration_paths(end)) {
    if (before.count(path) || !set.has(path)) continue;
    const auto text = end.read(path);
    if (!text || (text->find("RunPython") == std::string::npos && text->find("RunSQL") == std::string::npos)) continue;
    for (const IrreversibleOperation& op : django_irreversible(ParsedFile(*text))) {
      const bool python = op.operation == "RunPython";
      out.push_back({"dj-irreversible", Severity::kWarning, path, op.line,
                     op.operation + (op.what.empty() ? "" : " " + (python ? op.what : "'" + op.what + "'")) +
                         " of new migration " + dotted(key) + " has no " + (python ? "reverse_code" : "reverse_sql") +
                         ", so the migration cannot be unapplied; give it one (" +
                         (python ? "migrations.RunPython.noop" : "migrations.RunSQL.noop") +
                         " when there is nothing to undo)",
                     ""});
    }
  }
  sort_findings(out);
  return out;
}

}  // namespace migrate::rewrite::migrations
