#!/usr/bin/env bash
# Builds the Debian packages helpdesk-reference-host and helpdesk-campaigns with CPack
# (cmake/Packaging.cmake says what goes into each) and prints the paths of the .deb files.
#   dist/package.sh                         release preset: configure, build the two targets, package
#   dist/package.sh --build-dir build/ci --no-build --out DIR --version 0.1.0~test1
#                                           package an existing build (the ctest `package` test does)
# Needs dpkg-dev for dpkg-shlibdeps (dist/deps.sh installs it); CPack writes root-owned archives
# itself, so no fakeroot.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build_dir=build/release
out=""
version=""
build=1
while (($#)); do
  case $1 in
    --build-dir) build_dir=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --version) version=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "package.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ $build_dir == /* ]] || build_dir="$root/$build_dir"
out=${out:-$build_dir/packages}
[[ $out == /* ]] || out="$root/$out"

if ((build)); then
  # The release preset configures build/release; any other build folder must exist already.
  if [[ $build_dir == "$root/build/release" ]]; then
    cmake --preset release >/dev/null
  elif [[ ! -f $build_dir/CMakeCache.txt ]]; then
    echo "package.sh: $build_dir is not a configured build folder" >&2; exit 1
  fi
  cmake --build "$build_dir" -j "$(nproc 2>/dev/null || echo 2)" --target helpdesk-host campaigns
fi
for f in "$build_dir/CPackConfig.cmake" "$build_dir/plugins/campaigns.so"; do
  [[ -e $f ]] || { echo "package.sh: $f is missing; build $build_dir first" >&2; exit 1; }
done

mkdir -p "$out"
rm -f "$out"/helpdesk-reference-host_*.deb "$out"/helpdesk-campaigns_*.deb
args=(--config "$build_dir/CPackConfig.cmake" -G DEB -B "$out")
[[ -z $version ]] || args+=(-R "$version")
log="$out/cpack.log"
if ! cpack "${args[@]}" >"$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi
rm -rf "$out/_CPack_Packages"
ls -1 "$out"/helpdesk-reference-host_*.deb "$out"/helpdesk-campaigns_*.deb
