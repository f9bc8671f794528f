#!/usr/bin/env bash
# Installs what is missing, builds costscope (Release), records the quick suite, prints its
# summary and opens the recording: in the costscope window when there is a display, else as an
# HTML report whose path it prints. Extra arguments go to costscope-record, e.g.
# scripts/run.sh --suite standard. Exits with the recorder's status (130 when interrupted: what
# finished is kept and still opened).
# Environment: BUILD_DIR (default build), COSTSCOPE_WITH_CUDA=ON|OFF (default: as found).
set -euo pipefail

# Shows the recording $2 with the costscope executable $1: in a window when there is a display
# ($DISPLAY or $WAYLAND_DISPLAY), else as an HTML report beside it (recordings/<name>.html),
# whose path it prints. Returns the GUI's or the report's exit status.
costscope_show_recording() {
    local gui="$1" recording="$2"
    if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
        echo "==> opening $recording in costscope (close the window to finish)"
        "$gui" "$recording" || return $?
    else
        local report="${recording%.sqlite}.html"
        echo "==> no display: writing the report $report"
        "$gui" --report "$report" "$recording" || return $?
        echo "==> report: $(realpath "$report")"
    fi
}

# The end of a run: opens the recording $2 with the GUI $1 (empty: not built) when the recorder,
# which exited with $3, left one, and returns the recorder's status, else the GUI's.
costscope_finish() {
    local gui="$1" out="$2" status="$3" shown=0
    # Nothing to open when the recorder refused to start (exit 2) or was only asked to --list.
    if [ ! -s "$out" ]; then
        :
    elif [ -z "$gui" ]; then
        echo "==> the costscope GUI was not built (Qt 6 or QCustomPlot missing): not opened"
    else
        costscope_show_recording "$gui" "$out" || shown=$?
        [ "$shown" -eq 0 ] || echo "error: costscope could not show $out (exit $shown)" >&2
    fi
    # The recorder's status first: a failed or interrupted recording stays visible in $?.
    if [ "$status" -ne 0 ]; then
        return "$status"
    fi
    return "$shown"
}

costscope_run() {
    cd "$(dirname "${BASH_SOURCE[0]}")/.."
    # shellcheck source=scripts/setup.sh
    source scripts/setup.sh

    costscope_install "${COSTSCOPE_PACKAGES[@]}"

    local build_dir="${BUILD_DIR:-build}"
    echo "==> configuring $build_dir ($(costscope_cuda_args))"
    cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
        "$(costscope_cuda_args)"
    # The GUI is built when CMake found Qt 6 and QCustomPlot (setup.sh installs them).
    local targets=(costscope-record) gui=""
    if grep -q '^COSTSCOPE_BUILD_GUI:BOOL=ON' "$build_dir/CMakeCache.txt"; then
        targets+=(costscope)
        gui="$build_dir/app/costscope"
    fi
    echo "==> building ${targets[*]}"
    cmake --build "$build_dir" -j "$(nproc)" --target "${targets[@]}"

    mkdir -p recordings
    local out
    out="recordings/quick-$(date +%Y%m%d-%H%M%S).sqlite"
    echo "==> recording the quick suite into $out"
    # Ctrl-C reaches the recorder, which keeps the finished variants and exits with 130; bash
    # goes on because the recorder exited rather than died of the signal.
    local status=0
    "$build_dir/profiler/costscope-record" --suite quick --out "$out" "$@" || status=$?
    echo "==> recording: $out (query it: sqlite3 $out 'SELECT * FROM variant_summary')"

    costscope_finish "$gui" "$out" "$status"
}

# Run when executed; sourcing only defines the functions (for testing the last step alone).
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    costscope_run "$@"
fi
