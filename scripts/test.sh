#!/usr/bin/env bash
# Installs what is missing, builds costscope with its tests and runs every test through CTest.
# Environment: BUILD_DIR (default build-test), COSTSCOPE_WITH_CUDA=ON|OFF (default: as found).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

costscope_install "${COSTSCOPE_PACKAGES[@]}" "${COSTSCOPE_TEST_PACKAGES[@]}"

build_dir="${BUILD_DIR:-build-test}"
echo "==> configuring $build_dir ($(costscope_cuda_args))"
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=ON \
    "$(costscope_cuda_args)"
echo "==> building"
cmake --build "$build_dir" -j "$(nproc)"
echo "==> testing"
ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)" --timeout 900
