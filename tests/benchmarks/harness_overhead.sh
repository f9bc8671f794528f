#!/usr/bin/env bash
# Does the recorder's harness cost anything? Runs the standalone library loop and the recorder on
# the same dense FP32 GEMMs, interleaved (these machines are noisy), and prints the recorded rate
# over the standalone one per library and size. By default the recorder runs a one-size suite of
# its own; with SUITE (quick, standard) it runs that whole suite, CPU part, so the figure is the
# one a user's recording gets, with every other variant around it. The standalone loop runs the
# OpenBLAS kernel family the recorder ran (OPENBLAS_CORETYPE from the recording), just before and
# just after each recording; the recording is held against the geometric mean of the two, so a
# machine that drifts during the round moves both sides alike.
# Usage: tests/benchmarks/harness_overhead.sh [BUILD_DIR] [SIZE|SUITE] [ROUNDS]
set -euo pipefail
build="${1:-build}"
what="${2:-2048}"
rounds="${3:-3}"
tmp="${KEEP:-$(mktemp -d)}"  # KEEP=DIR keeps the recordings there
mkdir -p "$tmp"
[[ -n "${KEEP:-}" ]] || trap 'rm -rf "$tmp"' EXIT

if [[ "$what" =~ ^[0-9]+$ ]]; then
    suite="$tmp/harness.json"
    cat > "$suite" <<JSON
{ "name": "harness", "measure": { "warmup": 3, "min_iterations": 20, "min_time": 1.0 },
  "workloads": [ { "family": "gemm", "precisions": ["fp32"], "devices": ["cpu"], "sizes": [$what] } ] }
JSON
else
    suite="$what"
fi

standalone() {  # ROUND WHEN CORE: the standalone loop at each dense FP32 size of the suite
    local size runs
    for size in $sizes; do
        # About a second of calls per library (at ~200 GFLOP/s), never fewer than 20: a loop of
        # 20 calls at 512^3 lasts 30 ms, short enough to run on the clocks an idle machine
        # starts with, which the recorder, busy for minutes, does not get.
        runs=$(( 100000000000 / (size * size * size) ))
        (( runs < 20 )) && runs=20
        OPENBLAS_CORETYPE="$3" "$build/tests/benchmarks/standalone_gemm" "$size" "$runs" \
            > "$tmp/standalone-$1-$2-$size.txt"
    done
}
rate() {  # FILE BACKEND: GFLOP/s at the median from a standalone_gemm output
    awk -v b="$2" '$1 == b && $2 == "f32" { print $9 }' "$1"
}

# A first recording tells the sizes and the OpenBLAS core the recorder settles on; it is not counted.
"$build/profiler/costscope-record" --suite "$suite" --devices cpu --out "$tmp/rec-0.sqlite" -q \
    > /dev/null
core=$(sqlite3 "$tmp/rec-0.sqlite" \
    "SELECT json_extract(details, '$.openblas_core') FROM devices WHERE kind = 'cpu'")
sizes=$(sqlite3 "$tmp/rec-0.sqlite" \
    "SELECT DISTINCT m FROM variant_summary WHERE family = 'gemm' AND precision = 'fp32' AND
     device = 'cpu' AND m = n AND n = k ORDER BY m")

for round in $(seq "$rounds"); do
    standalone "$round" before "$core"
    "$build/profiler/costscope-record" --suite "$suite" --devices cpu --out "$tmp/rec-$round.sqlite" \
        -q > /dev/null
    standalone "$round" after "$core"
    for size in $sizes; do
        for backend in openblas onednn; do
            rec=$(sqlite3 "$tmp/rec-$round.sqlite" \
                "SELECT printf('%.1f', gflops) FROM variant_summary WHERE backend = '$backend' AND
                 family = 'gemm' AND precision = 'fp32' AND device = 'cpu' AND m = $size AND
                 n = $size AND k = $size")
            before=$(rate "$tmp/standalone-$round-before-$size.txt" "$backend")
            after=$(rate "$tmp/standalone-$round-after-$size.txt" "$backend")
            alone=$(awk -v a="$before" -v b="$after" 'BEGIN { printf "%.1f", sqrt(a * b) }')
            echo "$round $backend $size $alone $rec $core $before $after"
        done
    done
done > "$tmp/all.txt"

echo "dense FP32 GEMMs recorded in $what, $rounds rounds (each: the standalone loops, the recording,"
echo "the standalone loops again), GFLOP/s at the median; standalone = geometric mean of before and"
echo "after; OpenBLAS kernels: $core"
printf '%-9s %6s %-6s %8s %8s %12s %12s %8s\n' backend size round before after standalone recorder \
    ratio
awk '{ printf "%-9s %6s %-6s %8s %8s %12s %12s %8.3f\n", $2, $3, $1, $7, $8, $4, $5, $5 / $4 }' \
    "$tmp/all.txt"
awk '{ print $2, $3, $5 / $4 }' "$tmp/all.txt" | sort -k1,1 -k2,2n -k3,3g |
    awk '{ key = $1 " " $2; r[key, ++n[key]] = $3; keys[key] = 1 }
         END { for (k in keys) { m = n[k]; med = m % 2 ? r[k, (m + 1) / 2] : (r[k, m / 2] + r[k, m / 2 + 1]) / 2
               printf "%-16s median ratio recorder/standalone: %.3f (%d rounds)\n", k, med, m } }' | sort
