# gm_npm_pack(<spec> <tarball name> <sha256> <dir> <input var>): makes sure
# <dir>/<tarball name> is the tarball `npm pack <spec>` gives, with the
# expected sha256. The tarball named by the cache variable <input var> (an
# offline copy) is used instead of npm when set. Fails the configure step
# with npm's own reason and what to do next when the fetch fails.
function(gm_npm_pack spec tarball_name sha256 dir input_var)
  set(tarball "${dir}/${tarball_name}")
  file(MAKE_DIRECTORY "${dir}")
  if(${input_var})
    file(COPY_FILE "${${input_var}}" "${tarball}")
  elseif(NOT EXISTS "${tarball}")
    find_program(NPM_EXECUTABLE npm)
    if(NOT NPM_EXECUTABLE)
      message(FATAL_ERROR "npm is needed to fetch ${spec} (apt-get install npm), "
                          "or pass -D${input_var}=<path to ${tarball_name}>")
    endif()
    message(STATUS "Fetching ${spec} with npm pack")
    # --loglevel=error, not --silent: when the fetch fails, npm's own reason
    # (network, proxy, TLS certificate, registry) is part of the message.
    execute_process(
      COMMAND "${NPM_EXECUTABLE}" pack "${spec}" --loglevel=error
      WORKING_DIRECTORY "${dir}"
      RESULT_VARIABLE npm_rc OUTPUT_VARIABLE npm_out ERROR_VARIABLE npm_err)
    if(NOT npm_rc EQUAL 0 OR NOT EXISTS "${tarball}")
      string(STRIP "${npm_err}\n${npm_out}" npm_reason)
      message(FATAL_ERROR "npm pack ${spec} failed (exit ${npm_rc}) in ${dir}:\n"
                          "${npm_reason}\n"
                          "Fix what npm reports (npm config get registry / proxy / cafile), or fetch "
                          "${tarball_name} elsewhere and configure with "
                          "-D${input_var}=<path to the .tgz> (its sha256 is checked).")
    endif()
  endif()
  file(SHA256 "${tarball}" actual)
  if(NOT actual STREQUAL sha256)
    file(REMOVE "${tarball}")
    message(FATAL_ERROR "${spec}: tarball checksum mismatch:\n"
                        "  expected ${sha256}\n  got      ${actual}")
  endif()
endfunction()
