#include "rewrite/pyparse.h"

#include <gtest/gtest.h>

namespace migrate::rewrite {
namespace {

// The pinned grammar (tree-sitter-python 0.23.6) is ABI 14. A different
// grammar version fails here rather than in a user's repository.
TEST(PyParse, GrammarIsThePinnedAbi) { EXPECT_EQ(grammar_abi_version(), 14u); }

TEST(PyParse, ParsesAFileIntoTheExpectedTree) {
  ParsedFile f("from a.b import (c as d,\n    e)\nimport x.y\n\ndef f():\n    return 1\n");
  ASSERT_FALSE(f.has_error());
  char* sexp = ts_node_string(f.root());
  EXPECT_EQ(std::string(sexp),
            "(module "
            "(import_from_statement module_name: (dotted_name (identifier) (identifier)) "
            "name: (aliased_import name: (dotted_name (identifier)) alias: (identifier)) "
            "name: (dotted_name (identifier))) "
            "(import_statement name: (dotted_name (identifier) (identifier))) "
            "(function_definition name: (identifier) parameters: (parameters) "
            "body: (block (return_statement (integer)))))");
  free(sexp);
}

TEST(PyParse, ReportsTheLineOfASyntaxError) {
  ParsedFile f("x = 1\ny = (\ndef g(:\n");
  EXPECT_TRUE(f.has_error());
  EXPECT_GE(f.first_error_line(), 2u);
}

TEST(PyParse, TextOfANode) {
  ParsedFile f("import os\n");
  TSNode stmt = ts_node_named_child(f.root(), 0);
  EXPECT_EQ(f.text(stmt), "import os");
  EXPECT_EQ(f.text(field(stmt, "name")), "os");
  EXPECT_EQ(line_of(stmt), 1u);
}

}  // namespace
}  // namespace migrate::rewrite
