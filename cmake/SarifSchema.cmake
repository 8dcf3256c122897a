# The SARIF 2.1.0 JSON schema for the test suite (tests/sarif), fetched at
# configure time from the npm package @microsoft/jest-sarif (Microsoft's SARIF
# JavaScript SDK), which ships the SARIF 2.1.0 schema as Microsoft published
# it, sarif-2.1.0-rtm.5.json (JSON Schema draft-04). No npm or Debian package
# ships OASIS's own copy (sarif-schema-2.1.0.json). Both the tarball and the
# schema file are checked against their sha256. Nothing of it is committed.
set(SARIF_SCHEMA_PACKAGE "@microsoft/jest-sarif@1.0.0-beta.0")
set(SARIF_SCHEMA_TARBALL_SHA256 "748e2c3d1a842e7bb258416685c7ea3a0da40005b72267b2052c2856d48ad102")
set(SARIF_SCHEMA_SHA256 "2d99159ae54a3eea97f81781cff48780548657c35949f4b7f25e99a2ba4de4f8")
set(SARIF_SCHEMA_DIR "${CMAKE_BINARY_DIR}/_deps/sarif-schema")
set(SARIF_SCHEMA "${SARIF_SCHEMA_DIR}/package/lib/schemas/sarif-2.1.0-rtm.5.json")
set(SARIF_SCHEMA_TARBALL_INPUT "" CACHE FILEPATH "Pre-fetched microsoft-jest-sarif-1.0.0-beta.0.tgz")

include("${CMAKE_CURRENT_LIST_DIR}/NpmPack.cmake")
if(NOT EXISTS "${SARIF_SCHEMA}")
  gm_npm_pack("${SARIF_SCHEMA_PACKAGE}" "microsoft-jest-sarif-1.0.0-beta.0.tgz" "${SARIF_SCHEMA_TARBALL_SHA256}"
              "${SARIF_SCHEMA_DIR}" SARIF_SCHEMA_TARBALL_INPUT)
  file(ARCHIVE_EXTRACT INPUT "${SARIF_SCHEMA_DIR}/microsoft-jest-sarif-1.0.0-beta.0.tgz"
       DESTINATION "${SARIF_SCHEMA_DIR}" PATTERNS package/lib/schemas/sarif-2.1.0-rtm.5.json package/package.json)
endif()
file(SHA256 "${SARIF_SCHEMA}" sarif_schema_actual)
if(NOT sarif_schema_actual STREQUAL SARIF_SCHEMA_SHA256)
  file(REMOVE "${SARIF_SCHEMA}")
  message(FATAL_ERROR "SARIF schema checksum mismatch (${SARIF_SCHEMA}):\n"
                      "  expected ${SARIF_SCHEMA_SHA256}\n  got      ${sarif_schema_actual}")
endif()
