#!/bin/sh
# Times `costscope --export-trace` on recordings or Nsight Systems exports, alternating between
# them, and prints per file the median wall time and the median peak resident memory of the
# process (GNU time's %e and %M), with the trace's size. Not a test: figures depend on the
# machine (docs/benchmarks.md, "Timeline export to Chrome trace JSON").
# usage: tests/benchmarks/trace_export.sh BUILD_DIR REPEATS FILE.sqlite...
set -eu
build=$1
repeats=$2
shift 2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for round in $(seq "$repeats"); do
    for file in "$@"; do
        name=$(basename "$file" .sqlite)
        /usr/bin/time -f "%e %M" -o "$out/$name.$round.time" \
            "$build/app/costscope" --export-trace "$out/$name.json" "$file" > /dev/null
    done
done
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
printf '%-28s %10s %14s %12s\n' file "wall (s)" "peak RSS (MB)" "trace (MB)"
for file in "$@"; do
    name=$(basename "$file" .sqlite)
    wall=$(cat "$out/$name".*.time | awk '{ print $1 }' | median)
    rss=$(cat "$out/$name".*.time | awk '{ print $2 / 1024 }' | median)
    size=$(stat -c %s "$out/$name.json" | awk '{ printf "%.0f", $1 / 1048576 }')
    printf '%-28s %10s %14.0f %12s\n' "$name" "$wall" "$rss" "$size"
done
