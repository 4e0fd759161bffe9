#!/usr/bin/env bash
# Builds mailscope (Release, in build/) and starts it with the given arguments. Installs
# missing Debian packages first. Without a display it runs `mailscope demo` instead.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$root/.ci/packages.sh"
mailscope_install_packages

cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMAILSCOPE_BUILD_APP=ON
cmake --build "$root/build"

mailscope="$root/build/app/mailscope"
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  case "${1:-}" in
    demo | serve | --help | -h) ;;  # these need no window
    *)
      echo "run.sh: no display (DISPLAY and WAYLAND_DISPLAY are unset), so running 'mailscope demo' in the terminal instead." >&2
      exec "$mailscope" demo
      ;;
  esac
fi
exec "$mailscope" "$@"
