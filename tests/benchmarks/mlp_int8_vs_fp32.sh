#!/usr/bin/env bash
# Is the INT8 model faster than the FP32 model at batch 1024 on this CPU? Records the dense and
# int8 mlp variants at batch 1024, interleaved rounds (these machines are noisy), and prints the
# median of each variant's median per round and the ratios. Weights come from the cache (the
# first run trains them). Usage: tests/benchmarks/mlp_int8_vs_fp32.sh [BUILD_DIR] [ROUNDS]
set -euo pipefail
build="${1:-build}"
rounds="${2:-5}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/int8.json" <<JSON
{ "name": "int8", "measure": { "warmup": 3, "min_iterations": 20, "min_time": 0.5 },
  "workloads": [ { "family": "mlp", "models": ["dense", "int8"], "devices": ["cpu"],
                   "batches": [1024] } ] }
JSON

for round in $(seq "$rounds"); do
    "$build/profiler/costscope-record" --suite "$tmp/int8.json" --out "$tmp/$round.sqlite" -q >/dev/null
    sqlite3 -separator ' ' "$tmp/$round.sqlite" \
        "SELECT name, median_ms, accuracy FROM variant_summary WHERE status = 'ok'"
done > "$tmp/all.txt"

echo "mlp at batch 1024, $rounds interleaved rounds: median over rounds of each variant's median"
awk '{ t[$1] = t[$1] " " $2; acc[$1] = $3 }
     function median(list,   v, n, i, j, x) {
         n = split(list, v, " ")
         for (i = 2; i <= n; i++) { x = v[i]; for (j = i - 1; j > 0 && v[j] > x; j--) v[j + 1] = v[j]; v[j + 1] = x }
         return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
     }
     END { for (n in t) { m[n] = median(t[n]); printf "%-34s %8.3f ms  accuracy %.4f\n", n, m[n], acc[n] }
           i8 = m["mlp/int8/onednn/cpu/b1024"]
           for (n in m) if (n !~ /int8/) printf "fp32 %s / int8: %.2fx\n", n, m[n] / i8 }' "$tmp/all.txt" | sort
