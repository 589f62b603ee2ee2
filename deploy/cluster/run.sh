#!/usr/bin/env bash
# Starts Gatehouse shaped as production runs it, on this machine, no Docker: every service its own JVM from
# its built jar (two edge-proxy replicas), a three-broker Kafka cluster (KRaft, replication 3,
# min.insync.replicas 2), PostgreSQL servers as their own processes, the local issuer and the drills'
# echo target. Ports and files: deploy/cluster/README.md. Builds first when needed. Ctrl-C stops it.
#   GATEHOUSE_CLUSTER_HOME  where logs, pids and data go (default /tmp/gatehouse-cluster; cleared at start)
#   GATEHOUSE_JAVA_OPTS     the services' JVM options (default: a quick start, C1 only, 512 MB heap)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
. deploy/local/java-home.sh
gatehouse_select_java
command -v unshare >/dev/null || { echo "run.sh: needs unshare (util-linux) to run PostgreSQL as root" >&2; exit 1; }

SERVICES=services/policy-service,services/credential-vault,services/approval-service,services/audit-service,services/edge-proxy
stale() {
  for jar in services/{policy-service,credential-vault,approval-service,audit-service,edge-proxy}/target/*-exec.jar \
             deploy/cluster/target/classpath.txt; do
    [ -e "$jar" ] || return 0
    [ -z "$(find shared-model ledger-proof pg-sql mysql-sql testkit services deploy/cluster/src deploy/cluster/pom.xml pom.xml \
        -newer "$jar" -type f -not -path '*/target/*' \( -name '*.java' -o -name '*.xml' -o -name '*.yml' -o -name '*.yaml' -o -name '*.sql' \
        -o -name '*.html' -o -name '*.json' -o -name '*.css' \) -print -quit)" ] || return 0
  done
  return 1
}
if stale; then
  echo "Building Gatehouse (tests skipped; run ./mvnw -B verify for them)..."
  ./mvnw -B -q -DskipTests -pl "$SERVICES,deploy/cluster" -am install
fi

export GATEHOUSE_CLUSTER_HOME="${GATEHOUSE_CLUSTER_HOME:-/tmp/gatehouse-cluster}"
exec "$JAVA_HOME/bin/java" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dgatehouse.root="$ROOT" \
  -cp "deploy/cluster/target/classes:$(cat deploy/cluster/target/classpath.txt)" dev.gatehouse.cluster.Cluster "$@"
