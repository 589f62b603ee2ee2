#!/usr/bin/env bash
# Audit search and ingest benchmarks (not JMH: they seed a database first). Prints p50/p95/p99 per query.
#   bench/audit-search.sh [events=1000000] [runs=200]     search over N seeded events
#   bench/audit-search.sh ingest [events=200000]          sustained Kafka -> PostgreSQL ingest rate
#   bench/audit-search.sh ingest-lag [rate=10000] [seconds=60] [warmup=10]   consumer lag at a fixed offered rate
#   AUDIT_SERVICE_JAR=/tmp/old.jar bench/audit-search.sh ingest  an older audit-service build (before/after)
#   JAVA_OPTS='-XX:StartFlightRecording=...' bench/audit-search.sh ingest   extra JVM options (e.g. a JFR profile)
#   NO_BUILD=1 bench/audit-search.sh ...                                    reuse the last build's classpath
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
exec "$JAVA_HOME/bin/java" -Xmx1g ${JAVA_OPTS:-} -cp "bench/target/classes:$classpath" "$main" "$@"
