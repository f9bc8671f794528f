#!/usr/bin/env bash
# Does the recorder's harness cost anything? Runs the standalone library loop and the recorder on
# the same dense FP32 GEMMs, interleaved (these machines are noisy), and prints the recorded rate
# over the standalone one per library and size. By default the recorder runs a one-size suite of
# its own; with SUITE (quick, standard) it runs that whole suite, CPU part, so the figure is the
# one a user's recording gets, with every other variant around it. The standalone loop runs the
# OpenBLAS kernel family the recorder ran (OPENBLAS_CORETYPE from the recording).
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

for round in $(seq "$rounds"); do
    "$build/profiler/costscope-record" --suite "$suite" --devices cpu --out "$tmp/rec-$round.sqlite" \
        -q > /dev/null
    core=$(sqlite3 "$tmp/rec-$round.sqlite" \
        "SELECT json_extract(details, '$.openblas_core') FROM devices WHERE kind = 'cpu'")
    for size in $(sqlite3 "$tmp/rec-$round.sqlite" \
        "SELECT DISTINCT m FROM variant_summary WHERE family = 'gemm' AND precision = 'fp32' AND
         device = 'cpu' AND m = n AND n = k ORDER BY m"); do
        OPENBLAS_CORETYPE="$core" "$build/tests/benchmarks/standalone_gemm" "$size" \
            > "$tmp/standalone-$round-$size.txt"
        for backend in openblas onednn; do
            rec=$(sqlite3 "$tmp/rec-$round.sqlite" \
                "SELECT printf('%.1f', gflops) FROM variant_summary WHERE backend = '$backend' AND
                 family = 'gemm' AND precision = 'fp32' AND device = 'cpu' AND m = $size AND
                 n = $size AND k = $size")
            alone=$(awk -v b="$backend" '$1 == b && $2 == "f32" { print $9 }' \
                "$tmp/standalone-$round-$size.txt")
            echo "$round $backend $size $alone $rec $core"
        done
    done
done > "$tmp/all.txt"

echo "dense FP32 GEMMs recorded in $what, $rounds rounds (each: the recording, then the standalone"
echo "loops), GFLOP/s at the median; OpenBLAS kernels: $(awk '{ print $6 }' "$tmp/all.txt" | sort -u | tr '\n' ' ')"
printf '%-9s %6s %-6s %12s %12s %8s\n' backend size round standalone recorder ratio
awk '{ printf "%-9s %6s %-6s %12s %12s %8.3f\n", $2, $3, $1, $4, $5, $5 / $4 }' "$tmp/all.txt"
awk '{ print $2, $3, $5 / $4 }' "$tmp/all.txt" | sort -k1,1 -k2,2n -k3,3g |
    awk '{ key = $1 " " $2; r[key, ++n[key]] = $3; keys[key] = 1 }
         END { for (k in keys) { m = n[k]; med = m % 2 ? r[k, (m + 1) / 2] : (r[k, m / 2] + r[k, m / 2 + 1]) / 2
               printf "%-16s median ratio recorder/standalone: %.3f (%d rounds)\n", k, med, m } }' | sort
