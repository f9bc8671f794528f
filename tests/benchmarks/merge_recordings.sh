#!/bin/sh
# Times costscope-merge on COPIES recordings made from one (each copy a run of its own: a new
# uid and start), into a new file, REPEATS times, alternating with a tenth as many inputs to
# show that memory does not grow with them; then the same merge again into its own output,
# which adds nothing. Prints median wall time and median peak resident memory (GNU time's %e
# and %M). Not a test: figures depend on the machine (docs/benchmarks.md, "Merging recordings").
# usage: tests/benchmarks/merge_recordings.sh BUILD_DIR RECORDING.sqlite COPIES REPEATS
set -eu
build=$1
recording=$2
copies=$3
repeats=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for i in $(seq "$copies"); do
    cp "$recording" "$work/in-$i.sqlite"
    sqlite3 "$work/in-$i.sqlite" \
        "UPDATE runs SET started_unix_ns = started_unix_ns + $i, uid = 'bench/$i/' || id;"
done
few=$((copies / 10))
inputs() { seq "$1" | sed "s|.*|$work/in-&.sqlite|"; }
for round in $(seq "$repeats"); do
    for n in "$copies" "$few"; do
        rm -f "$work/out-$n.sqlite"
        # shellcheck disable=SC2046
        /usr/bin/time -f "%e %M" -o "$work/merge-$n.$round.time" \
            "$build/profiler/costscope-merge" -q "$work/out-$n.sqlite" $(inputs "$n")
    done
    # shellcheck disable=SC2046
    /usr/bin/time -f "%e %M" -o "$work/again.$round.time" \
        "$build/profiler/costscope-merge" -q "$work/out-$copies.sqlite" $(inputs "$copies")
done
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
rows() {
    sqlite3 "$1" "SELECT (SELECT count(*) FROM runs) || ' runs, ' ||
        (SELECT count(*) FROM variants) || ' variants, ' || (SELECT count(*) FROM samples) ||
        ' samples, ' || (SELECT count(*) FROM kernel_launches) || ' kernels'"
}
echo "one input: $(rows "$recording"), $(stat -c %s "$recording" | awk '{ printf "%.1f", $1 / 1048576 }') MB"
printf '%-34s %10s %14s %12s\n' merge "wall (s)" "peak RSS (MB)" "output (MB)"
for case in "merge-$copies" "merge-$few" again; do
    wall=$(cat "$work/$case".*.time | awk '{ print $1 }' | median)
    rss=$(cat "$work/$case".*.time | awk '{ print $2 / 1024 }' | median)
    case $case in
        again) label="$copies inputs again (nothing new)"; file="$work/out-$copies.sqlite" ;;
        *) n=${case#merge-}; label="$n inputs into a new file"; file="$work/out-$n.sqlite" ;;
    esac
    size=$(stat -c %s "$file" | awk '{ printf "%.0f", $1 / 1048576 }')
    printf '%-34s %10s %14.0f %12s\n' "$label" "$wall" "$rss" "$size"
done
echo "output: $(rows "$work/out-$copies.sqlite")"
