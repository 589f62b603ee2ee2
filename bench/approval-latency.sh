#!/usr/bin/env bash
# Approve -> held request reaches the target, p50/p90/p99 over N approvals (issue 6 target: p99 < 200 ms).
# Boots the whole suite in one JVM (embedded PostgreSQL, Kafka, OIDC issuer, demo policy) on random ports.
#   bench/approval-latency.sh [rounds=100] [warmup=20]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/deploy/local/java-home.sh"
gatehouse_select_java
cd "$root"
./mvnw -B -q -pl bench -am install -DskipTests
cp_file="$(mktemp)"
./mvnw -B -q -pl bench dependency:build-classpath -Dmdep.outputFile="$cp_file"
# The services log at WARN so the figures are not lost in start-up noise.
exec "$JAVA_HOME/bin/java" -Xmx1g -Dlogging.level.root=WARN -cp "bench/target/classes:$(cat "$cp_file")" \
  dev.gatehouse.bench.approval.ApprovalLatencyBenchmark "$@"
