#!/usr/bin/env bash
# Every check of the GPU path, sized to finish in under 8 minutes on an H200 (a lent GPU machine
# gives a session 15 minutes in all, and one command 10). Runs from an unpacked
# `scripts/bundle-recorder.sh --with-checks` bundle (the programs beside this script), or from a
# checkout whose CUDA build is in $BUILD_DIR (default build).
#
#   gpu-check.sh [--phase correctness|figures|all] [--dry-run]
#
#   correctness  the GPU tests (the `gpu` CTest label's programs and the collector's unit tests),
#                the quick suite's GPU variants plus FP8 recorded; 2:4 and FP8 must run, no
#                CUPTI record may be dropped, every GPU variant must have its device figures and
#                its energy from NVML
#   figures      the collector's cost per kernel launch, its overhead on end-to-end times
#                (GEMMs of 1024^3 and more, and two mlp variants; on and off, interleaved), the
#                standard suite's GPU variants without the slow teaching kernels at 8192^3,
#                whose cuBLAS BF16 8192^3 must reach 85 % of the measured BF16 peak, what NVML
#                sampling costs a cuBLAS GEMM (under 1 %), and energy per call of GEMMs at
#                4096^3 over three recordings (within 5 %)
#   --dry-run    print the plan and the time budget, run nothing (needs no GPU)
#
# Output: $OUT if set, else a new folder under the temporary directory (printed). There, at the
# end: summary.txt (the table printed last), the recordings (gzip-compressed), and logs.tar.gz
# with every step's log. At most 8 files, each under 16 MiB, so a lent machine returns them all.
# Exit: 0 every check passed, 1 a check failed, 2 a usage error.
set -uo pipefail

phase=all
dry_run=0
while [ $# -gt 0 ]; do
    case "$1" in
        --phase) phase="${2:-}"; shift 2 || true ;;
        --phase=*) phase="${1#--phase=}"; shift ;;
        --dry-run) dry_run=1; shift ;;
        -h | --help) sed -n '2,24p' "$0"; exit 0 ;;
        *) echo "gpu-check.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
case "$phase" in
    correctness | figures | all) ;;
    *) echo "gpu-check.sh: --phase takes correctness, figures or all, not '$phase'" >&2; exit 2 ;;
esac

# --- Where things are --------------------------------------------------------------------------
here="$(cd "$(dirname "$0")" && pwd)"
if [ -x "$here/costscope-record" ]; then
    # An unpacked bundle: everything beside this script.
    record="$here/costscope-record"
    tests_dir="$here"
    overhead_script="$here/cupti_overhead.sh"
    energy_overhead="$here/energy_overhead"
    export LD_LIBRARY_PATH="$here/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
else
    # A checkout: the CUDA build's programs.
    root="$(cd "$here/.." && pwd)"
    build="${BUILD_DIR:-$root/build}"
    [[ "$build" = /* ]] || build="$root/$build"
    record="$build/profiler/costscope-record"
    tests_dir="$build/tests"
    overhead_script="$root/tests/benchmarks/cupti_overhead.sh"
    energy_overhead="$build/tests/benchmarks/energy_overhead"
fi
program() {  # the path of a test program, in a bundle or a build folder
    if [ -x "$tests_dir/$1" ]; then echo "$tests_dir/$1"; else find "$tests_dir" -name "$1" -type f | head -n 1; fi
}
sqlite=""
if [ -x "$here/sqlite3" ]; then sqlite="$here/sqlite3"; else sqlite="$(command -v sqlite3 || true)"; fi
export COSTSCOPE_RECORD_EXE="$record" PATH="$here:$PATH"
# The wheel's libcusparseLt.so.0 does not see our RUNPATH: it finds the toolkit's libraries here.
export LD_LIBRARY_PATH="${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}/usr/local/cuda/lib64"

# cuSPARSELt as costscope looks for it (kernels/gpu/CusparseLtLibrary.h): $COSTSCOPE_CUSPARSELT,
# the virtual environment's and each python3's site-packages, then the loader's cache.
find_cusparselt() {
    local sites="" site folder py
    if [ -n "${COSTSCOPE_CUSPARSELT:-}" ] && [ -f "$COSTSCOPE_CUSPARSELT" ]; then
        echo "$COSTSCOPE_CUSPARSELT"; return
    fi
    [ -z "${VIRTUAL_ENV:-}" ] || sites="$(ls -d "$VIRTUAL_ENV"/lib/python3*/site-packages 2>/dev/null)"
    while read -r py; do
        sites+=$'\n'"$(timeout 10 "$py" -I -c 'import site; print("\n".join(site.getsitepackages() + [site.getusersitepackages()]))' 2>/dev/null)"
    done < <(type -ap python3 | awk '!seen[$0]++')
    while read -r site; do
        for folder in nvidia/cusparselt/lib nvidia/cu13/lib; do
            if [ -n "$site" ] && [ -f "$site/$folder/libcusparseLt.so.0" ]; then
                echo "$site/$folder/libcusparseLt.so.0"; return
            fi
        done
    done <<<"$sites"
    ldconfig -p 2>/dev/null | awk '/libcusparseLt\.so\.0 / { print $NF; exit }'
}

# --- The plan ----------------------------------------------------------------------------------
# Each step's time is estimated from its work at the H200's rates (datasheet, and what this
# workplace measured on one: BF16 GEMM ~790 TFLOP/s, FP32 without tensor cores ~50, TF32 ~400,
# INT8/FP8 ~1500; HBM ~4.3 TB/s; host<->device over PCIe 5 ~50 GB/s), plus the CPU side: the FP64
# references of every result (OpenBLAS DGEMM on 16 cores, taken as 300 GFLOP/s: 8192^3 is 1.1
# TFLOP, so 3.7 s each; the recorder restarts itself on the newest OpenBLAS kernels the CPU runs
# when the library picked old ones) and the recorder's start (its CPU and GPU ceilings, ~10 s). Budget: the
# sum must stay under 480 s; a step that would end past 570 s is not started.
budget=480
hard_stop=570
rounds="${ROUNDS:-2}"
steps=()
plan() { steps+=("$1|$2|$3"); }  # phase|name|estimate in s
# test_kernels_gpu: every GPU catalog entry at two small shapes (~30 set-ups of cuBLAS,
# cuSPARSE(Lt) handles at ~0.2 s each) and the mlp forward pass on a small model; FP64
# references under 0.1 GFLOP each.
plan correctness gpu-tests 30
# test_cupti: synthetic records, no device work.
plan correctness cupti-tests 5
# test_recorder_gpu: one recorder start (10 s) and 16 variants at 1024^3 and an odd shape,
# 0.05 s of samples each plus set-up and a 2 GFLOP FP64 reference (7 ms).
plan correctness recorder-gpu-tests 30
# The quick suite's GPU variants plus FP8: training the mlp models once on the CPU (90 s on 2
# cores, so ~20 s on 16; cached for the steps after), a recorder start (10 s) and the GPU's idle
# window (2 s), 20 variants at 0.2 s of samples each, set-up and checks (0.3 s), and each one's
# energy window (1 s, longer where NVML updates slowly: 1.5 s).
plan correctness correctness-suite 94
# cupti_launch_overhead: 10,000 empty kernels x 5 rounds x 2 modes at ~5 us each: 0.5 s, plus
# a collector start per round and context creation.
plan figures launch-overhead 10
# cupti_overhead.sh: $rounds rounds x 2 modes of a recorder start (10 s) and 6 variants (GEMMs at
# 1024^3 and 4096^3, two mlp variants: 0.5 s of samples each, split over 3 interleaved rounds,
# each set up anew: 0.2 s, 1 s at 4096^3; 4096^3 FP64 references 0.5 s once each).
plan figures collector-overhead $((rounds * 2 * 20))
# The standard suite's GPU variants in 3 interleaved rounds (each round sets a variant up anew):
# a recorder start (10 s); 34 GEMM, pruned and quantized variants up to 2048^3 at 0.5 s of
# samples plus 3 x 0.2 s of set-up (37 s); 10 at 8192^3, each 0.5 s of samples (a BF16 call:
# 1.4 ms on the device plus 11 ms of copies for 2 x 256 MiB), 3 x ~1 s of operand generation and
# upload, and a 3.7 s FP64 reference once (72 s); 6 structured ones at 2048^3 (7 s); the 18
# models at batches 1 and 1024, 36 variants at 0.9 s (32 s). The naive and tiled SGEMMs at
# 8192^3 (1.1 TFLOP at ~2 and ~15 TFLOP/s: seconds per call) are left out, and so are the pruned
# ones at 8192^3 (2048^3 has them) and the mlp at batch 64, to leave room for the energy steps.
plan figures standard-suite 140
# energy_overhead: cuBLAS FP32 at 4096^3 (~3 ms a call end to end), 5 pairs of 1 s windows with
# NVML's sampler on and off, then the same unsampled (A/A): 20 s, and two set-ups.
plan figures energy-overhead 30
# Three recordings of cuBLAS FP32 and BF16 at 4096^3, one round: a recorder start (10 s) and the
# idle window (2 s), each variant 0.3 s of samples, its energy window (1-1.5 s) and set-up with
# a 4096^3 FP64 reference (0.5 s): about 18 s each.
plan figures energy-repeat 55

selected=()
total=0
for entry in "${steps[@]}"; do
    IFS='|' read -r step_phase name estimate <<<"$entry"
    if [ "$phase" = all ] || [ "$phase" = "$step_phase" ]; then
        selected+=("$entry")
        total=$((total + estimate))
    fi
done

if [ "$dry_run" = 1 ]; then
    echo "gpu-check.sh --phase $phase: the plan (estimates on an H200; see the comments)"
    printf '  %-12s %-20s %6s\n' phase step "est. s"
    for entry in "${selected[@]}"; do
        IFS='|' read -r step_phase name estimate <<<"$entry"
        printf '  %-12s %-20s %6d\n' "$step_phase" "$name" "$estimate"
    done
    printf '  %-33s %6d of a %d s budget (%s)\n' total "$total" "$budget" \
        "$([ "$total" -le "$budget" ] && echo within || echo OVER)"
    echo "recorder: $record"
    echo "output: ${OUT:-a new folder under ${TMPDIR:-/tmp}}"
    [ "$total" -le "$budget" ]
    exit
fi

# --- Running -----------------------------------------------------------------------------------
out="${OUT:-}"
if [ -z "$out" ]; then
    out="$(mktemp -d "${TMPDIR:-/tmp}/costscope-gpu-check.XXXXXX")"
fi
mkdir -p "$out/logs"
logs="$out/logs"
echo "gpu-check: results in $out"
[ -x "$record" ] || { echo "gpu-check: no recorder at $record (build it, or unpack the bundle)" >&2; exit 2; }
[ -n "$sqlite" ] || { echo "gpu-check: no sqlite3 beside this script or on PATH" >&2; exit 2; }

cusparselt="$(find_cusparselt)"
[ -z "$cusparselt" ] || export COSTSCOPE_CUSPARSELT="$cusparselt"

start=$SECONDS
failed=0
results=()  # check|pass/fail/info|figure|target
result() {
    results+=("$1|$2|$3|$4")
    [ "$2" != FAIL ] || failed=1
}

estimate_of() {  # a step's estimate from the plan
    local entry
    for entry in "${steps[@]}"; do
        [[ "$entry" == *"|$1|"* ]] && { echo "${entry##*|}"; return; }
    done
    echo 60
}

# Runs step $1 of the plan as the command that follows, its output in logs/$1.log.
step() {
    local name="$1" estimate status=0 began=$SECONDS
    estimate="$(estimate_of "$1")"
    shift
    local elapsed=$((SECONDS - start))
    if [ $((elapsed + estimate)) -gt "$hard_stop" ]; then
        echo "[$elapsed s of $budget] $name: NOT RUN, it would end past ${hard_stop} s"
        return 99
    fi
    echo "[$elapsed s of $budget] $name (estimate $estimate s): $*"
    timeout $((estimate * 4 + 60)) "$@" >"$logs/$name.log" 2>&1 || status=$?
    echo "    $([ $status = 0 ] && echo ok || echo "FAILED ($status)") in $((SECONDS - began)) s"
    [ $status = 0 ] || tail -n 15 "$logs/$name.log" | sed 's/^/    | /'
    return $status
}

q() { "$sqlite" -batch -noheader "$1" "$2" 2>>"$logs/queries.log"; }

gpu="$(nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,memory.total \
    --format=csv,noheader 2>&1 | head -n 1)"
{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "GPU (name, driver, max SM clock, memory): $gpu"
    echo "recorder: $record ($("$record" --version 2>&1))"
    echo "cuSPARSELt: ${cusparselt:-none found}"
    echo "LD_LIBRARY_PATH=$LD_LIBRARY_PATH"
    echo "unresolved libraries:"
    ldd "$record" | grep 'not found' || echo "  none"
} >"$logs/device.txt" 2>&1
cat "$logs/device.txt"

# Counts the [ PASSED ] / [ FAILED ] tests of a googletest log.
gtest_counts() {
    local passed failed skipped
    passed=$(grep -oE '^\[  PASSED  \] [0-9]+' "$1" | grep -oE '[0-9]+$' || echo 0)
    failed=$(grep -cE '^\[  FAILED  \] [A-Za-z]' "$1" || true)
    skipped=$(grep -oE '^\[  SKIPPED \] [0-9]+' "$1" | grep -oE '[0-9]+$' || echo 0)
    echo "${passed:-0} passed, $((failed / 2)) failed, ${skipped:-0} skipped"
}

run_test() {  # check name, step name, program
    local check="$1" name="$2" exe verdict=FAIL
    exe="$(program "$3")"
    if [ -z "$exe" ]; then
        result "$check" FAIL "$3 not found" "all pass, none skipped"
        return
    fi
    # On a GPU machine nothing may be skipped: a skip there hides a missing library or device.
    if step "$name" "$exe" && ! grep -q '^\[  SKIPPED \] [1-9]' "$logs/$name.log"; then
        verdict=pass
    fi
    result "$check" "$verdict" "$(gtest_counts "$logs/$name.log")" "all pass, none skipped"
}

# Records logs/$3.json into $4 as step $2, then checks it as "$1": on a GPU with cuSPARSELt
# every variant runs (a skip is a fault) and CUPTI drops nothing. Returns 1 without a recording.
record_suite() {
    local check="$1" name="$2" suite="$3" db="$4" dropped
    rm -f "$db"
    step "$name" "$record" --suite "$logs/$suite.json" --devices gpu --out "$db"
    if [ ! -s "$db" ]; then
        result "$check recorded" FAIL "no recording" "recorded"
        return 1
    fi
    result "$check recorded" \
        "$([ "$(q "$db" "SELECT count(*) FROM variants WHERE status != 'ok'")" = 0 ] && echo pass || echo FAIL)" \
        "$(q "$db" "SELECT group_concat(n || ' ' || status, ', ') FROM (SELECT status, count(*) AS n FROM variants GROUP BY status)")" \
        "all ok"
    dropped="$(q "$db" "SELECT coalesce(sum(cupti_dropped_records), -1) FROM runs")"
    result "CUPTI records dropped ($check)" "$([ "$dropped" = 0 ] && echo pass || echo FAIL)" "$dropped" "0"
}

correctness() {
    run_test "GPU variants vs FP64" gpu-tests test_kernels_gpu
    run_test "CUPTI collector unit tests" cupti-tests test_cupti
    run_test "recorder on the GPU" recorder-gpu-tests test_recorder_gpu

    cat >"$logs/gpu-correctness.json" <<'JSON'
{ "name": "gpu-correctness",
  "description": "the quick suite's GPU variants, with FP8",
  "measure": { "warmup": 2, "min_iterations": 10, "min_time": 0.2, "rounds": 1 },
  "workloads": [
    { "family": "gemm", "precisions": ["fp32", "bf16"], "devices": ["gpu"], "sizes": [1024] },
    { "family": "pruned", "structures": ["csr", "2:4"], "sparsities": [0.5, 0.9, 0.99], "devices": ["gpu"], "sizes": [1024] },
    { "family": "quantized", "precisions": ["int8", "fp8"], "devices": ["gpu"], "sizes": [1024] },
    { "family": "mlp", "models": ["dense", "pruned90-ft", "neurons50-ft", "2:4-ft", "int8", "student-kd"], "devices": ["gpu"], "batches": [1, 1024] } ] }
JSON
    local db="$out/correctness.sqlite"
    record_suite "quick GPU suite" correctness-suite gpu-correctness "$db" || return
    local two_four
    two_four="$(q "$db" "SELECT status || ': ' || CASE status WHEN 'ok' THEN printf('%.3f ms', median_ns / 1e6) ELSE reason END FROM variants WHERE name LIKE 'pruned/2:4/cusparselt/gpu/%' LIMIT 1")"
    if [[ "$two_four" == ok:* ]]; then
        result "2:4 through cuSPARSELt" pass "$two_four" "runs"
    elif [ -n "$cusparselt" ]; then
        result "2:4 through cuSPARSELt" FAIL "skipped although $cusparselt is here: $two_four" "runs"
    else
        result "2:4 through cuSPARSELt" FAIL "no cuSPARSELt on this machine: $two_four" "runs"
    fi
    local fp8
    fp8="$(q "$db" "SELECT status || ': ' || CASE status WHEN 'ok' THEN printf('%.3f ms, kernel error %.1e', median_ns / 1e6, kernel_error) ELSE reason END FROM variants WHERE name LIKE 'quantized/fp8/cublaslt/gpu/%' LIMIT 1")"
    result "FP8 through cuBLASLt" "$([[ "$fp8" == ok:* ]] && echo pass || echo FAIL)" "$fp8" "runs (cc 9.0)"
    local voided
    voided="$(q "$db" "SELECT count(*) FROM variants WHERE status = 'ok' AND device_note != ''")"
    result "GPU variants without device figures" "$([ "$voided" = 0 ] && echo pass || echo FAIL)" \
        "$voided$([ "$voided" = 0 ] || q "$db" "SELECT ' (' || name || ': ' || device_note || ')' FROM variants WHERE device_note != '' LIMIT 1")" "0"
    # Energy from NVML for every measured GPU variant, the GPU's idle power, throttled windows.
    local energy
    energy="$(q "$db" "SELECT count(e.joules_per_call) || ' of ' || count(*) FROM variants AS v LEFT JOIN variant_energy AS e ON e.variant_id = v.id AND e.source = 'nvml' WHERE v.status = 'ok'")"
    result "GPU variants with NVML energy" \
        "$([[ "$energy" =~ ^([0-9]+)\ of\ ([0-9]+)$ ]] && [ "${BASH_REMATCH[1]}" = "${BASH_REMATCH[2]}" ] && [ "${BASH_REMATCH[2]}" != 0 ] && echo pass || echo FAIL)" \
        "$energy$(q "$db" "SELECT ' (' || note || ')' FROM variant_energy WHERE joules_per_call IS NULL AND note != '' LIMIT 1")" "all"
    result "GPU idle power (NVML)" info \
        "$(q "$db" "SELECT CASE WHEN idle_watts IS NULL THEN 'none: ' || energy_note ELSE printf('%.1f W', idle_watts) END FROM devices WHERE kind = 'gpu' LIMIT 1")" "reported"
    result "energy windows throttled or flagged" info \
        "$(q "$db" "SELECT count(*) FROM variant_energy WHERE clocks_event_reasons != 0 OR note != ''")" "reported"
    local worst
    worst="$(q "$db" "SELECT printf('%.1e (%s)', kernel_error, name) FROM variants WHERE status = 'ok' ORDER BY kernel_error DESC LIMIT 1")"
    worst="${worst:-none measured}"
    result "worst kernel error vs FP64" \
        "$(q "$db" "SELECT CASE WHEN max(kernel_error) < 2e-2 THEN 'pass' ELSE 'FAIL' END FROM variants WHERE status = 'ok'")" \
        "$worst" "< 2e-2"
}

figures() {
    local exe
    exe="$(program cupti_launch_overhead)"
    if step launch-overhead "$exe" 10000 5; then
        result "collector cost per kernel launch" info \
            "$(grep -o 'collector overhead per kernel launch: .*' "$logs/launch-overhead.log" | cut -d: -f2-)" "reported"
    else
        result "collector cost per kernel launch" FAIL "see logs/launch-overhead.log" "one tagged row per launch"
    fi

    if step collector-overhead "$overhead_script" "$record" "$rounds"; then
        local gemm mlp
        gemm="$(awk '$1 ~ /^gemm\// && $4 + 0 > 0 { if ($4 > max) { max = $4; name = $1 } } END { if (name) printf "%.3f (%s)", max, name }' "$logs/collector-overhead.log")"
        mlp="$(awk '$1 ~ /^mlp\// && $4 + 0 > 0 { printf "%s%.3f (%s)", sep, $4, $1; sep = ", " }' "$logs/collector-overhead.log")"
        result "collector overhead, GEMMs >= 1024^3 (on/off)" \
            "$(awk -v r="${gemm%% *}" 'BEGIN { print (r != "" && r <= 1.02) ? "pass" : "FAIL" }')" "${gemm:-none}" "<= 1.02"
        result "collector overhead, mlp (on/off)" info "${mlp:-none}" "reported"
    else
        result "collector overhead (on/off)" FAIL "see logs/collector-overhead.log" "<= 1.02"
    fi

    # The standard suite's GPU workloads, the naive and tiled SGEMMs capped at 2048^3.
    cat >"$logs/standard-gpu.json" <<'JSON'
{ "name": "standard-gpu",
  "description": "the standard suite's GPU variants without the teaching SGEMMs at 8192^3",
  "measure": { "warmup": 2, "min_iterations": 5, "min_time": 0.5 },
  "workloads": [
    { "family": "gemm", "precisions": ["fp32", "tf32", "fp16", "bf16"], "devices": ["gpu"], "sizes": [512, 1024, 2048] },
    { "family": "pruned", "structures": ["csr", "2:4"], "sparsities": [0.5, 0.7, 0.9, 0.95, 0.99], "devices": ["gpu"], "sizes": [1024, 2048] },
    { "family": "pruned", "structures": ["struct"], "sparsities": [0.5, 0.7, 0.9], "devices": ["gpu"], "sizes": [2048] },
    { "family": "quantized", "precisions": ["int8", "fp8"], "devices": ["gpu"], "sizes": [1024, 2048] },
    { "family": "gemm", "precisions": ["fp32", "tf32", "fp16", "bf16"], "backends": ["cublas"], "devices": ["gpu"], "sizes": [8192] },
    { "family": "quantized", "precisions": ["int8", "fp8"], "devices": ["gpu"], "sizes": [8192] },
    { "family": "mlp", "devices": ["gpu"], "batches": [1, 1024] } ] }
JSON
    local db="$out/standard.sqlite"
    record_suite "standard GPU suite" standard-suite standard-gpu "$db" || return
    local bf16
    bf16="$(q "$db" "SELECT printf('%.3f', v.device_gflops / c.gflops) || printf(' (%.0f of %.0f GFLOP/s)', v.device_gflops, c.gflops) FROM variant_summary AS v, device_ceilings AS c JOIN devices AS d ON d.id = c.device_id WHERE v.name = 'gemm/bf16/cublas/gpu/8192x8192x8192' AND d.kind = 'gpu' AND c.precision = 'bf16'")"
    result "cuBLAS BF16 8192^3 / measured BF16 peak" \
        "$(awk -v r="${bf16%% *}" 'BEGIN { print (r != "" && r >= 0.85) ? "pass" : "FAIL" }')" "${bf16:-not measured}" ">= 0.85"
    result "tiled SGEMM / cuBLAS FP32 at 2048^3 (device time)" info \
        "$(q "$db" "SELECT CASE WHEN t.device_median_ms > 0 AND c.device_median_ms > 0 THEN printf('%.3f', c.device_median_ms / t.device_median_ms) ELSE 'not measured' END FROM variant_summary AS t, variant_summary AS c WHERE t.name = 'gemm/fp32/tiled/gpu/2048x2048x2048' AND c.name = 'gemm/fp32/cublas/gpu/2048x2048x2048'")" "reported"
    # Structured pruning on the GPU (issue 14): half the output features against half the dense
    # device time, and the neuron-pruned model against the teacher at batch 1024.
    result "cuBLAS struct50 / (FP32 dense / 2) at 2048^3 (device time)" info \
        "$(q "$db" "SELECT CASE WHEN s.device_median_ms > 0 AND d.device_median_ms > 0 THEN printf('%.3f', s.device_median_ms / (d.device_median_ms / 2)) ELSE 'not measured' END FROM variant_summary AS s, variant_summary AS d WHERE s.name = 'pruned/struct50/cublas/gpu/2048x2048x2048' AND d.name = 'gemm/fp32/cublas/gpu/2048x2048x2048'")" "reported"
    result "mlp b1024 dense / neurons50-ft, cuBLAS (end to end)" info \
        "$(q "$db" "SELECT CASE WHEN s.median_ms > 0 AND d.median_ms > 0 THEN printf('%.2fx, accuracy %.2f %% vs %.2f %%', d.median_ms / s.median_ms, 100 * s.accuracy, 100 * d.accuracy) ELSE 'not measured' END FROM variant_summary AS s, variant_summary AS d WHERE s.name = 'mlp/neurons50-ft/cublas/gpu/b1024' AND d.name = 'mlp/dense/cublas/gpu/b1024'")" "reported"
    # Every GPU figure, for docs/gpu-results.md.
    "$sqlite" -header -column "$db" "
        SELECT name, status, printf('%.4f', median_ms) AS e2e_ms, printf('%.4f', device_median_ms) AS device_ms,
               printf('%.0f', gflops) AS gflops, printf('%.0f', device_gflops) AS device_gflops,
               printf('%.1e', kernel_error) AS kernel_err, printf('%.1e', approx_error) AS approx_err,
               printf('%.1f', kernels_per_call) AS kernels, printf('%.1f', peak_device_mem_bytes / 1048576.0) AS dev_MiB,
               accuracy, substr(reason || device_note, 1, 60) AS note
          FROM variant_summary ORDER BY variant_id;
        SELECT precision, printf('%.0f', gflops) AS gflops, method FROM device_ceilings;
        SELECT cupti_enabled, cupti_dropped_records, cupti_note FROM runs;
        SELECT name, printf('%.4f', joules_per_call) AS j_call, printf('%.4f', joules_above_idle) AS j_above_idle,
               printf('%.0f', watts) AS watts, printf('%.0f', idle_watts) AS idle_w, printf('%.2f', energy_window_s) AS window_s,
               printf('%.3f', energy_update_period_s) AS update_s, substr(energy_note, 1, 60) AS energy_note
          FROM variant_summary WHERE status = 'ok' ORDER BY variant_id;" >"$logs/standard-table.txt" 2>&1

    # What NVML's sampler costs a GEMM's calls: sampled and not, alternated; then the A/A.
    local cost aa
    if step energy-overhead bash -c "'$energy_overhead' cublas 4096 5 1 && '$energy_overhead' cublas 4096 5 1 aa"; then
        cost="$(grep -o 'median cost of sampling: [^ ]*' "$logs/energy-overhead.log" | sed -n 1p | awk '{ print $NF }')"
        aa="$(grep -o 'median cost of sampling: [^ ]*' "$logs/energy-overhead.log" | sed -n 2p | awk '{ print $NF }')"
        result "NVML sampling cost, cuBLAS FP32 4096^3" \
            "$(awk -v c="${cost%\%}" 'BEGIN { print (c != "" && c + 0 < 1.0) ? "pass" : "FAIL" }')" \
            "${cost:-none} % (A/A ${aa:-none} %)" "< 1 %"
    else
        result "NVML sampling cost, cuBLAS FP32 4096^3" FAIL "see logs/energy-overhead.log" "< 1 %"
    fi

    # Energy per call of the same GEMMs in three recordings.
    cat >"$logs/energy-repeat.json" <<'JSON'
{ "name": "energy-repeat",
  "description": "cuBLAS GEMMs at 4096^3 for the repeatability of their energy per call",
  "measure": { "warmup": 3, "min_iterations": 10, "min_time": 0.3, "rounds": 1 },
  "workloads": [
    { "family": "gemm", "precisions": ["fp32", "bf16"], "backends": ["cublas"], "devices": ["gpu"], "sizes": [4096] } ] }
JSON
    local i dbs=()
    rm -f "$out"/energy-[123].sqlite
    step energy-repeat bash -c 'for i in 1 2 3; do "$1" --suite "$2" --devices gpu --no-cupti \
        --quiet --out "$3/energy-$i.sqlite" || exit; done' _ "$record" "$logs/energy-repeat.json" "$out"
    for i in 1 2 3; do [ -s "$out/energy-$i.sqlite" ] && dbs+=("$out/energy-$i.sqlite"); done
    if [ "${#dbs[@]}" = 3 ]; then
        local joined="ATTACH '${dbs[1]}' AS b; ATTACH '${dbs[2]}' AS c;
            CREATE TEMP VIEW three AS
            SELECT a.name, a.joules_per_call AS j1, x.joules_per_call AS j2, y.joules_per_call AS j3,
                   100.0 * (max(a.joules_per_call, x.joules_per_call, y.joules_per_call)
                            / min(a.joules_per_call, x.joules_per_call, y.joules_per_call) - 1) AS spread
              FROM main.variant_summary AS a JOIN b.variant_summary AS x USING (name)
              JOIN c.variant_summary AS y USING (name);"
        local spread verdict
        spread="$("$sqlite" -batch -noheader "${dbs[0]}" "$joined
            SELECT group_concat(printf('%s %.4f/%.4f/%.4f J: %.1f %%', substr(name, 6, 4), j1, j2, j3, spread), '; ') FROM three;" 2>>"$logs/queries.log")"
        verdict="$("$sqlite" -batch -noheader "${dbs[0]}" "$joined
            SELECT CASE WHEN count(*) = 2 AND count(spread) = 2 AND max(spread) <= 5 THEN 'pass' ELSE 'FAIL' END FROM three;" 2>>"$logs/queries.log")"
        result "GEMM 4096^3 energy per call, 3 recordings" "${verdict:-FAIL}" "${spread:-not measured}" "within 5 %"
        "$sqlite" -header -column "${dbs[0]}" "ATTACH '${dbs[1]}' AS b; ATTACH '${dbs[2]}' AS c;
            SELECT 1 AS run, name, joules_per_call, joules_above_idle, watts, idle_watts, energy_window_s, energy_update_period_s, clocks_event_reasons, energy_note FROM main.variant_summary
            UNION ALL SELECT 2, name, joules_per_call, joules_above_idle, watts, idle_watts, energy_window_s, energy_update_period_s, clocks_event_reasons, energy_note FROM b.variant_summary
            UNION ALL SELECT 3, name, joules_per_call, joules_above_idle, watts, idle_watts, energy_window_s, energy_update_period_s, clocks_event_reasons, energy_note FROM c.variant_summary;" \
            >"$logs/energy-repeat-table.txt" 2>&1
    else
        result "GEMM 4096^3 energy per call, 3 recordings" FAIL "${#dbs[@]} of 3 recorded (logs/energy-repeat.log)" "within 5 %"
    fi
    rm -f "$out"/energy-[123].sqlite
}

[ "$phase" = figures ] || correctness
[ "$phase" = correctness ] || figures

# --- What comes back ---------------------------------------------------------------------------
for db in "$out"/*.sqlite; do
    [ -f "$db" ] || continue
    gzip -f "$db"
    if [ "$(stat -c %s "$db.gz")" -gt $((15 << 20)) ]; then
        # Too large to come back from a lent machine: keep every figure, drop the CUPTI rows.
        gunzip -c "$db.gz" >"$db"
        "$sqlite" "$db" "DELETE FROM kernel_launches; DELETE FROM kernel_configs;
            DELETE FROM CUPTI_ACTIVITY_KIND_MEMCPY; DELETE FROM CUPTI_ACTIVITY_KIND_MEMSET;
            DELETE FROM CUPTI_ACTIVITY_KIND_MEMORY2; DELETE FROM CUPTI_ACTIVITY_KIND_OVERHEAD;
            VACUUM;" 2>>"$logs/queries.log"
        gzip -f "$db"
        echo "note: ${db##*/} came to more than 15 MiB compressed, more than a lent machine" \
            "returns: its CUPTI rows were dropped, every figure kept" | tee -a "$logs/device.txt"
    fi
done

{
    echo "costscope GPU check, --phase $phase: $((SECONDS - start)) s (budget $budget s)"
    echo "GPU: $gpu"
    echo "cuSPARSELt: ${cusparselt:-none found}"
    printf '%-48s %-5s %-50s %s\n' check result figure target
    for entry in "${results[@]}"; do
        IFS='|' read -r check verdict figure target <<<"$entry"
        printf '%-48s %-5s %-50s %s\n' "$check" "$verdict" "$figure" "$target"
    done
} >"$out/summary.txt"
tar -czf "$out/logs.tar.gz" -C "$out" logs && rm -rf "$logs"
echo
cat "$out/summary.txt"
exit $failed
