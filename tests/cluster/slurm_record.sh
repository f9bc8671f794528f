#!/usr/bin/env bash
# Issue 16's cluster test: starts a one-node SLURM cluster on this machine (munged, slurmctld and
# slurmd on loopback, as the user running the test, everything in a temporary folder), records a
# short suite through scripts/slurm/submit.sh as a two-task array, as two shards, and as a
# two-task array whose task 1 fails, lets the merge jobs run, and checks the merged files: two
# runs of every variant, one run of every variant, then task 0's run and the failure named;
# nothing twice. Every job and daemon is stopped and the folder removed on any exit.
# Usage: slurm_record.sh SOURCE_DIR COSTSCOPE_RECORD COSTSCOPE_MERGE
# Exit 0 passed, 1 failed, 77 skipped (SLURM or munge not installed: the reason is printed).
# Environment: CLUSTER_KEEP=1 keeps the folder (the daemons' logs) for a look.
set -euo pipefail
src=$1 record=$2 merge=$3

skip() { echo "SKIPPED (not passed): $*"; exit 77; }
fail() { echo "FAILED: $*" >&2; exit 1; }
say() { echo "[cluster $(date +%H:%M:%S)] $*"; }

# The daemons live in sbin, which an ordinary user's PATH often lacks.
export PATH="$PATH:/usr/sbin:/sbin"
missing=()
for program in munged mungekey slurmctld slurmd sbatch squeue scontrol scancel sinfo; do
    command -v "$program" >/dev/null || missing+=("$program")
done
[ ${#missing[@]} -eq 0 ] ||
    skip "SLURM and munge are not installed (no ${missing[*]}): scripts/test.sh installs" \
        "Debian's slurm-wlm and munge (scripts/setup.sh, COSTSCOPE_TEST_PACKAGES)"
command -v sqlite3 >/dev/null || fail "no sqlite3 to check the recordings with (scripts/setup.sh installs it)"
for program in "$record" "$merge"; do
    [ -x "$program" ] || fail "$program is not an executable"
done
bin=$(cd "$(dirname "$record")" && pwd)
[ "$(cd "$(dirname "$merge")" && pwd)" = "$bin" ] ||
    fail "costscope-record and costscope-merge must be in one folder, as in the bundle: $record, $merge"

# /tmp, not $TMPDIR: munged accepts a socket only in a folder that nobody else may write to,
# under parents that are root's or sticky, and the socket's path must fit in 108 bytes.
work=$(mktemp -d /tmp/costscope-slurm.XXXXXX)
chmod 755 "$work"  # munged: every user must be able to reach the socket
user=$(id -un)
conf="$work/slurm.conf"
# Nothing of another cluster (a job this test runs in, a user's SBATCH_PARTITION) reaches this one.
while read -r name; do unset "$name"; done < <(compgen -e | grep -E '^(SLURM|SBATCH|SALLOC|SRUN)_' || true)
export SLURM_CONF="$conf"
# Every process of this cluster inherits this, jobs included: what cleanup kills stragglers by.
export COSTSCOPE_CLUSTER_TEST="$work"
daemons=()  # "name pid"

# Whether the process runs (a zombie has ended).
alive() {
    local state
    state=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) || return 1
    [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

# Stops one daemon: SIGTERM, up to 10 s to exit, then SIGKILL.
stop_daemon() {
    local name=$1 pid=$2 i=0
    kill "$pid" 2>/dev/null || true
    while alive "$pid" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    if alive "$pid"; then
        echo "$name ($pid) did not stop within 10 s: killing it" >&2
        kill -9 "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

# Whether a process belongs to this cluster: a job's processes carry the mark in their
# environment; slurmstepd, which slurmd starts with an environment of its own, keeps slurmd's
# log in the folder open.
left_by_cluster() {
    local fd comm=""
    tr '\0' '\n' 2>/dev/null <"/proc/$1/environ" | grep -qxF "COSTSCOPE_CLUSTER_TEST=$work" && return 0
    read -r comm 2>/dev/null <"/proc/$1/comm" || true
    [ "$comm" = slurmstepd ] || return 1
    for fd in "/proc/$1"/fd/*; do
        [[ "$(readlink "$fd" 2>/dev/null)" == "$work"/* ]] && return 0
    done
    return 1
}

# Stops every job and daemon of this test (jobs first, so that slurmd ends them), kills what is
# left of the cluster, and removes the folder, whatever happened.
cleanup() {
    local status=$? i name pid proc
    trap - EXIT INT TERM
    if [ ${#daemons[@]} -gt 0 ] && [ -f "$conf" ]; then
        timeout 5 scancel --user="$user" 2>/dev/null || true
        wait_for 10 queue_empty || true
    fi
    for ((i = ${#daemons[@]} - 1; i >= 0; i--)); do
        read -r name pid <<<"${daemons[i]}"
        stop_daemon "$name" "$pid"
    done
    for proc in /proc/[0-9]*; do
        pid=${proc#/proc/}
        if [ "$pid" != $$ ] && left_by_cluster "$pid"; then
            echo "killing $pid, left by the cluster: $(tr '\0' ' ' 2>/dev/null <"$proc/cmdline")" >&2
            kill -9 "$pid" 2>/dev/null || true
        fi
    done
    if [ "${CLUSTER_KEEP:-0}" = 1 ]; then
        echo "kept $work"
    else
        rm -rf "$work"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Polls "$@" every half second until it succeeds, for at most $1 seconds.
wait_for() {
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        [ $SECONDS -lt $deadline ] || return 1
        sleep 0.5
    done
}

# A TCP port from 20000 to 59999 that nothing listens on (state 0A in /proc/net/tcp*).
free_port() {
    local listening port
    listening=$(awk 'NR > 1 && $4 == "0A" { split($2, a, ":"); print a[2] }' \
        /proc/net/tcp /proc/net/tcp6 2>/dev/null | while read -r hex; do echo $((16#$hex)); done)
    while :; do
        port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
        grep -qx "$port" <<<"$listening" || { echo "$port"; return; }
    done
}

start_munge() {
    mkdir -m 700 "$work/munge"
    mungekey --create --keyfile="$work/munge/munge.key" || fail "mungekey could not make a key"
    chmod 755 "$work/munge"
    munged --foreground --socket="$work/munge/socket" --key-file="$work/munge/munge.key" \
        --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" \
        --seed-file="$work/munge/munged.seed" >"$work/munge/munged.out" 2>&1 </dev/null &
    daemons+=("munged $!")
    wait_for 10 test -S "$work/munge/socket" || {
        cat "$work/munge/munged.out" "$work/munge/munged.log" 2>/dev/null
        fail "munged did not start (its log is above)"
    }
}

# The one node is this machine as slurmd -C sees it (CPUs, sockets, cores, threads), named
# "costscope", reached on 127.0.0.1. Memory is no consumable here (CR_Core): a little is enough.
write_conf() {
    local host hardware
    host=$(uname -n)
    hardware=$(slurmd -C | head -n 1) || fail "slurmd -C could not describe this machine"
    hardware=$(sed 's/^NodeName=[^ ]* //; s/RealMemory=[0-9]*/RealMemory=500/' <<<"$hardware")
    mkdir -p "$work/state" "$work/spool" "$work/log"
    cat >"$conf" <<CONF
ClusterName=costscope-test
SlurmctldHost=${host%%.*}(127.0.0.1)
SlurmctldPort=$1
SlurmdPort=$2
SlurmUser=$user
SlurmdUser=$user
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$work/munge/socket
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
NodeName=costscope NodeAddr=127.0.0.1 $hardware State=UNKNOWN
PartitionName=local Nodes=costscope Default=YES MaxTime=INFINITE State=UP
CONF
    # slurmd 22.05 starts a cgroup plugin whatever the plugins above: the v1 plugin starts where
    # no cgroup file system is mounted (a chroot), which autodetection refuses.
    echo "CgroupPlugin=cgroup/v1" >"$work/cgroup.conf"
}

# SLURM's clients retry a controller that does not answer for long: every call here is bounded.
job_state() { timeout 5 scontrol show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | sort -u | tr '\n' ' '; }
queue_empty() { local queue; queue=$(timeout 5 squeue --noheader --user="$user" 2>/dev/null) && [ -z "$queue" ]; }
node_idle() { [ "$(timeout 5 sinfo --noheader --nodes=costscope --format=%t 2>/dev/null)" = idle ]; }

# slurmctld and slurmd on two free ports; a port taken between the look and the bind (tests run
# in parallel) is tried again with others.
start_slurm() {
    local attempt ctld_port slurmd_port
    for attempt in 1 2 3; do
        ctld_port=$(free_port)
        until slurmd_port=$(free_port) && [ "$slurmd_port" != "$ctld_port" ]; do :; done
        write_conf "$ctld_port" "$slurmd_port"
        slurmctld -D -f "$conf" >"$work/log/slurmctld.out" 2>&1 </dev/null &
        daemons+=("slurmctld $!")
        slurmd -D -N costscope -f "$conf" >"$work/log/slurmd.out" 2>&1 </dev/null &
        daemons+=("slurmd $!")
        wait_for 30 node_idle && return 0
        if grep -qi "address already in use" "$work"/log/*; then
            say "a port was taken (attempt $attempt): starting again on others"
            stop_slurm
            continue
        fi
        break
    done
    for log in "$work"/log/* "$work/munge/munged.log"; do echo "--- $log"; tail -n 30 "$log"; done
    timeout 5 sinfo 2>&1 || true
    fail "the SLURM daemons did not bring up an idle node within 30 s (their logs are above)"
}

stop_slurm() {
    local entry name pid kept=()
    for entry in "${daemons[@]}"; do
        read -r name pid <<<"$entry"
        if [ "$name" = munged ]; then kept+=("$entry"); else stop_daemon "$name" "$pid"; fi
    done
    daemons=("${kept[@]}")
    rm -rf "$work/state" "$work/spool" "$work/log"
}

start_munge
start_slurm
say "a one-node cluster runs as $user: $(timeout 5 sinfo --noheader --format='%P %D %c CPUs %t')"

# A short filtered suite: two or three small CPU variants, a few seconds per task.
filter=(--suite quick --devices cpu --only 'gemm/fp32/*' --min-time 0.01 --warmup 1 --rounds 1 --no-energy)
expected=$("$record" --list "${filter[@]}" | sed '/^$/q' | sed '/^$/d' | LC_ALL=C sort)
[ -n "$expected" ] || fail "costscope-record --list ${filter[*]} lists no variant"
count=$(wc -l <<<"$expected")
say "the suite: $count variants (${expected//$'\n'/ })"

# Runs submit.sh with these options, writing into $work/shared/NAME with the programs in BIN,
# and waits until every job it submitted has ended; sets dir, job (the recording's array job),
# merge_job and merged (the merge's file).
record_on_cluster() {
    local name=$1 programs=$2 submitted
    shift 2
    dir="$work/shared/$name"
    mkdir -p "$dir"
    submitted=$(timeout 60 "$src/scripts/slurm/submit.sh" --dir "$dir" --bin "$programs" "$@" -- "${filter[@]}") ||
        fail "submit.sh $* failed: $submitted"
    sed 's/^/    /' <<<"$submitted"
    job=$(awk '/^recording:/ { sub(",", "", $3); print $3 }' <<<"$submitted")
    merge_job=$(awk '/^merge:/ { sub(",", "", $3); print $3 }' <<<"$submitted")
    merged=$(awk '/^merge:/ { print $NF }' <<<"$submitted")
    [ -n "$job" ] && [ -n "$merge_job" ] && [ -n "$merged" ] || fail "submit.sh did not say what it submitted"
    if ! wait_for 180 queue_empty; then
        timeout 5 squeue >&2 || true
        fail "the jobs did not end within 180 s"
    fi
}

# Fails unless job (or array task) $1 ended in state $2.
expect_state() {
    local state
    state=$(job_state "$1")
    [ "$state" = "JobState=$2 " ] && return 0
    tail -n 40 "$dir"/logs/* >&2
    fail "job $1 ended ${state:-in no state SLURM still knows}rather than $2 (the jobs' logs are above)"
}

# Fails unless the tasks given wrote DIR/<suite>-<host>-<jobid>_<task>.sqlite.
expect_task_files() {
    local task
    for task; do
        [ -f "$dir/quick-$host-${job}_$task.sqlite" ] ||
            fail "task $task did not write quick-$host-${job}_$task.sqlite: $(ls "$dir")"
    done
}

query() { sqlite3 -batch -noheader "$1" "$2"; }

# Fails unless the merged file holds $1 runs, each with every expected variant once, measured.
expect_runs() {
    local runs=$1 run names
    [ -f "$merged" ] || fail "the merge wrote no $merged"
    [ "$(query "$merged" 'SELECT count(*) FROM runs')" = "$runs" ] ||
        fail "$merged holds $(query "$merged" 'SELECT count(*) FROM runs') runs, not $runs"
    [ "$(query "$merged" 'SELECT count(DISTINCT uid) FROM runs')" = "$runs" ] ||
        fail "$merged holds one run twice: $(query "$merged" 'SELECT id, uid FROM runs')"
    for run in $(query "$merged" 'SELECT id FROM runs ORDER BY id'); do
        names=$(query "$merged" "SELECT name FROM variants WHERE run_id = $run ORDER BY name")
        [ "$names" = "$expected" ] ||
            fail "run $run of $merged does not hold every variant once:"$'\n'"$(diff <(echo "$expected") <(echo "$names"))"
        [ "$(query "$merged" "SELECT count(*) FROM variants WHERE run_id = $run AND status != 'ok'")" = 0 ] ||
            fail "run $run of $merged has variants that are not ok: $(query "$merged" "SELECT name, status FROM variants WHERE run_id = $run AND status != 'ok'")"
    done
}

host=$(uname -n)

started=$SECONDS
say "a two-task array, each task recording the whole suite"
record_on_cluster tasks "$bin" --tasks 2
expect_state "$job" COMPLETED
expect_state "$merge_job" COMPLETED
expect_task_files 0 1
expect_runs 2
say "passed: $merged holds 2 runs of $count variants ($((SECONDS - started)) s)"

started=$SECONDS
say "two shards of the suite, merged into one run"
record_on_cluster shards "$bin" --shards 2
expect_state "$job" COMPLETED
expect_state "$merge_job" COMPLETED
expect_task_files 0 1
expect_runs 1
[ "$(query "$merged" 'SELECT shard_count FROM runs')" = 2 ] &&
    [ "$(query "$merged" 'SELECT group_concat(shard_index) FROM run_shards')" = 0,1 ] ||
    fail "the merged run is not made of shards 0 and 1 of 2: $(query "$merged" 'SELECT * FROM run_shards')"
say "passed: $merged holds 1 run of $count variants from 2 shards ($((SECONDS - started)) s)"

# A recorder that fails on task 1, as on a broken node: the merge still runs (afterany), takes
# task 0's run, names task 1 and ends FAILED, so that the queue shows it.
started=$SECONDS
say "a two-task array whose task 1 fails"
mkdir -p "$work/failing"
cat >"$work/failing/costscope-record" <<SCRIPT
#!/bin/sh
[ "\$SLURM_ARRAY_TASK_ID" != 1 ] || { echo "costscope-record: failing on purpose (the cluster test)" >&2; exit 1; }
exec "$bin/${record##*/}" "\$@"
SCRIPT
chmod 755 "$work/failing/costscope-record"
ln -s "$bin/${merge##*/}" "$work/failing/costscope-merge"
record_on_cluster failing "$work/failing" --tasks 2
expect_state "${job}_0" COMPLETED
expect_state "${job}_1" FAILED
expect_state "$merge_job" FAILED
expect_task_files 0
grep -q "no recording from task ${job}_1 " "$dir/logs/costscope-merge-quick-$merge_job.out" ||
    fail "the merge's log does not name task ${job}_1: $(cat "$dir/logs/costscope-merge-quick-$merge_job.out")"
expect_runs 1
say "passed: $merged holds task 0's run; the merge named task 1 and failed ($((SECONDS - started)) s)"
say "all passed in $SECONDS s"
