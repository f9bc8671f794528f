#!/usr/bin/env bash
# What structured pruning buys on this CPU, side by side with dense in the same recordings: the
# GEMM at 2048^3 with half of its output features removed against the dense product (the target:
# within 10 % of half the dense time, through the same backend), and the mlp with half of each
# hidden layer's neurons removed against the dense teacher at batch 1024 (the target: at least
# 1.7x, through the same backend). Records R recordings in a row (each with interleaved rounds;
# these machines are noisy) and prints the median over recordings of each variant's median, then
# the ratios. The mlp weights come from the cache (the first run trains them).
# Usage: tests/benchmarks/structured_pruning.sh [BUILD_DIR] [RECORDINGS]
set -euo pipefail
build="${1:-build}"
recordings="${2:-5}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/structured.json" <<JSON
{ "measure": { "warmup": 2, "min_iterations": 10, "min_time": 0.5 },
  "workloads": [
    { "family": "gemm", "precisions": ["fp32"], "devices": ["cpu"], "sizes": [2048] },
    { "family": "pruned", "structures": ["struct"], "sparsities": [0.5], "devices": ["cpu"],
      "backends": ["openblas", "onednn"], "precisions": ["fp32"], "sizes": [2048] },
    { "family": "mlp", "models": ["dense", "neurons50-ft", "neurons75-ft"], "devices": ["cpu"],
      "backends": ["openblas", "onednn"], "precisions": ["fp32"], "batches": [1024] } ] }
JSON

for recording in $(seq "$recordings"); do
    "$build/profiler/costscope-record" --suite "$tmp/structured.json" \
        --out "$tmp/$recording.sqlite" --no-energy -q >/dev/null
    sqlite3 -separator ' ' "$tmp/$recording.sqlite" \
        "SELECT name, median_ms, coalesce(accuracy, '-') FROM variant_summary WHERE status = 'ok'"
done > "$tmp/all.txt"

echo "$recordings recordings: median over recordings of each variant's median"
awk '{ t[$1] = t[$1] " " $2; acc[$1] = $3 }
     function median(list,   v, n, i, j, x) {
         n = split(list, v, " ")
         for (i = 2; i <= n; i++) { x = v[i]; for (j = i - 1; j > 0 && v[j] > x; j--) v[j + 1] = v[j]; v[j + 1] = x }
         return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
     }
     END {
         for (n in t) { m[n] = median(t[n]); printf "%-46s %9.3f ms  accuracy %s\n", n, m[n], acc[n] }
         split("openblas onednn", backends, " ")
         for (i = 1; i <= 2; i++) {
             b = backends[i]
             d = m["gemm/fp32/" b "/cpu/2048x2048x2048"]; s = m["pruned/struct50/" b "/cpu/2048x2048x2048"]
             if (d && s) printf "GEMM 2048^3 %-8s struct50 / (dense / 2): %.3f (target <= 1.10)\n", b, s / (d / 2)
             d = m["mlp/dense/" b "/cpu/b1024"]
             for (l = 50; l <= 75; l += 25) {
                 s = m["mlp/neurons" l "-ft/" b "/cpu/b1024"]
                 if (d && s) printf "mlp b1024   %-8s dense / neurons%d-ft: %.2fx%s\n", b, l, d / s, l == 50 ? " (target >= 1.7x)" : ""
             }
         }
     }' "$tmp/all.txt" | sort
