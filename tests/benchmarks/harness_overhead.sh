#!/usr/bin/env bash
# Does the recorder's harness cost anything? Runs the standalone library loop and the recorder on
# the same dense FP32 GEMMs, interleaved (these machines are noisy), and prints medians and ratios.
# Usage: tests/benchmarks/harness_overhead.sh [BUILD_DIR] [SIZE] [ROUNDS]
set -euo pipefail
build="${1:-build}"
size="${2:-2048}"
rounds="${3:-3}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/harness.json" <<JSON
{ "name": "harness", "measure": { "warmup": 3, "min_iterations": 20, "min_time": 1.0 },
  "workloads": [ { "family": "gemm", "precisions": ["fp32"], "devices": ["cpu"], "sizes": [$size] } ] }
JSON

for round in $(seq "$rounds"); do
    "$build/tests/benchmarks/standalone_gemm" "$size" > "$tmp/standalone-$round.txt"
    "$build/profiler/costscope-record" --suite "$tmp/harness.json" --out "$tmp/rec-$round.sqlite" -q \
        > /dev/null
    for backend in openblas onednn; do
        rec=$(sqlite3 "$tmp/rec-$round.sqlite" \
            "SELECT printf('%.1f', gflops) FROM variant_summary WHERE backend = '$backend'")
        alone=$(awk -v b="$backend" '$1 == b && $2 == "f32" { print $9 }' "$tmp/standalone-$round.txt")
        echo "$round $backend $alone $rec"
    done
done > "$tmp/all.txt"

echo "dense FP32 ${size}^3, $rounds interleaved rounds, median GFLOP/s per round"
printf '%-9s %-6s %12s %12s %8s\n' backend round standalone recorder ratio
awk '{ printf "%-9s %-6s %12s %12s %8.3f\n", $2, $1, $3, $4, $4 / $3 }' "$tmp/all.txt"
for backend in openblas onednn; do
    awk -v b="$backend" '$2 == b { print $4 / $3 }' "$tmp/all.txt" | sort -g |
        awk -v b="$backend" '{ r[NR] = $1 } END { printf "%-9s median ratio recorder/standalone: %.3f\n", b, (NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2) }'
done
