#!/usr/bin/env bash
# Runs the JMH benchmarks of bench/ and prints their figures. Arguments go to JMH, e.g.
#   bench/jmh.sh PolicyDecisionBenchmark            (one benchmark class)
#   bench/jmh.sh MaskingThroughputBenchmark -f 1    (fewer forks)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/deploy/local/java-home.sh"
cd "$root"
./mvnw -B -q -pl bench -am install -DskipTests
cp_file="$(mktemp)"
./mvnw -B -q -pl bench dependency:build-classpath -Dmdep.outputFile="$cp_file"
exec "$JAVA_HOME/bin/java" -cp "bench/target/classes:$(cat "$cp_file")" org.openjdk.jmh.Main "$@"
