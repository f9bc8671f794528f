#!/usr/bin/env bash
# What does the CUPTI collector cost? Records cuBLAS GEMMs at 1024^3 and 4096^3 and two mlp
# variants (about ten launches per call: where API tracing costs most) with the collector on and
# off (--no-cupti), interleaved (these machines are noisy), and prints each variant's median
# end-to-end time per mode and the ratio of the medians over the rounds.
# Needs a GPU. Usage: tests/benchmarks/cupti_overhead.sh [RECORDER] [ROUNDS]
set -euo pipefail
recorder="${1:-build/profiler/costscope-record}"
rounds="${2:-5}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/overhead.json" <<JSON
{ "name": "overhead", "measure": { "warmup": 3, "min_iterations": 20, "min_time": 0.5 },
  "workloads": [ { "family": "gemm", "precisions": ["fp32", "bf16"],
                   "backends": ["cublas"], "devices": ["gpu"], "sizes": [1024, 4096] },
                 { "family": "mlp", "models": ["dense", "pruned90-ft"], "devices": ["gpu"],
                   "batches": [64] } ] }
JSON

for round in $(seq "$rounds"); do
    for mode in off on; do
        flag=""; [ "$mode" = off ] && flag="--no-cupti"
        "$recorder" --suite "$tmp/overhead.json" --out "$tmp/$mode-$round.sqlite" -q $flag >/dev/null
        sqlite3 -separator ' ' "$tmp/$mode-$round.sqlite" \
            "SELECT '$mode', name, median_ms FROM variant_summary WHERE status = 'ok'"
    done
done > "$tmp/all.txt"

echo "end-to-end medians, collector off vs on, $rounds interleaved rounds"
printf '%-40s %12s %12s %8s\n' variant off_ms on_ms on/off
awk '{ t[$2, $1] = t[$2, $1] " " $3; names[$2] = 1 }
     function median(list,   v, n, i, j, x) {
         n = split(list, v, " ")
         for (i = 2; i <= n; i++) { x = v[i]; for (j = i - 1; j > 0 && v[j] > x; j--) v[j + 1] = v[j]; v[j + 1] = x }
         return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
     }
     END { for (n in names) { off = median(t[n, "off"]); on = median(t[n, "on"])
           printf "%-40s %12.4f %12.4f %8.3f\n", n, off, on, on / off } }' "$tmp/all.txt" | sort
