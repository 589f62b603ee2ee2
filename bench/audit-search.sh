#!/usr/bin/env bash
# Audit search and ingest benchmarks (not JMH: they seed a database first). Prints p50/p95/p99 per query.
#   bench/audit-search.sh [events=1000000] [runs=200]     search over N seeded events
#   bench/audit-search.sh ingest [events=200000]          sustained Kafka -> PostgreSQL ingest rate
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/deploy/local/java-home.sh"
cd "$root"
./mvnw -B -q -pl bench -am install -DskipTests
cp_file="$(mktemp)"
./mvnw -B -q -pl bench dependency:build-classpath -Dmdep.outputFile="$cp_file"
main=dev.gatehouse.bench.audit.AuditSearchBenchmark
if [[ "${1:-}" == ingest ]]; then
  main=dev.gatehouse.bench.audit.AuditIngestBenchmark
  shift
fi
exec "$JAVA_HOME/bin/java" -Xmx1g -cp "bench/target/classes:$(cat "$cp_file")" "$main" "$@"
