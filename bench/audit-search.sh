#!/usr/bin/env bash
# Audit search and ingest benchmarks (not JMH: they seed a database first). Prints p50/p95/p99 per query.
#   bench/audit-search.sh [events=1000000] [runs=200]     search over N seeded events
#   bench/audit-search.sh ingest [events=200000]          sustained Kafka -> PostgreSQL ingest rate
#   bench/audit-search.sh ingest-lag [rate=10000] [seconds=60] [warmup=10]   consumer lag at a fixed offered rate
#   AUDIT_SERVICE_JAR=/tmp/old.jar bench/audit-search.sh ingest  an older audit-service build (before/after)
#   JAVA_OPTS='-XX:StartFlightRecording=...' bench/audit-search.sh ingest   extra JVM options (e.g. a JFR profile)
#   NO_BUILD=1 bench/audit-search.sh ...                                    reuse the last build's classpath
#   PIN=1 bench/audit-search.sh ingest        the JVM on CPU 0, its embedded PostgreSQL on CPU 1 (a database with a core
#                                             of its own, on two cores); needs taskset (Debian: util-linux)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/deploy/local/java-home.sh"
gatehouse_select_java
cd "$root"
# Built in the reactor (package, not install: ~/.m2 may be shared), so the classpath names the sibling
# modules' jars under their target/ directories. With -am every module writes the file; bench is last.
cp_file="$root/bench/target/audit-bench.classpath"
if [[ -z "${NO_BUILD:-}" || ! -s "$cp_file" ]]; then
  ./mvnw -B -q ${MAVEN_ARGS:-} -pl bench -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile="$cp_file"
fi
main=dev.gatehouse.bench.audit.AuditSearchBenchmark
case "${1:-}" in
  ingest) main=dev.gatehouse.bench.audit.AuditIngestBenchmark; shift ;;
  ingest-lag) main=dev.gatehouse.bench.audit.AuditIngestLagBenchmark; shift ;;
esac
classpath="$(cat "$cp_file")"
if [[ -n "${AUDIT_SERVICE_JAR:-}" ]]; then
  classpath="$(tr ':' '\n' <<<"$classpath" | sed "s|.*/services/audit-service/target/audit-service-[^/]*\.jar$|$AUDIT_SERVICE_JAR|" | paste -sd:)"
fi
java=("$JAVA_HOME/bin/java" -Xmx1g ${JAVA_OPTS:-} -cp "bench/target/classes:$classpath" "$main" "$@")
if [[ -z "${PIN:-}" ]]; then
  exec "${java[@]}"
fi
command -v taskset >/dev/null || { echo "PIN=1 needs taskset (Debian: apt-get install util-linux)" >&2; exit 1; }
taskset -c 0 "${java[@]}" &
jvm=$!
trap 'kill $jvm 2>/dev/null' INT TERM
# The embedded PostgreSQL daemonizes, so it is found by its binary's path and age (started after the JVM),
# then moved with every process it has forked; backends forked later inherit the postmaster's CPU.
while kill -0 "$jvm" 2>/dev/null; do
  for postmaster in $(pgrep -f '^/tmp/embedded-pg/.*/bin/postgres -D'); do
    if (( $(ps -o etimes= -p "$postmaster" 2>/dev/null || echo 999999) <= $(ps -o etimes= -p "$jvm" 2>/dev/null || echo 0) )); then
      for pid in "$postmaster" $(pgrep -P "$postmaster"); do taskset -a -p -c 1 "$pid" >/dev/null 2>&1 || true; done
    fi
  done
  sleep 1
done
wait "$jvm"
