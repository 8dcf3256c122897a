# Fetches the pinned tree-sitter-python grammar from the npm registry with
# `npm pack`, verifies the tarball's sha256, unpacks it under the build
# directory and compiles its generated parser into a static library.
# Nothing of the grammar is committed to the repository.
set(TSPY_VERSION "0.23.6")
set(TSPY_SHA256 "aab5b860d93dbf84b37fed532f7dacc0468ede5387d0c74911d68f964287662a")
set(TSPY_DIR "${CMAKE_BINARY_DIR}/_deps/tree-sitter-python-${TSPY_VERSION}")
set(TSPY_TARBALL "${TSPY_DIR}/tree-sitter-python-${TSPY_VERSION}.tgz")
# A tarball fetched beforehand (scripts/test, or an offline mirror) may be named here.
set(TSPY_TARBALL_INPUT "" CACHE FILEPATH "Pre-fetched tree-sitter-python-${TSPY_VERSION}.tgz")

if(NOT EXISTS "${TSPY_DIR}/package/src/parser.c")
  file(MAKE_DIRECTORY "${TSPY_DIR}")
  if(TSPY_TARBALL_INPUT)
    file(COPY_FILE "${TSPY_TARBALL_INPUT}" "${TSPY_TARBALL}")
  elseif(NOT EXISTS "${TSPY_TARBALL}")
    find_program(NPM_EXECUTABLE npm)
    if(NOT NPM_EXECUTABLE)
      message(FATAL_ERROR "npm is needed to fetch tree-sitter-python@${TSPY_VERSION} "
                          "(apt-get install npm), or pass -DTSPY_TARBALL_INPUT=<tarball>")
    endif()
    message(STATUS "Fetching tree-sitter-python@${TSPY_VERSION} with npm pack")
    # --loglevel=error, not --silent: when the fetch fails, npm's own reason
    # (network, proxy, TLS certificate, registry) is part of the message.
    execute_process(
      COMMAND "${NPM_EXECUTABLE}" pack "tree-sitter-python@${TSPY_VERSION}" --loglevel=error
      WORKING_DIRECTORY "${TSPY_DIR}"
      RESULT_VARIABLE npm_rc OUTPUT_VARIABLE npm_out ERROR_VARIABLE npm_err)
    if(NOT npm_rc EQUAL 0 OR NOT EXISTS "${TSPY_TARBALL}")
      string(STRIP "${npm_err}\n${npm_out}" npm_reason)
      message(FATAL_ERROR "npm pack tree-sitter-python@${TSPY_VERSION} failed (exit ${npm_rc}) in ${TSPY_DIR}:\n"
                          "${npm_reason}\n"
                          "Fix what npm reports (npm config get registry / proxy / cafile), or fetch "
                          "tree-sitter-python-${TSPY_VERSION}.tgz elsewhere and configure with "
                          "-DTSPY_TARBALL_INPUT=<path to the .tgz> (its sha256 is checked).")
    endif()
  endif()
  file(SHA256 "${TSPY_TARBALL}" tspy_actual)
  if(NOT tspy_actual STREQUAL TSPY_SHA256)
    file(REMOVE "${TSPY_TARBALL}")
    message(FATAL_ERROR "tree-sitter-python tarball checksum mismatch:\n"
                        "  expected ${TSPY_SHA256}\n  got      ${tspy_actual}")
  endif()
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
