#!/usr/bin/env bash
# Installs what is missing, builds costscope (Release), records the quick suite and prints its
# summary. Extra arguments go to costscope-record, e.g. scripts/run.sh --suite standard.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

costscope_install "${COSTSCOPE_PACKAGES[@]}"

build_dir="${BUILD_DIR:-build}"
echo "==> configuring $build_dir ($(costscope_cuda_args))"
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
    "$(costscope_cuda_args)"
echo "==> building"
cmake --build "$build_dir" -j "$(nproc)" --target costscope-record

mkdir -p recordings
out="recordings/quick-$(date +%Y%m%d-%H%M%S).sqlite"
echo "==> recording the quick suite into $out"
status=0
"$build_dir/profiler/costscope-record" --suite quick --out "$out" "$@" || status=$?
echo "==> recording: $out (query it: sqlite3 $out 'SELECT * FROM variant_summary')"
exit "$status"
