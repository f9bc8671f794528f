#!/usr/bin/env bash
# Configures costscope with CUDA against Debian's unpatched FindCUDAToolkit module, as a stock
# Debian 12 has it, so the CUDA::nvToolsExt workaround in CMakeLists.txt stays checked on machines
# whose copy of the module carries a fix. A control project without the workaround must fail
# against the same module, or the check would prove nothing.
# Usage: stock_findcudatoolkit.sh SOURCE_DIR CMAKE GENERATOR CUDA_ROOT
# Exit 0 passed, 1 failed, 77 skipped (the reason is printed).
set -euo pipefail
src=$1 cmake=$2 generator=$3 cuda_root=$4

skip() { echo "SKIPPED: $*"; exit 77; }
fail() { echo "FAILED: $*" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The module this CMake uses, and what Debian's package says its bytes are.
echo 'message("${CMAKE_ROOT}")' >"$work/root.cmake"
cmake_root=$("$cmake" -P "$work/root.cmake" 2>&1)
module="$cmake_root/Modules/FindCUDAToolkit.cmake"
owner=$(dpkg-query -S "$module" 2>/dev/null | cut -d: -f1) ||
    skip "$module does not come from a Debian package, so there is no stock copy to compare with"
version=$(dpkg-query -W -f '${Version}' "$owner")
stock_md5=$(awk -v p="${module#/}" '$2 == p { print $1 }' "/var/lib/dpkg/info/$owner.md5sums")
[ -n "$stock_md5" ] || skip "dpkg lists no checksum for $module"

if [ "$(md5sum <"$module" | cut -d' ' -f1)" = "$stock_md5" ]; then
    modules="$cmake_root/Modules"
    echo "this machine's $module is Debian's $owner $version as shipped"
else
    echo "this machine's $module differs from Debian's $owner $version: fetching the stock one"
    (cd "$work" && timeout 120 apt-get download "$owner=$version") >"$work/download.log" 2>&1 ||
        skip "could not download $owner=$version from the configured Debian mirror: $(tail -n 1 "$work/download.log")"
    dpkg-deb -x "$work/${owner}_"*.deb "$work/stock"
    modules="$work/stock$cmake_root/Modules"
    [ "$(md5sum <"$modules/FindCUDAToolkit.cmake" | cut -d' ' -f1)" = "$stock_md5" ] ||
        fail "the downloaded FindCUDAToolkit.cmake does not match dpkg's checksum $stock_md5"
fi

common=(-G "$generator" -DCMAKE_MODULE_PATH="$modules" -DCUDAToolkit_ROOT="$cuda_root")

# Control: the stock module fails a project that requires CMake 3.25 whenever the toolkit has no
# libnvToolsExt (CUDA 13). Where the library exists (CUDA 12) the bug cannot show.
mkdir -p "$work/control"
cat >"$work/control/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(control LANGUAGES CXX)
find_package(CUDAToolkit REQUIRED)
CMAKE
if "$cmake" -S "$work/control" -B "$work/control-build" "${common[@]}" >"$work/control.log" 2>&1; then
    if ls "$cuda_root"/lib64/libnvToolsExt* >/dev/null 2>&1; then
        echo "control configured: this toolkit ships libnvToolsExt, so the stock module's bug cannot show"
    else
        fail "the control project configured against the stock module with no libnvToolsExt in" \
            "$cuda_root: this check no longer reproduces the bug (see $work/control.log)"
    fi
else
    grep -q 'CUDA::nvToolsExt' "$work/control.log" ||
        { cat "$work/control.log"; fail "the control project failed for another reason"; }
    echo "control failed as expected: $(grep -m1 -A1 'set_property' "$work/control.log" | tr -s ' \n' ' ')"
fi

# The real project, with the workaround, must configure against the same module.
if ! "$cmake" -S "$src" -B "$work/build" "${common[@]}" -DCOSTSCOPE_WITH_CUDA=ON \
    -DCOSTSCOPE_BUILD_GUI=OFF -DBUILD_TESTING=OFF >"$work/configure.log" 2>&1; then
    cat "$work/configure.log"
    fail "costscope does not configure with CUDA against Debian's stock FindCUDAToolkit"
fi
grep -q '^COSTSCOPE_WITH_CUDA:BOOL=ON' "$work/build/CMakeCache.txt" ||
    fail "configured, but without CUDA"
echo "costscope configured with CUDA against $modules/FindCUDAToolkit.cmake"
