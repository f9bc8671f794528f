#!/usr/bin/env bash
# How far apart are a dense variant's medians when it is measured again? Records SUITE (CPU part)
# RUNS times with each recorder given, the recorders taking turns, and prints per dense variant:
# the spread of its medians across the runs (slowest / fastest - 1) per recorder, and, for
# recorders that measure in rounds, the median of the within-run round spread it stored.
# Usage: tests/benchmarks/round_spread.sh SUITE RUNS RECORDER [RECORDER ...]
#   e.g. tests/benchmarks/round_spread.sh standard 3 old/costscope-record build/profiler/costscope-record
# KEEP=DIR keeps the recordings there.
set -euo pipefail
suite="$1"
runs="$2"
shift 2
tmp="${KEEP:-$(mktemp -d)}"
mkdir -p "$tmp"
[[ -n "${KEEP:-}" ]] || trap 'rm -rf "$tmp"' EXIT

for run in $(seq "$runs"); do
    recorder=0
    for exe in "$@"; do
        recorder=$((recorder + 1))
        start=$(date +%s)
        "$exe" --suite "$suite" --devices cpu -q --out "$tmp/r$recorder-$run.sqlite" > /dev/null
        echo "recorder $recorder run $run: $(($(date +%s) - start)) s" >&2
    done
done

python3 - "$tmp" "$runs" "$@" <<'PY'
import sqlite3, statistics, sys
tmp, runs, exes = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
print(f"dense variants of {', '.join(exes)}; {runs} runs each, taking turns")
table = {}  # name -> recorder -> (medians across runs, round spreads)
for r in range(1, len(exes) + 1):
    for run in range(1, runs + 1):
        db = sqlite3.connect(f"{tmp}/r{r}-{run}.sqlite")
        columns = {row[1] for row in db.execute("PRAGMA table_info(variants)")}
        spread = "round_spread" if "round_spread" in columns else "NULL"
        rows = db.execute(f"""SELECT name, median_ns, {spread} FROM variants
            WHERE status = 'ok' AND structure = 'dense' AND precision IN ('fp32', 'bf16', 'fp16')
            AND family IN ('gemm', 'mlp')""")
        for name, median, round_spread in rows:
            medians, spreads = table.setdefault(name, {}).setdefault(r, ([], []))
            medians.append(median)
            if round_spread is not None:
                spreads.append(round_spread)
header = f"{'variant':46}" + "".join(f"{'runs r' + str(r):>10}{'rounds r' + str(r):>10}"
                                     for r in range(1, len(exes) + 1))
print(header)
summary = {r: ([], []) for r in range(1, len(exes) + 1)}
for name in sorted(table):
    line = f"{name:46}"
    for r in range(1, len(exes) + 1):
        medians, spreads = table[name].get(r, ([], []))
        across = max(medians) / min(medians) - 1 if len(medians) > 1 else None
        within = statistics.median(spreads) if spreads else None
        if across is not None:
            summary[r][0].append(across)
        if within is not None:
            summary[r][1].append(within)
        line += f"{'-' if across is None else f'{100 * across:.1f} %':>10}"
        line += f"{'-' if within is None else f'{100 * within:.1f} %':>10}"
    print(line)
for r in summary:
    across, within = summary[r]
    text = f"recorder {r} ({exes[r - 1]}): median spread across runs "
    text += f"{100 * statistics.median(across):.1f} %, worst {100 * max(across):.1f} %" if across else "-"
    if within:
        text += f"; median round spread within a run {100 * statistics.median(within):.1f} %"
    print(text)
PY
