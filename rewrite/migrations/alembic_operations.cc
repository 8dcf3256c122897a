// The data work of an Alembic revision (alembic_operations of operations.h):
// op.execute, op.bulk_insert and execute calls on a connection in upgrade()
// and in the module's functions it calls, each with its fingerprint.
#include <algorithm>
#include <optional>
#include <set>
#include <string>

#include "rewrite/migrations/operations.h"
#include "rewrite/migrations/operations_internal.h"
#include "rewrite/migrations/pyliteral.h"

namespace migrate::rewrite::migrations {
namespace {

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
    // A read changes nothing: what a revision does with its rows is done by
    // the calls that write them, which are pieces of their own.
    if (is_read(sql) || (!a.positional.empty() && is_select_call(a.positional.front()))) return std::nullopt;
    if (!sql.empty() && !normalise_sql(sql).empty()) {
      op.name = sql_summary(sql);
      op.fingerprint = "sql" + std::string(1, kSep) + normalise_sql(sql);
    } else {
      op.name = call_label(file_, call);
      // The receiver's name (op, conn, connection, bind) is not the work.
      op.fingerprint = std::string(method) + kSep + fingerprint_of(file_, field(call, "arguments"));
    }
    return op;
  }

  // SQL text that starts with SELECT.
  static bool is_read(const std::string& sql) {
    const std::string n = normalise_sql(sql);
    return n == "select" || n.rfind("select ", 0) == 0;
  }

  // `x.select(...)`, `select(...)`, `sa.select(...)`: SQLAlchemy's read.
  bool is_select_call(TSNode arg) const {
    if (!is_type(arg, "call")) return false;
    const TSNode fn = field(arg, "function");
    const std::string_view name = is_type(fn, "attribute") ? file_.text(field(fn, "attribute")) : file_.text(fn);
    return name == "select";
  }

  const ParsedFile& file_;
  ModuleNames names_;
};

}  // namespace

std::vector<Operation> alembic_operations(const ParsedFile& file) {
  return AlembicReader(file).operations();
}

}  // namespace migrate::rewrite::migrations
