#!/usr/bin/env bash
# Runs one libFuzzer harness for a fixed time over its checked-in corpus, as CTest's fuzz entries
# do. New inputs go to a scratch corpus in the build tree (the checked-in one is only read);
# a crash, leak, sanitizer report, timeout (a hang) or out-of-memory fails the run and leaves the
# input in the scratch folder's artifacts/, to be added to the checked-in corpus once fixed.
# Usage: run-fuzzer.sh FUZZER CORPUS SCRATCH SECONDS [libFuzzer options...]
set -euo pipefail
fuzzer="$1" corpus="$2" scratch="$3" seconds="$4"
shift 4
mkdir -p "$scratch/new" "$scratch/artifacts"
# UBSan stops at the first report; ASan checks leaks at exit.
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$(dirname "$(realpath "$0")")/lsan-suppressions.txt}"
exec "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
    -print_final_stats=1 -artifact_prefix="$scratch/artifacts/" "$@" "$scratch/new" "$corpus"
