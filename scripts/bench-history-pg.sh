#!/usr/bin/env bash
# Measures `tkgqa gate` against a PostgreSQL history of N runs (default 100,000; issue 10 asks for
# under 1 s). Seeds the history through `tkgqa history import` of a generated JSON Lines export
# (realistic labels: 20 testbeds x 3 providers x 2 plans x 2 TKG versions x 2 CNIs), then times the
# gate 10 times for a run whose labels match ~1/480 of the history, and 10 times with --match plan
# (half the history matches).
#
# Usage: scripts/bench-history-pg.sh [N]. Needs a release build (swift build -c release) and psql.
# Uses the server in TKGQA_TEST_POSTGRES_URL, else starts a throwaway one with pg-test-cluster.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
bin=.build/release/tkgqa
[ -x "$bin" ] || { echo "bench: build first: swift build -c release" >&2; exit 2; }
own_cluster=""
if [ -z "${TKGQA_TEST_POSTGRES_URL:-}" ]; then
  eval "$(scripts/pg-test-cluster.sh start)"
  own_cluster=$TKGQA_PG_DIR
  trap 'scripts/pg-test-cluster.sh stop "$own_cluster"' EXIT
fi
server=${TKGQA_TEST_POSTGRES_URL%/*}
hostport=${server#*@}
user=${server#postgres://}; user=${user%@*}
psql_() { psql -X -q -v ON_ERROR_STOP=1 -h "${hostport%:*}" -p "${hostport#*:}" -U "$user" -d postgres "$@"; }
psql_ -c "DROP DATABASE IF EXISTS tkgqa_bench WITH (FORCE)" -c "CREATE DATABASE tkgqa_bench"
url="$server/tkgqa_bench"
work=$(mktemp -d); trap 'rm -rf "$work"; [ -z "$own_cluster" ] || scripts/pg-test-cluster.sh stop "$own_cluster"' EXIT

python3 - "$n" "$work" <<'EOF'
import json, random, sys, datetime
n, work = int(sys.argv[1]), sys.argv[2]
rng = random.Random(10)
t0 = datetime.datetime(2023, 1, 1, tzinfo=datetime.timezone.utc)
def ts(t): return t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
def summary(i, t, labels, scale=1.0):
    phases = {"validate": 20, "control-plane": 400 * scale, "nodes": 160, "addons/kapp-controller": 60, "addons/antrea": 90}
    rows = [{"cluster": f"wl-{i}", "durationSeconds": round(rng.lognormvariate(0, 0.2) * v, 3), "loops": [],
             "operation": "workload-create", "outcome": "ok", "phase": p} for p, v in phases.items()]
    total = sum(r["durationSeconds"] for r in rows)
    rows.insert(0, {"cluster": f"wl-{i}", "durationSeconds": total, "loops": [], "operation": "workload-create", "outcome": "ok", "phase": "(total)"})
    return {"end": ts(t + datetime.timedelta(seconds=total)), "hash": "", "inputs": [f"run-{i}.log"], "labels": labels,
            "outcome": "ok", "phases": rows, "schemaVersion": 1, "start": ts(t)}
def labels():
    return {"testbed": f"tb{rng.randrange(20):02d}", "provider": rng.choice(["vsphere", "aws", "azure"]), "plan": rng.choice(["dev", "prod"]),
            "tkgVersion": rng.choice(["v2.4.1", "v2.5.1"]), "kubernetesVersion": "v1.28.7+vmware.1", "cni": rng.choice(["antrea", "calico"])}
with open(f"{work}/history.jsonl", "w") as f:
    for i in range(n):
        f.write(json.dumps({"summary": summary(i, t0 + datetime.timedelta(minutes=5 * i), labels())}, sort_keys=True) + "\n")
current = {"testbed": "tb07", "provider": "vsphere", "plan": "dev", "tkgVersion": "v2.5.1", "kubernetesVersion": "v1.28.7+vmware.1", "cni": "antrea"}
with open(f"{work}/current.json", "w") as f:
    json.dump(summary(n, t0 + datetime.timedelta(minutes=5 * n), current, scale=2.0), f, sort_keys=True)
EOF
echo "history: $n runs, $(du -m "$work/history.jsonl" | cut -f1) MB of JSON Lines"
start=$(date +%s.%N)
"$bin" history import --history "$url" "$work/history.jsonl"
echo "import: $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f s", e - s }')"

time_gate() {
  local label=$1; shift
  local times=()
  for _ in $(seq 10); do
    local s e; s=$(date +%s.%N)
    "$bin" gate "$work/current.json" --history "$url" "$@" > "$work/gate.out" || true
    e=$(date +%s.%N)
    times+=("$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", e - s }')")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v l="$label" '{ a[NR] = $1 } END { printf "gate %-32s median %.3f s, max %.3f s (10 runs)\n", l, a[int((NR + 1) / 2)], a[NR] }'
}
time_gate "(6 labels, ~1/480 match)"
grep -E "^result|control-plane" "$work/gate.out" | head -3
time_gate "--match plan (1/2 match)" --match plan
