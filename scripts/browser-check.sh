#!/usr/bin/env bash
# Loads an HTML report in headless Chromium, prints the DOM as it stands after the page's scripts
# ran (--dump-dom) and saves a screenshot.
#
#   scripts/browser-check.sh REPORT.html[#FRAGMENT] OUT.png [WIDTH,HEIGHT]
#
# A fragment is passed to the page (the HTML report pins a bar with #pin=N).
# The browser is $CHROMIUM, else the first of chromium, chromium-browser, google-chrome on PATH.
# Exit 77 when none is installed (Debian: apt-get install -y chromium; .ci/run installs it).
# As root Chromium refuses to start without --no-sandbox, so it is passed then.
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 REPORT.html[#FRAGMENT] OUT.png [WIDTH,HEIGHT]" >&2
  exit 64
fi
report=${1%%#*}
fragment=""
case "$1" in *#*) fragment="#${1#*#}" ;; esac
shot=$2
size=${3:-1440,1000}
[ -f "$report" ] || { echo "browser-check: no such file: $report" >&2; exit 66; }

browser=${CHROMIUM:-}
if [ -z "$browser" ]; then
  for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then browser=$(command -v "$candidate"); break; fi
  done
fi
if [ -z "$browser" ]; then
  echo "browser-check: chromium not found; install it (apt-get install -y chromium) or set CHROMIUM" >&2
  exit 77
fi

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
flags=(--headless --disable-gpu --no-first-run --no-default-browser-check --disable-dev-shm-usage
       --disable-extensions --hide-scrollbars --user-data-dir="$profile")
[ "$(id -u)" = 0 ] && flags+=(--no-sandbox)

url="file://$(cd "$(dirname "$report")" && pwd)/$(basename "$report")$fragment"
case "$shot" in /*) ;; *) shot="$PWD/$shot" ;; esac

# The DOM after load (scripts that run at parse time have run), on stdout.
"$browser" "${flags[@]}" --dump-dom "$url" 2>"$profile/dump.err" || { cat "$profile/dump.err" >&2; exit 1; }
# The screenshot, of the top of the page at the given window size.
"$browser" "${flags[@]}" --window-size="$size" --screenshot="$shot" "$url" >/dev/null 2>"$profile/shot.err" \
  || { cat "$profile/shot.err" >&2; exit 1; }
[ -s "$shot" ] || { echo "browser-check: no screenshot written to $shot" >&2; cat "$profile/shot.err" >&2; exit 1; }
