#!/usr/bin/env bash
# The drills' shared part: run the load through both proxies, inject one fault at a random moment, let the
# load finish, then check the targets' own logs against the trail (DrillCheck). Sourced by each drill.
#   DRILL_SECONDS   how long the load runs (default 40)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/deploy/local/java-home.sh"
gatehouse_select_java
export GATEHOUSE_CLUSTER_HOME="${GATEHOUSE_CLUSTER_HOME:-/tmp/gatehouse-cluster}"
PIDS="$GATEHOUSE_CLUSTER_HOME/pids"
RESULTS="${DRILL_RESULTS:-$ROOT/drills/results}"
DRILL_SECONDS="${DRILL_SECONDS:-40}"
CP="$ROOT/deploy/cluster/target/classes:$(cat "$ROOT/deploy/cluster/target/classpath.txt" 2>/dev/null || true)"
mkdir -p "$RESULTS"
command -v curl >/dev/null || { echo "drills: need curl (apt-get install curl, or deploy/test-tools.sh)" >&2; exit 1; }

# The ready file of a cluster stopped earlier stays behind: a drill also asks a proxy.
if [ ! -e "$GATEHOUSE_CLUSTER_HOME/ready" ] || ! curl -sf http://127.0.0.1:28080/actuator/health >/dev/null 2>&1; then
  echo "drills: no cluster is running (start deploy/cluster/run.sh, or drills/all.sh)" >&2; exit 1
fi

now_ms() { date +%s%3N; }
pid_of() { cat "$PIDS/$1.pid"; }

# Waits until NAME runs again under a new pid (the cluster restarts what dies) and, for a service, until it is healthy.
await_back() {
  local name="$1" old="$2" port="${3:-}" deadline=$(( $(date +%s) + 180 ))
  while [ ! -e "$PIDS/$name.pid" ] || [ "$(pid_of "$name")" = "$old" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "drills: $name did not come back" >&2; return 1; }
    sleep 0.2
  done
  if [ -n "$port" ]; then
    until curl -sf "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"UP"'; do
      [ "$(date +%s)" -lt "$deadline" ] || { echo "drills: $name is not healthy again" >&2; return 1; }
      sleep 0.5
    done
  fi
}

kill_and_await() {
  local name="$1" port="${2:-}" old
  old="$(pid_of "$name")"
  kill -9 "$old"
  echo "  $(date +%T) kill -9 $name (pid $old)"
  await_back "$name" "$old" "$port"
  echo "  $(date +%T) $name is back (pid $(pid_of "$name"))"
}

# run_drill NAME FAULT_FUNCTION: load, the fault after 20-40 % of the load, the check. Appends the RESULT line.
run_drill() {
  local name="$1" fault="$2" tag load_pid fault_start rc
  tag="$name-$(date +%H%M%S)"
  echo "drill $name: load for ${DRILL_SECONDS}s through both proxies (tag $tag)"
  "$JAVA_HOME/bin/java" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$CP" \
    dev.gatehouse.cluster.drill.DrillLoad "$tag" "$DRILL_SECONDS" "$RESULTS/$name.client.log" &
  load_pid=$!
  sleep "$(( DRILL_SECONDS * (20 + RANDOM % 21) / 100 ))"
  fault_start="$(now_ms)"
  "$fault"
  wait "$load_pid"
  echo "drill $name: load done; checking the trail against the targets' logs"
  set +e
  "$JAVA_HOME/bin/java" -Xmx256m -XX:+UseSerialGC -cp "$CP" dev.gatehouse.cluster.drill.DrillCheck \
    "$tag" "$RESULTS/$name.client.log" "$fault_start" "${DRILL_SPARED:-}" | tee "$RESULTS/$name.result"
  rc=${PIPESTATUS[0]}
  set -e
  return "$rc"
}
