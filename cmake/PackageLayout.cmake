# Runs in CPack after `cmake --install` has filled the staging directory and
# before the .deb is made (CPACK_PRE_BUILD_SCRIPTS, see cmake/Package.cmake):
# moves and adds what Debian's layout wants and a plain install does not.
set(root "${CPACK_TEMPORARY_INSTALL_DIRECTORY}${CPACK_PACKAGING_INSTALL_PREFIX}")
if(NOT IS_DIRECTORY "${root}/bin")
  message(FATAL_ERROR "PackageLayout: no staged bin/ under ${root}")
endif()

# Man pages compressed as dh_compress does (gzip -9n: no name, no timestamp).
find_program(GZIP gzip REQUIRED)
file(GLOB pages "${root}/share/man/man*/*.[0-9]")
foreach(page ${pages})
  execute_process(COMMAND "${GZIP}" -9nf "${page}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "PackageLayout: gzip ${page} failed")
  endif()
endforeach()

# Debian's zsh reads /usr/share/zsh/vendor-completions, not site-functions.
if(IS_DIRECTORY "${root}/share/zsh/site-functions")
  file(RENAME "${root}/share/zsh/site-functions" "${root}/share/zsh/vendor-completions")
endif()

set(doc "${root}/share/doc/${CPACK_PACKAGE_NAME}")
file(MAKE_DIRECTORY "${doc}")
file(COPY_FILE "${CPACK_GIT_MIGRATE_DOC_DIR}/copyright" "${doc}/copyright")
file(COPY_FILE "${CPACK_GIT_MIGRATE_DOC_DIR}/changelog" "${doc}/changelog")
execute_process(COMMAND "${GZIP}" -9nf "${doc}/changelog" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "PackageLayout: gzip ${doc}/changelog failed")
endif()
