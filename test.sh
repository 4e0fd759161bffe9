#!/usr/bin/env bash
# Installs missing Debian packages, then builds and runs every test twice: build/
# (Release, shared with run.sh) and build-asan/ (AddressSanitizer + UndefinedBehaviorSanitizer),
# then builds the libFuzzer harnesses into build-fuzz/ and runs each for a short smoke
# (MAILSCOPE_FUZZ_SECONDS, 20 s by default; fuzz/README.md runs them longer).
# Fails if any of them fails; all always run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$root/.ci/packages.sh"
mailscope_install_packages "${MAILSCOPE_FUZZ_PACKAGES[@]}"

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

# fuzz_smoke: builds fuzz/ with clang (MAILSCOPE_FUZZ) and runs each harness for a bounded
# time from its seed corpus, writing new inputs to a temporary directory (the tree's corpus
# stays as it is) and any crash to build-fuzz/artifacts/. Without clang it says so and
# passes.
fuzz_smoke() {
  local dir="$root/build-fuzz" seconds="${MAILSCOPE_FUZZ_SECONDS:-20}"
  echo "=== $dir"
  if ! command -v clang >/dev/null || ! command -v clang++ >/dev/null; then
    echo "fuzz smoke skipped: clang is not installed (apt-get install clang libclang-rt-14-dev)"
    return 0
  fi
  cmake -S "$root" -B "$dir" -G Ninja "${launcher[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DMAILSCOPE_FUZZ=ON \
    -DMAILSCOPE_BUILD_APP=OFF -DMAILSCOPE_BUILD_TESTS=OFF -DMAILSCOPE_BUILD_BENCH=OFF || return 1
  cmake --build "$dir" || return 1
  mkdir -p "$dir/artifacts"
  local harness dict work status=0
  for harness in imap_server pop3_server imap_client pop3_client mime scenario_toml lesson_toml; do
    case "$harness" in
      imap_*) dict=imap ;;
      pop3_*) dict=pop3 ;;
      mime) dict=mime ;;
      *) dict=toml ;;
    esac
    work="$(mktemp -d)"
    echo "--- fuzz_$harness, ${seconds} s"
    "$dir/fuzz/fuzz_$harness" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -dict="$root/fuzz/dict/$dict.dict" -artifact_prefix="$dir/artifacts/$harness-" \
      "$work" "$root/fuzz/corpus/$harness" 2>"$dir/artifacts/$harness.log" || {
      status=1
      tail -n 40 "$dir/artifacts/$harness.log" >&2
    }
    grep -h -e '^stat::number_of_executed_units' -e 'cov: ' "$dir/artifacts/$harness.log" | tail -n 2 | sed 's/^/  /'
    rm -rf "$work"
  done
  return "$status"
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
fuzz_smoke || failed+=(build-fuzz)

if ((${#failed[@]} > 0)); then
  echo "test.sh: FAILED in: ${failed[*]}" >&2
  exit 1
fi
echo "test.sh: all tests passed in build/ and build-asan/, and the fuzz smoke in build-fuzz/"
