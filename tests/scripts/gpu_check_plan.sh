#!/usr/bin/env bash
# scripts/gpu-check.sh --dry-run: the plan of each phase fits the budget a lent GPU machine
# allows (480 s), names every step, runs nothing; a bad --phase is a usage error.
# Usage: gpu_check_plan.sh SOURCE_DIR
set -uo pipefail
script="$1/scripts/gpu-check.sh"
fail() { echo "FAILED: $*" >&2; exit 1; }

out=$(OUT=/nonexistent/never-written "$script" --dry-run) || fail "--dry-run exited $?: $out"
echo "$out"
for step in gpu-tests cupti-tests recorder-gpu-tests correctness-suite launch-overhead \
    collector-overhead standard-suite; do
    grep -q " $step " <<<"$out" || fail "the plan lacks $step"
done
total=$(awk '$1 == "total" { print $2 }' <<<"$out")
[ -n "$total" ] && [ "$total" -le 480 ] || fail "the plan takes ${total:-?} s, over 480 s"
grep -q "within" <<<"$out" || fail "the plan does not say it is within the budget"
[ ! -e /nonexistent/never-written ] || fail "the dry run wrote its output folder"

for phase in correctness figures; do
    part=$("$script" --dry-run --phase "$phase") || fail "--phase $phase --dry-run exited $?"
    other=$([ "$phase" = correctness ] && echo figures || echo correctness)
    grep -q "^  $other " <<<"$part" && fail "--phase $phase plans $other steps"
    grep -q "^  $phase " <<<"$part" || fail "--phase $phase plans none of its steps"
done

"$script" --phase everything --dry-run >/dev/null 2>&1
[ $? = 2 ] || fail "an unknown phase is not a usage error (exit 2)"
echo "gpu-check.sh plans: all $total s within 480 s"
