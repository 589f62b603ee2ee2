#!/usr/bin/env bash
# MariaDB Connector/J point reads against the demo MariaDB directly and through Gatehouse's MySQL listener,
# side by side (dev.gatehouse.bench.mysql.MysqlJdbcBenchmark), with client-side and with server-side
# prepared statements (useServerPrepStmts=true: COM_STMT_EXECUTE, binary rows). Needs mariadbd (deploy/test-tools.sh).
#   bench/mysql-jdbc.sh [clients=4] [seconds=20] [prepared=both|client|server]
#   NO_BUILD=1 bench/mysql-jdbc.sh ...   reuse the last build's classpath
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/deploy/local/java-home.sh"
gatehouse_select_java
cd "$root"
# Built in the reactor (package, not install: ~/.m2 may be shared), so the classpath names the sibling
# modules' jars under their target/ directories. With -am every module writes the file; bench is last.
cp_file="$root/bench/target/mysql-jdbc.classpath"
if [[ -z "${NO_BUILD:-}" || ! -s "$cp_file" ]]; then
  ./mvnw -B -q ${MAVEN_ARGS:-} -pl bench -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile="$cp_file"
fi
exec "$JAVA_HOME/bin/java" -Xmx1g -Dlogging.level.root=WARN -cp "bench/target/classes:$(cat "$cp_file")" \
  dev.gatehouse.bench.mysql.MysqlJdbcBenchmark "$@"
