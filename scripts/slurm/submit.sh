#!/usr/bin/env bash
# Records a costscope suite on a SLURM cluster (docs/cluster.md): submits record.sbatch as one job
# array per group of nodes, each task writing DIR/<suite>-<host>-<jobid>_<task>.sqlite, then
# merge.sbatch with --dependency=afterany on every array, which merges the tasks' files into
# DIR/<suite>-<jobid>.sqlite (<jobid> of the first array) once they have all ended.
#
#   scripts/slurm/submit.sh --dir /shared/costscope --tasks 4 -- --suite standard
#   scripts/slurm/submit.sh --dir /shared/costscope --shards 8 \
#       --sbatch '--partition=h100 --gres=gpu:1' -- --suite full
#   scripts/slurm/submit.sh --dir /shared/costscope --sbatch '--partition=gpu --constraint=a100' \
#       --sbatch '--partition=gpu --constraint=h100' -- --suite standard
#
# Options:
#   --dir DIR           the shared folder for the recordings and SLURM's logs (DIR/logs); it is
#                       made if missing, and every node must see it at the same path
#   --bin DIR           the folder holding costscope-record and costscope-merge, at the same path
#                       on every node: the unpacked recorder bundle, or a build's profiler/.
#                       Default: $COSTSCOPE_BIN, else costscope-recorder/ beside this script,
#                       else this checkout's bundle/costscope-recorder (bundle-recorder.sh),
#                       else the folder of costscope-record on PATH
#   --tasks N           N tasks per array (ids 0 to N-1), each recording the whole suite on its
#                       node: a run per task (default 1)
#   --shards N          N tasks per array, task I recording part I of N of the suite
#                       (costscope-record --shard I/N) on N identical nodes: the merge makes
#                       them one run
#   --sbatch 'OPTIONS'  sbatch options for one array, split at spaces (no quotes inside); give it
#                       once per machine type to record each type in an array of its own
#                       (default: one array, with none)
#   --merge-sbatch 'OPTIONS'  sbatch options for the merge job, e.g. a CPU partition
#   -- ...              costscope-record's options, for every task (not --out)
# sbatch's environment variables (SBATCH_ACCOUNT, SBATCH_PARTITION, SBATCH_TIMELIMIT ...) apply
# to every job. Prints a line per array ("recording: job J ...") and the merge's last
# ("merge: job M ...: OUT"). Exit: 0 submitted; 1 sbatch refused a job (the jobs submitted
# before it are cancelled); 2 a usage error.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

usage() {
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
    exit 0
}
die() { echo "submit.sh: $*" >&2; exit 2; }

dir="" bin="${COSTSCOPE_BIN:-}" tasks="" shards="" merge_sbatch="" groups=()
while [ $# -gt 0 ]; do
    case "$1" in
        --dir) dir=${2:-}; shift 2 || die "--dir needs a folder" ;;
        --bin) bin=${2:-}; shift 2 || die "--bin needs a folder" ;;
        --tasks) tasks=${2:-}; shift 2 || die "--tasks needs a number" ;;
        --shards) shards=${2:-}; shift 2 || die "--shards needs a number" ;;
        --sbatch) groups+=("${2:-}"); shift 2 || die "--sbatch needs options" ;;
        --merge-sbatch) merge_sbatch=${2:-}; shift 2 || die "--merge-sbatch needs options" ;;
        -h | --help) usage ;;
        --) shift; break ;;
        *) die "unknown option '$1' (costscope-record's options go after --; --help lists these)" ;;
    esac
done
record_args=("$@")

[ -n "$dir" ] || die "--dir is missing: the shared folder to write the recordings to"
[ -z "$tasks" ] || [ -z "$shards" ] || die "give --tasks or --shards, not both"
count=${shards:-${tasks:-1}}
[[ "$count" =~ ^[1-9][0-9]*$ ]] || die "--tasks and --shards take a whole number from 1, not '$count'"
[ ${#groups[@]} -gt 0 ] || groups=("")
command -v sbatch >/dev/null || die "sbatch is not on PATH: run this on a SLURM login node"

# The suite's name as costscope-record stores it (a built-in name, or a suite file's stem):
# record.sbatch names each task's file with it the same way.
suite=quick
for ((i = 0; i < ${#record_args[@]}; i++)); do
    case "${record_args[i]}" in
        --suite) suite=${record_args[i + 1]:-} ;;
        --suite=*) suite=${record_args[i]#--suite=} ;;
        --out | --out=*) die "do not pass --out: each task writes DIR/<suite>-<host>-<jobid>_<task>.sqlite" ;;
    esac
done
suite=$(basename "$suite" .json)

if [ -z "$bin" ]; then
    if [ -d "$here/costscope-recorder" ]; then
        bin="$here/costscope-recorder"
    elif [ -d "$here/../../bundle/costscope-recorder" ]; then
        bin="$here/../../bundle/costscope-recorder"
    elif record=$(command -v costscope-record); then
        bin=$(dirname "$record")
    else
        die "no costscope-record found: give --bin DIR (the unpacked recorder bundle, or" \
            "build/profiler), set COSTSCOPE_BIN, or put it on PATH"
    fi
fi
for program in costscope-record costscope-merge; do
    [ -x "$bin/$program" ] || die "$bin/$program is missing (--bin must hold both programs)"
done
bin=$(cd "$bin" && pwd)
mkdir -p "$dir/logs"
dir=$(cd "$dir" && pwd)

# A refused submission cancels the arrays already queued, so nothing runs half of the request.
jobs=()
refused() {
    echo "submit.sh: sbatch refused the $1 (above)${jobs[*]:+; cancelling job ${jobs[*]}}" >&2
    [ ${#jobs[@]} -eq 0 ] || scancel "${jobs[@]}" || true
    exit 1
}

tasks_text="tasks 0-$((count - 1))${shards:+ (shards)}"
[ "$count" != 1 ] || tasks_text="task 0${shards:+ (shards)}"
record_opts=(--dir "$dir" --bin "$bin")
[ -z "$shards" ] || record_opts+=(--shards)
for group in "${groups[@]}"; do
    read -ra group_opts <<<"$group"
    id=$(sbatch --parsable --array="0-$((count - 1))" --job-name="costscope-$suite" \
        --output="$dir/logs/%x-%A_%a.out" "${group_opts[@]}" \
        "$here/record.sbatch" "${record_opts[@]}" -- "${record_args[@]}") || refused "array ${group:-}"
    jobs+=("${id%%;*}")
    echo "recording: job ${id%%;*}, $tasks_text${group:+, sbatch $group}"
done

out="$dir/$suite-${jobs[0]}.sqlite"
read -ra merge_opts <<<"$merge_sbatch"
arrays=()
for job in "${jobs[@]}"; do arrays+=("$job:$count"); done
id=$(sbatch --parsable --dependency="afterany:$(IFS=:; echo "${jobs[*]}")" \
    --job-name="costscope-merge-$suite" --output="$dir/logs/%x-%j.out" "${merge_opts[@]}" \
    "$here/merge.sbatch" --dir "$dir" --suite "$suite" --out "$out" --bin "$bin" "${arrays[@]}") ||
    refused "merge job"
echo "merge: job ${id%%;*}, after job ${jobs[*]}: $out"
