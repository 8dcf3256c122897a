// The work in a Django migration module's operations (django_operations and
// django_irreversible of operations.h): RunPython functions, RunSQL
// statements and operations makemigrations does not write, each with its
// fingerprint; and the RunPython and RunSQL that cannot be unapplied.
#include <string>
#include <unordered_set>

#include "rewrite/migrations/operations.h"
#include "rewrite/migrations/operations_internal.h"
#include "rewrite/migrations/pyliteral.h"

namespace migrate::rewrite::migrations {
namespace {

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
                         text.empty() && !ts_node_is_null(sql) ? first_line(file_.text(sql)) : sql_summary(text)});
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
      op.name = sql_summary(text);
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

}  // namespace

std::vector<Operation> django_operations(const ParsedFile& file) { return DjangoReader(file).operations(); }

std::vector<IrreversibleOperation> django_irreversible(const ParsedFile& file) {
  return DjangoReader(file).irreversible();
}

}  // namespace migrate::rewrite::migrations
