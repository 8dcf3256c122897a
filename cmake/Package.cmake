# The Debian package, built by CPack: `scripts/package`, or
# `cmake --build build --target package` (writes build/git-migrate_<version>_<arch>.deb).
#
# It holds what `cmake --install` installs, laid out for /usr the way Debian
# lays packages out (cmake/PackageLayout.cmake does the moves in the staging
# directory before the archive is made):
#   /usr/bin/git-migrate-{fresh,replace,check}   stripped; the grammar is linked in
#   /usr/share/man/man1, man7                    compressed with gzip -9n
#   /usr/share/bash-completion/completions       loaded on demand by bash-completion
#   /usr/share/zsh/vendor-completions            on Debian's zsh $fpath (site-functions is not)
#   /usr/share/fish/vendor_completions.d         read by Debian's fish
#   /usr/share/doc/git-migrate/copyright, changelog.gz
# Depends: the shared libraries' packages found by dpkg-shlibdeps, and git.
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "git-migrate")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "git extension commands for moving Django/Python modules in a monorepo")
# CPack writes the summary as the synopsis line; this is the extended text.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "git migrate-fresh builds a fresh migration branch in recorded, resumable
phases (pinned base, configuration, file moves, import rewriting with
tree-sitter-python, validation, commit without the tooling folder).
git migrate-replace adopts it into a long-lived review branch as one merge
commit. git migrate-check audits what a branch would push: stray tooling
and test artifacts, vanished definitions, stale imports, and Django and
Alembic migration graphs; as text, JSON or SARIF, and as a pre-push hook.")
# The team that distributes the package is its maintainer: set
# -DGIT_MIGRATE_PACKAGE_MAINTAINER="Name <address>", or DEBFULLNAME and
# DEBEMAIL as for Debian's own tools. The default's .invalid domain
# (RFC 2606) says that nobody was named.
if(DEFINED ENV{DEBFULLNAME} AND DEFINED ENV{DEBEMAIL})
  set(gm_maintainer "$ENV{DEBFULLNAME} <$ENV{DEBEMAIL}>")
else()
  set(gm_maintainer "git-migrate maintainers <git-migrate@maintainer.invalid>")
endif()
set(GIT_MIGRATE_PACKAGE_MAINTAINER "${gm_maintainer}" CACHE STRING
    "Maintainer field of the Debian package: the team that distributes it")
set(CPACK_PACKAGE_CONTACT "${GIT_MIGRATE_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${GIT_MIGRATE_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION "vcs")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_FILE_NAME "DEB-DEFAULT")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "git")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "pre-commit")

# Files only the package carries; the layout script puts them in place.
set(GIT_MIGRATE_PACKAGE_DOC "${CMAKE_BINARY_DIR}/package-doc")
# copyright: the project's notice, then the licence of the grammar linked into
# the executables, as the grammar's tarball ships it.
file(READ "${CMAKE_SOURCE_DIR}/cmake/copyright.in" gm_copyright)
file(READ "${TSPY_DIR}/package/LICENSE" gm_tspy_license)
file(WRITE "${GIT_MIGRATE_PACKAGE_DOC}/copyright" "${gm_copyright}${gm_tspy_license}")
string(TIMESTAMP gm_changelog_date "%a, %d %b %Y %H:%M:%S +0000" UTC)
file(WRITE "${GIT_MIGRATE_PACKAGE_DOC}/changelog"
     "git-migrate (${PROJECT_VERSION}) unstable; urgency=medium\n\n"
     "  * Package built with CPack from the git-migrate source tree.\n\n"
     " -- ${GIT_MIGRATE_PACKAGE_MAINTAINER}  ${gm_changelog_date}\n")
set(CPACK_PRE_BUILD_SCRIPTS "${CMAKE_SOURCE_DIR}/cmake/PackageLayout.cmake")
set(CPACK_GIT_MIGRATE_DOC_DIR "${GIT_MIGRATE_PACKAGE_DOC}")

include(CPack)
