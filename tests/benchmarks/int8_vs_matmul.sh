#!/usr/bin/env bash
# Does the recorded INT8 GEMM come close to oneDNN's bare int8 matmul? Alternates the recorder on
# quantized/int8/onednn/cpu at each size with tests/benchmarks/int8_matmul (the bare matmul and
# costscope's product timed side by side), these machines being noisy, and prints per round the
# bare matmul's GOP/s, the product's in int8_matmul, the recorder's, and the recorder's ratio.
# Usage: tests/benchmarks/int8_vs_matmul.sh [BUILD_DIR] [ROUNDS] [SIZE...] (sizes 1024 2048)
set -euo pipefail
build="${1:-build}"
rounds="${2:-3}"
shift $(($# < 2 ? $# : 2))
if [ $# -gt 0 ]; then sizes=("$@"); else sizes=(1024 2048); fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

list=$(IFS=,; echo "${sizes[*]}")
cat > "$tmp/int8.json" <<JSON
{ "name": "int8", "measure": { "warmup": 3, "min_iterations": 20, "min_time": 1.0 },
  "workloads": [ { "family": "quantized", "precisions": ["int8"], "backends": ["onednn"],
                   "devices": ["cpu"], "sizes": [$list] } ] }
JSON

for round in $(seq "$rounds"); do
    "$build/tests/benchmarks/int8_matmul" --rounds 3 "${sizes[@]}" > "$tmp/bare-$round.txt"
    "$build/profiler/costscope-record" --suite "$tmp/int8.json" --out "$tmp/rec-$round.sqlite" -q \
        > /dev/null
    for size in "${sizes[@]}"; do
        # int8_matmul's section for this size: the fastest raw median and costscope's, in GOP/s.
        read -r raw product < <(awk -v s="${size}^3," '
            $1 == s { on = 1; next }
            /\^3,/ { on = 0 }
            on && $1 == "raw" && (best == "" || $6 > best) { best = $6 }
            on && $1 == "costscope" { ours = $5 }
            END { print best, ours }' "$tmp/bare-$round.txt")
        rec=$(sqlite3 "$tmp/rec-$round.sqlite" \
            "SELECT printf('%.1f', gflops) FROM variant_summary
             WHERE name = 'quantized/int8/onednn/cpu/${size}x${size}x${size}'")
        echo "$size $round $raw $product $rec"
    done
done > "$tmp/all.txt"

echo "INT8 ${sizes[*]} (cubes), $rounds rounds, GOP/s (2 s^3 / median)"
printf '%-6s %-6s %10s %10s %10s %16s\n' size round bare product recorder recorder/bare
awk '{ printf "%-6s %-6s %10.1f %10.1f %10.1f %16.3f\n", $1, $2, $3, $4, $5, $5 / $3 }' "$tmp/all.txt"
for size in "${sizes[@]}"; do
    awk -v s="$size" '$1 == s { print $5 / $3 }' "$tmp/all.txt" | sort -g |
        awk -v s="$size" '{ r[NR] = $1 } END { printf "%s^3 median ratio recorder/bare: %.3f\n", s, (NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2) }'
done
