#!/usr/bin/env bash
# Installs missing Debian packages, then builds and runs every test twice: build/
# (Release, shared with run.sh) and build-asan/ (AddressSanitizer + UndefinedBehaviorSanitizer).
# Fails if either run fails; both always run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$root/.ci/packages.sh"
mailscope_install_packages

# build_and_test DIR CMAKE_ARGS...: configure, build and ctest one build directory.
# (Called from an `||` list, where set -e is off, so every step checks itself.)
build_and_test() {
  local dir="$root/$1"
  shift
  echo "=== $dir"
  cmake -S "$root" -B "$dir" -G Ninja "${launcher[@]}" "$@" || return 1
  cmake --build "$dir" || return 1
  (cd "$dir" && ctest --output-on-failure) || return 1
  # tests.registration (tests/check_registration.cmake) failed the run above if a doctest
  # case is not exactly one ctest test; show its counts.
  grep -h -e 'doctest cases, ' -e 'doctest cases are' "$dir/Testing/Temporary/LastTest.log" |
    sed 's/^-- /  /' || { echo "tests.registration did not run" >&2; return 1; }
}

# ccache (a Debian package) makes a rebuild after a small change quick; paths are taken
# relative to the checkout, so another clone on the same machine shares the cache.
launcher=()
if command -v ccache >/dev/null; then
  export CCACHE_BASEDIR="$root"
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi

failed=()
build_and_test build -DCMAKE_BUILD_TYPE=Release -DMAILSCOPE_BUILD_APP=ON || failed+=(build)
build_and_test build-asan -DCMAKE_BUILD_TYPE=Debug -DMAILSCOPE_SANITIZE=ON -DMAILSCOPE_BUILD_APP=ON ||
  failed+=(build-asan)

if ((${#failed[@]} > 0)); then
  echo "test.sh: FAILED in: ${failed[*]}" >&2
  exit 1
fi
echo "test.sh: all tests passed in build/ and build-asan/"
