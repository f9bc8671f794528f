#!/usr/bin/env bash
# The timeline at 1, 2, 5, 10 and 20 million kernels (docs/benchmarks.md, issue 17): for each size,
# timeline_open's first open (no cache yet: rows read, summarised, the cache written) and its
# cached opens, each run alone under /usr/bin/time -v for its peak memory.
# Usage: timeline_scaling.sh BUILD_DIR SCRATCH_DIR [--nsys] [SIZES...]   (sizes in millions;
#        default 1 2 5 10 20)
# The recordings (with --nsys, Nsight Systems exports, their caches in SCRATCH_DIR/cache) are
# written into SCRATCH_DIR on first use (20 M kernels take about 1.1 GB; as exports, 2 GB).
set -euo pipefail
build="$1" scratch="$2"
shift 2
kind=() prefix=k
if [ "${1:-}" = --nsys ]; then
    kind=(--nsys) prefix=n
    shift
fi
export COSTSCOPE_CACHE_DIR="$scratch/cache"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1 2 5 10 20)
bench="$build/tests/benchmarks/timeline_open"
mkdir -p "$scratch"
printf '%-9s %-13s %-13s %-9s %-11s %-11s %-11s %-11s %-10s %-9s\n' kernels "first data" \
    "first open" "first RSS" "open" "run data" "timeline" "open RSS" "zoom med" "zoom p90"
for m in "${sizes[@]}"; do
    file="$scratch/${prefix}${m}.sqlite"
    kernels=$((m * 1000000))
    first=$(/usr/bin/time -v "$bench" --file "$file" --kernels "$kernels" "${kind[@]}" \
        --first-open 2>&1)
    cached=$(/usr/bin/time -v "$bench" --file "$file" --kernels "$kernels" "${kind[@]}" \
        --repeats 3 --zoom-steps 50 2>&1)
    rss() { awk -F': ' '/Maximum resident/ {printf "%.0f MB", $2 / 1024}'; }
    median() { grep -F "$1" | awk '{print $(NF-2)}'; }
    printf '%-9s %-13s %-13s %-9s %-11s %-11s %-11s %-11s %-10s %-9s\n' "${m} M" \
        "$(echo "$first" | sed -n 's/^first run data.*: \([0-9.]*\) ms/\1 ms/p')" \
        "$(echo "$first" | sed -n 's/.*cache written): \([0-9.]*\) ms.*/\1 ms/p')" \
        "$(echo "$first" | rss)" \
        "$(echo "$cached" | median "open as a user sees it") ms" \
        "$(echo "$cached" | median "run data:") ms" \
        "$(echo "$cached" | median "timeline view:") ms" \
        "$(echo "$cached" | rss)" \
        "$(echo "$cached" | grep -F "zoom/pan step" | awk '{print $(NF-6)}') ms" \
        "$(echo "$cached" | sed -n 's/.*(p90 \([0-9.]*\),.*/\1 ms/p')"
done
