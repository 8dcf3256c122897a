# Fetches the pinned tree-sitter-python grammar from the npm registry with
# `npm pack` (cmake/NpmPack.cmake), verifies the tarball's sha256, unpacks it
# under the build directory and compiles its generated parser into a static
# library.
# Nothing of the grammar is committed to the repository.
set(TSPY_VERSION "0.23.6")
set(TSPY_SHA256 "aab5b860d93dbf84b37fed532f7dacc0468ede5387d0c74911d68f964287662a")
set(TSPY_DIR "${CMAKE_BINARY_DIR}/_deps/tree-sitter-python-${TSPY_VERSION}")
set(TSPY_TARBALL "${TSPY_DIR}/tree-sitter-python-${TSPY_VERSION}.tgz")
# A tarball fetched beforehand (scripts/test, or an offline mirror) may be named here.
set(TSPY_TARBALL_INPUT "" CACHE FILEPATH "Pre-fetched tree-sitter-python-${TSPY_VERSION}.tgz")

include("${CMAKE_CURRENT_LIST_DIR}/NpmPack.cmake")
if(NOT EXISTS "${TSPY_DIR}/package/src/parser.c")
  gm_npm_pack("tree-sitter-python@${TSPY_VERSION}" "tree-sitter-python-${TSPY_VERSION}.tgz" "${TSPY_SHA256}"
              "${TSPY_DIR}" TSPY_TARBALL_INPUT)
  file(ARCHIVE_EXTRACT INPUT "${TSPY_TARBALL}" DESTINATION "${TSPY_DIR}"
       PATTERNS package/src/parser.c package/src/scanner.c package/src/tree_sitter
                package/LICENSE)
endif()

add_library(tree_sitter_python STATIC
  "${TSPY_DIR}/package/src/parser.c"
  "${TSPY_DIR}/package/src/scanner.c")
target_include_directories(tree_sitter_python PRIVATE "${TSPY_DIR}/package/src")
set_target_properties(tree_sitter_python PROPERTIES
  C_STANDARD 11 POSITION_INDEPENDENT_CODE ON)
target_compile_options(tree_sitter_python PRIVATE -O2 -w)
