#!/usr/bin/env bash
# MariaDB Connector/J point reads against the demo MariaDB directly and through Gatehouse's MySQL listener,
# side by side (dev.gatehouse.bench.mysql.MysqlJdbcBenchmark). Needs mariadbd (deploy/test-tools.sh).
#   bench/mysql-jdbc.sh [clients=4] [seconds=20]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/deploy/local/java-home.sh"
gatehouse_select_java
cd "$root"
./mvnw -B -q -pl bench -am install -DskipTests
cp_file="$(mktemp)"
./mvnw -B -q -pl bench dependency:build-classpath -Dmdep.outputFile="$cp_file"
exec "$JAVA_HOME/bin/java" -Xmx1g -Dlogging.level.root=WARN -cp "bench/target/classes:$(cat "$cp_file")" \
  dev.gatehouse.bench.mysql.MysqlJdbcBenchmark "$@"
