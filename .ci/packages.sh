# The Debian packages mailscope needs, and the one function that installs whichever are
# missing. Sourced by run.sh and test.sh (not run on its own).

MAILSCOPE_PACKAGES=(
  # build
  cmake ninja-build g++ pkg-config ccache
  libimgui-dev libstb-dev libglfw3-dev python3-glad
  doctest-dev libssl-dev libasio-dev libtomlplusplus-dev libgmime-3.0-dev libcli11-dev
  # the real window without a display (xauth: xvfb-run needs it), and the UI font
  xvfb xauth libgl1-mesa-dri fonts-dejavu-core
  # real clients for the interop tests
  curl fetchmail isync mutt python3
)
# test.sh only: clang and libFuzzer for the fuzz/ smoke run (libclang-rt-14-dev is only
# recommended by clang, and recommendations are not installed).
MAILSCOPE_FUZZ_PACKAGES=(clang libclang-rt-14-dev)

# Installs the packages of MAILSCOPE_PACKAGES, and any given as arguments, that dpkg does
# not list as installed.
# Runs apt-get update only when something is missing; uses sudo only when not root.
mailscope_install_packages() {
  if ! command -v dpkg-query >/dev/null; then
    echo "packages.sh: no dpkg-query (not Debian?); install these yourself: ${MAILSCOPE_PACKAGES[*]}" >&2
    return 0
  fi
  local missing=() package
  for package in "${MAILSCOPE_PACKAGES[@]}" "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q '^install ok installed$'; then
      missing+=("$package")
    fi
  done
  if ((${#missing[@]} == 0)); then
    return 0
  fi
  echo "Installing missing Debian packages: ${missing[*]}"
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    sudo=(sudo)
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}
