#!/usr/bin/env bash
# Measures tkgqa on a large generated log: MB/s and peak RSS for `events` (JSON Lines to /dev/null),
# `events --count`, `analyze --format json` on one thread (--jobs 1) and on two (--jobs 2: segments of the
# file analyzed side by side), beside `LC_ALL=C grep -cE` with a 10-way alternation on the
# same file. Usage: scripts/bench.sh [SIZE] [NOISE] (default 1G, 0). NOISE controller-log lines follow each
# CLI line (0: a -v 9 audit log, ~90% of lines are events; 9: one line in ten is). Needs a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-1G}
noise=${2:-0}
bin=.build/release/tkgqa
[ -x "$bin" ] || { echo "bench: build first: swift build -c release" >&2; exit 2; }
mkdir -p bench-data
log=bench-data/generated-$size-noise$noise.log
[ -f "$log" ] || "$bin" generate --size "$size" --seed 1 --noise "$noise" -o "$log"
bytes=$(stat -c %s "$log")
cat "$log" > /dev/null  # warm the page cache
measure() {
  local name=$1; shift
  # Output to a file, not /dev/null: GNU grep stops at the first match when it sees /dev/null.
  /usr/bin/time -f "%e %U %S %M" -o /tmp/tkgqa-bench.time "$@" > "${out:-/dev/null}" || true
  read -r secs user sys rss < /tmp/tkgqa-bench.time
  awk -v n="$name" -v b="$bytes" -v s="$secs" -v c="$(awk -v u="$user" -v y="$sys" 'BEGIN { print u + y }')" -v r="$rss" \
    'BEGIN { printf "%-34s %6.2f s wall %6.2f s CPU %6.0f MB/s %6.0f MB/s per CPU-second %7.1f MB peak RSS\n", n, s, c, b / 1048576 / s, b / 1048576 / c, r / 1024 }'
}
echo "input: $log, $("$bin" events --count "$log" | awk '{ n += $2 } END { print n }') events in ($(awk -v b="$bytes" 'BEGIN { printf "%.0f MB", b / 1048576 }'), $(wc -l < "$log") lines)"
measure "tkgqa events" "$bin" events "$log"
measure "tkgqa events --count" "$bin" events --count "$log"
measure "tkgqa analyze --format json --jobs 1" "$bin" analyze --format json --jobs 1 "$log"
measure "tkgqa analyze --format json --jobs 2" "$bin" analyze --format json --jobs 2 "$log"
out=/tmp/tkgqa-bench.out measure "LC_ALL=C grep -cE (10-way)" env LC_ALL=C grep -cE 'still being initialized|state is unchanged|worker nodes are still|waiting for package|successfully reconciled|Validating configuration|creating workload cluster|waiting for cluster nodes|Package to be installed|Workload cluster' "$log"
