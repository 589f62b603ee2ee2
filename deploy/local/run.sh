#!/usr/bin/env bash
# Starts the whole Gatehouse suite on this machine (docs/architecture.md §7 ports) with embedded PostgreSQL,
# Kafka and OIDC issuer, a demo echo target and a demo policy. Builds first when needed. Ctrl-C stops it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
. deploy/local/java-home.sh
gatehouse_select_java

JAR="$(ls deploy/local/target/local-stack-*-exec.jar 2>/dev/null | head -1 || true)"
if [ -z "$JAR" ] || [ -n "$(find shared-model pg-sql testkit services deploy/local/src pom.xml -newer "$JAR" -type f \
      \( -name '*.java' -o -name '*.xml' -o -name '*.yml' -o -name '*.yaml' -o -name '*.sql' -o -name '*.html' -o -name '*.json' -o -name '*.css' \) -print -quit)" ]; then
  echo "Building Gatehouse (tests skipped; run ./mvnw -B verify for them)..."
  ./mvnw -B -q -DskipTests -pl deploy/local -am install
  JAR="$(ls deploy/local/target/local-stack-*-exec.jar | head -1)"
fi

# C1 only starts fastest on small machines; GATEHOUSE_JAVA_OPTS overrides it (e.g. for benchmarks).
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" ${GATEHOUSE_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k} -jar "$JAR" "$@"
