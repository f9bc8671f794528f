#!/usr/bin/env bash
# How often does an A/A comparison (two recordings of the same suite, nothing changed) call a
# variant "faster" or "slower"? Records PAIRS pairs of SUITE back to back and compares each pair
# with `costscope --report pair.csv --baseline`, counting the comparison rows' verdicts.
# Usage: tests/benchmarks/aa_rate.sh [BUILD_DIR] [SUITE] [PAIRS] [EQUIVALENCE_PERCENT]
set -euo pipefail
build="${1:-build}"
suite="${2:-quick}"
pairs="${3:-3}"
band="${4:-2}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

for pair in $(seq "$pairs"); do
    for side in a b; do
        "$build/profiler/costscope-record" --suite "$suite" --devices cpu -q \
            --out "$tmp/$pair-$side.sqlite" >/dev/null
    done
    QT_QPA_PLATFORM=offscreen "$build/app/costscope" --report "$tmp/$pair.csv" \
        "$tmp/$pair-b.sqlite" --baseline "$tmp/$pair-a.sqlite" --equivalence "$band" >/dev/null
    # The comparison rows' Verdict column, by its header.
    python3 - "$tmp/$pair.csv" "$pair" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='')))
header = rows[0]
verdict = header.index("Verdict")
table = header.index("table")
counts = {}
for row in rows[1:]:
    if row[table] == "comparison":
        counts[row[verdict]] = counts.get(row[verdict], 0) + 1
print(sys.argv[2], " ".join(f"{k}={v}" for k, v in sorted(counts.items())))
PY
done | tee "$tmp/all.txt"
awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); n[kv[1]] += kv[2]; total += kv[2] } }
     END { judged = n["faster"] + n["slower"] + n["same"] + n["inconclusive"];
           printf "over %d pairs: %d faster, %d slower, %d same, %d inconclusive of %d judged: %.1f %% called changed\n",
                  NR, n["faster"], n["slower"], n["same"], n["inconclusive"], judged,
                  judged ? 100 * (n["faster"] + n["slower"]) / judged : 0 }' "$tmp/all.txt"
