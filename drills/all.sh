#!/usr/bin/env bash
# Runs the fault drills against the production-shaped cluster and regenerates docs/reliability.md from
# their figures. Starts deploy/cluster/run.sh first when no cluster is running (and stops it after).
#   DRILLS="broker-kill audit-kill"   a subset, in this order (default: every drill)
#   DRILL_SECONDS=40                  load per drill;  AUDIT_KILLS=10, BROKER_STALL=10 as the drills say
#   DRILL_DOC=0                       leave docs/reliability.md alone (CI's short run)
# Exit status 1 when any drill failed its check.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export GATEHOUSE_CLUSTER_HOME="${GATEHOUSE_CLUSTER_HOME:-/tmp/gatehouse-cluster}"
export DRILL_RESULTS="${DRILL_RESULTS:-$ROOT/drills/results}"
ALL="broker-kill brokers-two-kill broker-stall audit-kill audit-db-restart policy-kill vault-kill approval-kill proxy-kill"
DRILLS="${DRILLS:-$ALL}"
CLUSTER_LOG="${CLUSTER_LOG:-/tmp/gatehouse-cluster-run.log}"

command -v curl >/dev/null || { echo "drills: need curl (apt-get install curl, or deploy/test-tools.sh)" >&2; exit 1; }
cluster_pid=""
stop_cluster() {
  if [ -n "$cluster_pid" ] && kill -0 "$cluster_pid" 2>/dev/null; then
    echo "drills: stopping the cluster"
    kill -TERM "$cluster_pid"
    for _ in $(seq 60); do kill -0 "$cluster_pid" 2>/dev/null || break; sleep 1; done
  fi
}
trap stop_cluster EXIT

if ! curl -sf http://127.0.0.1:28080/actuator/health >/dev/null 2>&1 || [ ! -e "$GATEHOUSE_CLUSTER_HOME/ready" ]; then
  echo "drills: starting deploy/cluster/run.sh (log $CLUSTER_LOG)"
  rm -f "$GATEHOUSE_CLUSTER_HOME/ready"
  setsid deploy/cluster/run.sh > "$CLUSTER_LOG" 2>&1 &
  cluster_pid=$!
  deadline=$(( $(date +%s) + 900 ))
  until [ -e "$GATEHOUSE_CLUSTER_HOME/ready" ]; do
    if ! kill -0 "$cluster_pid" 2>/dev/null || [ "$(date +%s)" -gt "$deadline" ]; then
      echo "drills: the cluster did not start; its log:" >&2; tail -40 "$CLUSTER_LOG" >&2; exit 1
    fi
    sleep 2
  done
  grep -A9 "cluster is running" "$CLUSTER_LOG" || true
fi

mkdir -p "$DRILL_RESULTS"
failed=""
for drill in $DRILLS; do
  if ! "drills/$drill.sh"; then failed="$failed $drill"; fi
done

if [ "${DRILL_DOC:-1}" != 0 ]; then
  drills/report.sh $ALL > docs/reliability.md.new && mv docs/reliability.md.new docs/reliability.md
  echo "drills: docs/reliability.md regenerated"
fi
if [ -n "$failed" ]; then
  echo "drills FAILED:$failed" >&2
  exit 1
fi
echo "drills: all passed ($DRILLS)"
