#!/usr/bin/env bash
# Screenshots of every view of the desktop application, as users see it: the real `costscope`
# window under Xvfb, captured with ImageMagick's import. Writes docs/images/<view>.png.
# Usage: scripts/screenshots.sh BASE.sqlite CANDIDATE.sqlite [BUILD_DIR]
#   The candidate's newest run is shown in every view; the "compare-runs" shot compares it with
#   the baseline's newest run. Needs: xvfb imagemagick (apt-get install xvfb imagemagick).
set -euo pipefail
cd "$(dirname "$0")/.."
base="$1"
candidate="$2"
app="${3:-build}/app/costscope"
out=docs/images
mkdir -p "$out"

display=":93"
Xvfb "$display" -screen 0 1400x860x24 -nolisten tcp &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
export DISPLAY="$display"
unset QT_QPA_PLATFORM

shoot() {  # shoot NAME VIEW ARGS...: start the window on VIEW, wait for it to draw, capture it
    local name="$1" view="$2"
    shift 2
    "$app" --view "$view" "$@" &
    local pid=$!
    sleep "${SHOT_WAIT:-5}"
    import -window root -crop 1400x860+0+0 "$out/$name.png"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    echo "==> $out/$name.png"
}

shoot trade-off "Trade-off" "$candidate"
shoot compare "Compare" "$candidate"
shoot sweeps "Sweeps" "$candidate"
shoot roofline "Roofline" "$candidate"
shoot timeline "Timeline" "$candidate"
shoot tables "Tables" "$candidate"
shoot compare-runs "Compare runs" --baseline "$base" "$candidate"
