// The hand-written work of migrations, read statically, and the audits that
// guard it: dj-lost-operation, al-lost-operation and dj-irreversible.
//
// makemigrations and Alembic's autogenerate regenerate schema operations;
// they never regenerate a RunPython function, a RunSQL statement, a custom
// operation or the data work of an Alembic upgrade(). A squash or reset that
// deletes migrations and regenerates them loses that work unless someone
// carries it into a new migration by hand. These audits say what was not
// carried.
//
// Each piece of work has a fingerprint: the token stream of a function's
// parameters and body (its name, docstring, comments and layout left out;
// strings by value), or the SQL text as tokens (comments and layout left
// out, unquoted words in lower case, a trailing ';' dropped). A piece is
// carried when a migration at the end of the range has a piece with the
// same fingerprint, whatever its file, migration name or function name.
// A RunPython function imported from another module is fingerprinted by that
// module's function when the tree has it (any file whose path ends with the
// module's path), else by its dotted name.
#pragma once

#include <string>
#include <vector>

#include "rewrite/finding.h"
#include "rewrite/pyparse.h"

namespace migrate::rewrite::migrations {

struct Operation {
  enum class Kind {
    kRunPython,    // a RunPython function (forward or reverse)
    kRunSQL,       // RunSQL's sql or reverse_sql
    kCustom,       // any operation makemigrations does not write (CreateExtension, a project's own class, ...)
    kAlembicData,  // op.execute, op.bulk_insert, <connection>.execute, ... in upgrade()
  };
  Kind kind = Kind::kRunPython;
  bool reverse = false;    // RunPython reverse_code, RunSQL reverse_sql
  bool elidable = false;   // elidable=True on the operation
  std::string name;        // function name, first line of the SQL, or the operation's call (first line)
  unsigned line = 0;       // the function's def, the SQL string, the call
  std::string fingerprint; // see the file comment
  // RunPython of an imported function: `from <module> import <name>` (or a
  // module attribute), to be fingerprinted by that function's body.
  std::string import_module, import_name;
};

// The pieces of work in the operations of a Django migration module's
// Migration class, in order; operations nested in SeparateDatabaseAndState
// included. RunPython.noop and RunSQL.noop are no work.
std::vector<Operation> django_operations(const ParsedFile& file);

// RunPython without reverse_code and RunSQL without reverse_sql (or None),
// in order: (line of the call, "RunPython" or "RunSQL").
struct IrreversibleOperation {
  unsigned line = 0;
  std::string operation;
  std::string what;  // the function or first line of the SQL
};
std::vector<IrreversibleOperation> django_irreversible(const ParsedFile& file);

// The data work of an Alembic revision's upgrade() and of the module's
// functions it calls: op.execute, op.bulk_insert, op.inline_literal,
// and execute/exec_driver_sql calls on a connection or session
// (op.get_bind().execute, conn.execute, ...).
std::vector<Operation> alembic_operations(const ParsedFile& file);

// The SQL text as tokens (see the file comment), joined by single spaces.
std::string normalise_sql(std::string_view sql);

struct LostOperations {
  std::vector<Finding> findings;  // dj-lost-operation and al-lost-operation, sorted
  // For each finding, the path whose change took the migration out: its own
  // old path when deleted, the squashed migration's path when replaced.
  std::vector<std::string> causes;
  // Django migration modules the range deleted or replaced by a squash
  // (apps that still have migrations), and Alembic revision files it
  // deleted: what their loss means is judged here (and by
  // dj-edited-applied), so vanished-definition leaves their definitions out.
  std::vector<std::string> judged_paths;
};

// Django migrations present at `start` and deleted at `end`, or replaced
// there by a squashed migration that did not replace them at `start`, and
// Alembic revision files present at `start` that are no revision file at
// `end`: every piece of their work that no (live) migration or revision at
// `end` carries. Findings have no commit (the caller knows the history).
//
// `changed` lists the paths the range changed (either side: deleted, added,
// modified, both ends of a rename); a file not listed is taken as unchanged,
// which keeps the audit to the files the range touched. Null compares every
// migration file of both trees (the worktree, where no diff is at hand).
LostOperations audit_lost_operations(const FileSource& start, const FileSource& end,
                                     const std::vector<std::string>* changed);

// dj-irreversible on Django migration modules at `end` that are no
// migration module at `start` (of those, only the `changed` ones when given).
std::vector<Finding> audit_irreversible(const FileSource& start, const FileSource& end,
                                        const std::vector<std::string>* changed);

}  // namespace migrate::rewrite::migrations
