#!/usr/bin/env bash
# Installs the Debian packages the project needs to build, run and test (Debian 12 "bookworm").
# Shared by .ci/run and dist/quickstart.sh so the two never disagree. Needs root (or sudo).
set -euo pipefail
packages=(
  build-essential cmake pkg-config git ca-certificates
  libpoco-dev libssl-dev libmariadb-dev libxlsxwriter-dev libcppunit-dev libphonenumber-dev
  libsqlite3-dev sqlite3 libicu-dev
  mariadb-server mariadb-client
  chromium
  unzip curl procps
  # dist/package.sh: CPack runs dpkg-shlibdeps to compute the .deb files' Depends, and `file`
  # to find the ELF files it must ask about
  dpkg-dev file
  # dist/lint.sh: the format check and clang-tidy CI runs
  clang-format clang-tidy
  # dist/fuzz.sh: the libFuzzer targets of tests/fuzz (preset fuzz) build with clang++-14 and link
  # libFuzzer, ASan and UBSan from its runtime; the default build never needs them
  clang-14 libclang-rt-14-dev
)
# Node.js may already come from another repository (with its own npm); only add Debian's if absent.
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)
# `deps.sh --list` prints the package names (CI installs them itself).
if [[ ${1:-} == --list ]]; then printf '%s\n' "${packages[@]}"; exit 0; fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo_cmd=(); [[ $(id -u) == 0 ]] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update
  "${sudo_cmd[@]}" apt-get install -y "${missing[@]}"
fi
