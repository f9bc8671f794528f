#!/usr/bin/env bash
# Every check of the GPU path, on a GPU server, from an unpacked `bundle-recorder.sh
# --with-checks` bundle: the GPU tests, the collector's launch overhead, its overhead on the
# cuBLAS GEMMs (on vs off, interleaved), and the standard suite. Logs and the recording go to
# OUT (default ./gpu-check); a short table comes last.
#   tar xzf costscope-recorder.tar.gz && costscope-recorder/gpu-check.sh
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${OUT:-$PWD/gpu-check}"
mkdir -p "$out"
export COSTSCOPE_RECORD_EXE="$here/costscope-record" PATH="$here:$PATH" LD_LIBRARY_PATH="$here/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
status=0

step() {
    local name="$1"
    shift
    echo "==> $name: $*"
    if "$@" >"$out/$name.log" 2>&1; then
        echo "    ok"
    else
        echo "    FAILED ($?): see $out/$name.log"
        tail -20 "$out/$name.log"
        status=1
    fi
}

nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,memory.total --format=csv \
    >"$out/device.txt" 2>&1
step gpu-tests "$here/test_kernels_gpu"
step cupti-tests "$here/test_cupti"
step recorder-gpu-tests "$here/test_recorder_gpu"
step launch-overhead "$here/cupti_launch_overhead"
step collector-overhead "$here/cupti_overhead.sh" "$here/costscope-record" "${ROUNDS:-5}"
step standard "$here/costscope-record" --suite standard --devices gpu --out "$out/standard.sqlite"

echo
cat "$out/device.txt"
grep -hE '^\[  (PASSED|FAILED|SKIPPED) ' "$out"/*tests.log
tail -5 "$out/launch-overhead.log"
tail -30 "$out/collector-overhead.log"
"$here/sqlite3" -header -column "$out/standard.sqlite" "
    SELECT id AS run, cupti_enabled, cupti_dropped_records AS dropped, cupti_note FROM runs;
    SELECT name, status, printf('%.3f', median_ms) AS e2e_ms,
           printf('%.3f', device_median_ms) AS device_ms, printf('%.0f', gflops) AS gflops,
           printf('%.0f', device_gflops) AS device_gflops,
           printf('%.1e', kernel_error) AS kernel_err, printf('%.1e', approx_error) AS approx_err
      FROM variant_summary WHERE device = 'gpu' ORDER BY name;" 2>&1 | tee "$out/summary.txt"
exit $status
